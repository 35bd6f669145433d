"""Open-link answers on the demo's embedded database (SQLite), whose driver binds by position."""

from __future__ import annotations

from flask_migrate import upgrade
from sqlalchemy import select

from skm import create_app
from skm.extensions import db
from skm.platform.agencies.services import create_tenant
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.responses.models import Response
from skm.tenants.responses.services import local_today
from tests.conftest import app_config
from tests.respond_support import form, open_survey


def test_open_link_answers_are_stored_once_each_on_sqlite(tmp_path):
    app = create_app(app_config(f"sqlite:///{tmp_path / 'demo.sqlite3'}", REDIS_URL=None,
                                RATELIMIT_STORAGE_URI="memory://"))
    try:
        with app.app_context():
            upgrade()
            tenant = create_tenant("disdukcapil", "Disdukcapil Kabupaten Kotawaringin Timur")
            db.session.commit()
            survey = open_survey(tenant)
            url = f"/s/{tenant.slug}/{survey.public_code}"
        client = app.test_client()
        # the first answer freezes the questionnaire through the ORM; the next ones go through the answer engine
        for nonce, comment in (("a" * 22, "Cepat"), ("b" * 22, "Ramah"), ("b" * 22, "Ramah"), ("c" * 22, None)):
            assert client.post(url, data=form(nonce=nonce, comment=comment, U1="3")).status_code == 200
        with app.app_context(), tenant_scope(tenant.id):
            stored = db.session.scalars(select(Response).order_by(Response.id)).all()
            assert [(r.comment, r.a1, r.channel, r.submitted_on) for r in stored] == [
                (comment, 3, "open_link", local_today(tenant)) for comment in ("Cepat", "Ramah", None)]
            assert all(r.submitted_at is not None and r.submitted_at.tzinfo is not None for r in stored)
    finally:
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose()
