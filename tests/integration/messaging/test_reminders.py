"""Reminders across days with an injected clock: first after N days, at most M, K days apart, quiet hours."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import update

from skm.extensions import db
from skm.platform.accounts.services import find_user
from skm.platform.agencies.models import Tenant
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.invitations.models import Invitation, ReminderPolicy
from skm.tenants.invitations.optout import contact_hash, record_opt_out
from skm.workers.reminders import within_sending_hours
from skm.workers.tasks.messages import dispatch_reminders, send_messages
from tests.integration.messaging.conftest import Clock


def _remind(app, clock, *when) -> list[str]:
    """Run beat's reminder dispatch at ``when`` (UTC); return who got a reminder."""
    clock.set(*when)
    before = len(app.sink.messages)
    with app.app_context():
        dispatch_reminders.apply()
    return sorted(m["To"] for m in app.sink.messages[before:])


def test_reminders_follow_the_policy_and_quiet_hours(mapp, sink, campaign, bearer):
    tenant, survey_id = campaign
    clock = Clock(datetime(2026, 3, 2, 2, 0, tzinfo=UTC))  # Monday 09:00 WIB
    app = mapp(REDIS_URL=None, SKM_CLOCK=clock)
    app.sink = sink
    with tenant_scope(tenant.id):
        db.session.add(ReminderPolicy(survey_id=survey_id, first_after_days=3, max_reminders=2, interval_days=2))
        db.session.commit()
    contacts = [{"email": f"{who}@mail.id"} for who in ("ani", "budi", "citra", "dewi")]
    answer = app.test_client().post(f"/api/v1/tenants/dpmptsp/surveys/{survey_id}/invitations", json=contacts,
                                    headers=bearer(find_user("staf@dpmptsp.id")))
    assert answer.json["counts"]["sent"] == 4 and len(sink.messages) == 4
    with tenant_scope(tenant.id):  # budi answered, citra's mail bounced, dewi opted out
        db.session.execute(update(Invitation).where(Invitation.email == "budi@mail.id")
                           .values(status="completed", completed_at=clock.at))
        db.session.execute(update(Invitation).where(Invitation.email == "citra@mail.id").values(status="bounced"))
        record_opt_out(contact_hash("dewi@mail.id"), "link", "dewi@mail.id")
        db.session.commit()

    assert _remind(app, clock, 2026, 3, 4, 3, 0) == []  # 2 days: too early
    assert _remind(app, clock, 2026, 3, 5, 13, 30) == []  # 3 days, but 20:30 WIB
    assert _remind(app, clock, 2026, 3, 5, 23, 30) == []  # 06:30 WIB
    assert _remind(app, clock, 2026, 3, 6, 1, 30) == ["ani@mail.id"]  # 08:30 WIB
    assert "Pengingat" in sink.messages[-1]["Subject"] and "-reminder1@" in sink.messages[-1]["Message-ID"]
    assert _remind(app, clock, 2026, 3, 6, 1, 45) == []  # the same day again
    assert _remind(app, clock, 2026, 3, 7, 3, 0) == []  # 1 day later: K is 2
    assert _remind(app, clock, 2026, 3, 8, 3, 0) == ["ani@mail.id"]
    assert _remind(app, clock, 2026, 3, 12, 3, 0) == []  # M is 2
    with tenant_scope(tenant.id):
        assert db.session.get(Invitation, 1).reminders_sent == 2


def test_a_reminder_queued_before_the_survey_closed_is_not_sent(mapp, sink, campaign, bearer):
    tenant, survey_id = campaign
    clock = Clock(datetime(2026, 3, 2, 2, 0, tzinfo=UTC))  # Monday 09:00 WIB
    app = mapp(REDIS_URL=None, SKM_CLOCK=clock)
    client, headers = app.test_client(), bearer(find_user("staf@dpmptsp.id"))
    url = f"/api/v1/tenants/dpmptsp/surveys/{survey_id}"
    client.post(f"{url}/invitations", json=[{"email": "ani@mail.id"}], headers=headers)
    assert len(sink.messages) == 1
    assert client.post(f"{url}/close", headers=headers).status_code == 200
    clock.set(2026, 3, 5, 3, 0)  # the first reminder is due (default: after 3 days); its task was queued before
    with app.app_context():
        send_messages.apply(kwargs={"tenant_id": tenant.id, "invitation_ids": [1], "kind": "reminder", "reminder": 1})
        dispatch_reminders.apply()
    assert len(sink.messages) == 1
    with tenant_scope(tenant.id):
        invitation = db.session.get(Invitation, 1)
        assert (invitation.status, invitation.reminders_sent) == ("sent", 0)


def test_reminders_stop_once_the_period_ended_in_the_tenants_date(mapp, sink, campaign, bearer):
    tenant, survey_id = campaign
    with tenant_scope(tenant.id):
        db.session.add(ReminderPolicy(survey_id=survey_id, first_after_days=1, max_reminders=3, interval_days=1))
        db.session.get(Tenant, tenant.id).timezone = "Asia/Jayapura"  # WIT, UTC+9
        db.session.commit()
    clock = Clock(datetime(2026, 3, 4, 23, 30, tzinfo=UTC))  # Thursday 08:30 WIT
    app = mapp(REDIS_URL=None, SKM_CLOCK=clock)
    app.sink = sink
    client, headers = app.test_client(), bearer(find_user("staf@dpmptsp.id"))
    url = f"/api/v1/tenants/dpmptsp/surveys/{survey_id}"
    assert client.patch(url, json={"ends_on": "2026-03-06"}, headers=headers).status_code == 200
    client.post(f"{url}/invitations", json=[{"email": "ani@mail.id"}], headers=headers)
    assert _remind(app, clock, 2026, 3, 5, 23, 30) == ["ani@mail.id"]  # Friday 08:30 WIT, the last day
    assert _remind(app, clock, 2026, 3, 6, 23, 30) == []  # Saturday 08:30 WIT (still Friday in UTC)


@pytest.mark.parametrize(("zone", "hour", "allowed"), [
    ("Asia/Jakarta", 0, False), ("Asia/Jakarta", 1, True), ("Asia/Jakarta", 12, True), ("Asia/Jakarta", 13, False),
    ("Asia/Makassar", 0, True), ("Asia/Makassar", 12, False), ("Asia/Jayapura", 23, True), ("Asia/Jayapura", 11, False),
])
def test_sending_hours_are_local_to_the_tenant(app, zone, hour, allowed):
    tenant = SimpleNamespace(timezone=zone, settings={})
    with app.app_context():
        assert within_sending_hours(tenant, datetime(2026, 3, 2, hour, 0, tzinfo=UTC)) is allowed
