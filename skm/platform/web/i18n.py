"""Language choice: Indonesian first, English on request (``?lang=en``).

Staff pages keep the choice in the session. Resident pages keep no session (see
skm/tenants/respond/visit_key.py): their links and forms carry ``?lang=`` instead.
"""

from __future__ import annotations

from flask import Flask, has_request_context, request, session
from flask_babel import get_locale

from skm.platform.web import labels
from skm.platform.web.sessions import SESSIONLESS_BLUEPRINTS

LANGUAGES = ("id", "en")


def select_locale() -> str:
    if not has_request_context():
        return "id"  # workers render in Indonesian unless they force a locale
    requested = request.args.get("lang")
    if request.blueprint in SESSIONLESS_BLUEPRINTS:
        return requested if requested in LANGUAGES else "id"
    if requested in LANGUAGES:
        session["lang"] = requested
        return requested
    return session.get("lang", "id")


def init_app(app: Flask) -> None:
    labels.register(app)

    @app.context_processor
    def _language() -> dict:
        return {"current_lang": str(get_locale() or "id"), "languages": LANGUAGES}
