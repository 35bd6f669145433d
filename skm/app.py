"""The application factory: it only wires."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from skm.config import from_environment
from skm.extensions import api, babel, csrf, db, limiter, login_manager, migrate
from skm.platform.inputs import guards as input_guards
from skm.tenants.responses import answer_engine

ROOT = Path(__file__).resolve().parent.parent  # templates/, static/, migrations/, translations/


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create and configure the Flask application."""
    app = Flask("skm", template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"),
                instance_path=os.environ.get("SKM_INSTANCE_PATH") or str(ROOT / "instance"))
    app.config.update(from_environment(app.instance_path))
    if config:
        app.config.update(config)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(ROOT / "translations")
    binds = answer_engine.bind_options(app.config)  # after any override of the database URL
    app.config["SQLALCHEMY_BINDS"] = {**binds, **app.config.get("SQLALCHEMY_BINDS", {})}
    input_guards.install(app)  # before any route is added

    import skm.models  # noqa: F401  -- every model mapped before Alembic or the mappers look
    import skm.platform.data.row_security  # noqa: F401  -- its session events name each transaction's tenant

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    api.init_app(app)

    from skm.platform.web import i18n, security, sessions
    from skm.platform.web.blueprints import register_blueprints
    from skm.workers.celery_app import celery_init_app

    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    security.init_app(app)
    sessions.init_app(app)
    register_blueprints(app)
    celery_init_app(app)
    _trust_proxies(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind ``SKM_PROXY_COUNT`` reverse proxies, take the client's address and scheme from their headers.

    Rate limits count per client address: without this, every resident behind the proxy would
    share one count. With no proxy configured the headers are ignored, so a client cannot spoof
    its way past a limit.
    """
    if count := app.config["SKM_PROXY_COUNT"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
