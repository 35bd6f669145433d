"""What the agency's settings change in its messages: sender name, phone channel, reminders and their hours."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from skm.extensions import db
from skm.platform.accounts.services import find_user
from skm.platform.agencies.models import Tenant
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.invitations.models import Invitation
from skm.tenants.settings.schemas import AgencySettingsSchema
from skm.tenants.settings.services import update_settings
from skm.workers.tasks.messages import dispatch_reminders
from tests.integration.messaging.conftest import Clock


def _settings(tenant, **values) -> None:
    with tenant_scope(tenant.id):
        update_settings(db.session.get(Tenant, tenant.id), AgencySettingsSchema(partial=True).load(values))
        db.session.commit()


def _invite(app, survey_id, bearer, rows) -> None:
    answer = app.test_client().post(f"/api/v1/tenants/dpmptsp/surveys/{survey_id}/invitations", json=rows,
                                    headers=bearer(find_user("staf@dpmptsp.id")))
    assert answer.status_code == 200, answer.json


def test_email_carries_the_sender_name(mapp, sink, campaign, bearer):
    tenant, survey_id = campaign
    _settings(tenant, sender_name="Layanan Perizinan Kotim")
    _invite(mapp(REDIS_URL=None), survey_id, bearer, [{"email": "ani@mail.id"}])
    assert sink.messages[-1]["From"].startswith("Layanan Perizinan Kotim <")


def test_phone_contacts_go_by_the_channel_the_agency_chose(mapp, campaign, bearer):
    tenant, survey_id = campaign
    _settings(tenant, whatsapp_phone_number_id="1099")  # set up, but SMS stays the channel until chosen
    app = mapp(REDIS_URL=None)
    _invite(app, survey_id, bearer, [{"phone": "081234567890"}])
    _settings(tenant, default_channel="whatsapp")
    _invite(app, survey_id, bearer, [{"phone": "081234567891"}, {"phone": "081234567892", "email": "c@mail.id"}])
    with tenant_scope(tenant.id):
        channels = dict(db.session.execute(select(Invitation.phone, Invitation.channel)).all())
    assert channels == {"+6281234567890": "sms", "+6281234567891": "whatsapp", "+6281234567892": "email"}


def test_reminders_follow_the_agency_when_the_survey_has_no_policy(mapp, sink, campaign, bearer):
    tenant, survey_id = campaign
    _settings(tenant, reminder_first_after_days=1, reminder_max=1, send_from_hour=10, send_until_hour=12)
    clock = Clock(datetime(2026, 3, 2, 2, 0, tzinfo=UTC))  # Monday 09:00 WIB
    app = mapp(REDIS_URL=None, SKM_CLOCK=clock)
    _invite(app, survey_id, bearer, [{"email": "ani@mail.id"}])

    def remind(*when) -> int:
        clock.set(*when)
        before = len(sink.messages)
        with app.app_context():
            dispatch_reminders.apply()
        return len(sink.messages) - before

    assert remind(2026, 3, 3, 2, 30) == 0  # a day later, 09:30 WIB: before the agency's 10:00
    assert remind(2026, 3, 3, 5, 30) == 0  # 12:30 WIB: after its 12:00
    assert remind(2026, 3, 3, 3, 30) == 1  # 10:30 WIB (the default policy would wait three days)
    assert remind(2026, 3, 6, 3, 30) == 0  # at most one
