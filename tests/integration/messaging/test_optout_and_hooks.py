"""Opt-out (one-click link, SMS STOP), provider callbacks, provider request shapes, retention."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from skm.extensions import db
from skm.platform.accounts.services import find_user
from skm.platform.agencies.models import Tenant
from skm.platform.data.db_types import utcnow
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.invitations.hooks import twilio_signature
from skm.tenants.invitations.models import Invitation, OptOut
from skm.tenants.responses.models import Response
from skm.tenants.surveys.models import Survey
from skm.workers.tasks.messages import dispatch_reminders, erase_contacts
from tests.factories import insert_rows, make_survey
from tests.integration.messaging.conftest import Clock


def _invite(app, survey_id, bearer, rows):
    answer = app.test_client().post(f"/api/v1/tenants/dpmptsp/surveys/{survey_id}/invitations", json=rows,
                                    headers=bearer(find_user("staf@dpmptsp.id")))
    assert answer.status_code == 200, answer.json
    return answer.json


def _status(tenant, **where) -> str:
    db.session.rollback()
    with tenant_scope(tenant.id):
        status = db.session.scalar(select(Invitation.status).filter_by(**where))
    db.session.rollback()
    return status


def test_opt_out_link_and_stop_stop_every_further_message(mapp, sink, gateway, campaign, bearer):
    tenant, survey_id = campaign
    clock = Clock(datetime(2026, 3, 2, 2, 0, tzinfo=UTC))
    app = mapp(REDIS_URL=None, SKM_CLOCK=clock, WTF_CSRF_ENABLED=True)
    _invite(app, survey_id, bearer, [{"email": "ani@mail.id"}, {"phone": "081234567890"}])
    assert len(sink.messages) == 1 and len(gateway.requests) == 1
    link = re.search(r"<(http://skm\.test(/u/[^>]+))>", sink.messages[0]["List-Unsubscribe"]).group(2)
    client = app.test_client()
    assert "Ya, berhenti" in client.get(link).get_data(as_text=True)
    one_click = client.post(link, data={"List-Unsubscribe": "One-Click"})  # as a mail provider does: no CSRF token
    assert one_click.status_code == 200 and "tidak akan menerima" in one_click.get_data(as_text=True)
    assert _status(tenant, email="ani@mail.id") == "opted_out"
    assert client.post(link[:-3] + "xyz").status_code == 404

    stop = {"from": "+6281234567890", "message": " STOP "}
    assert client.post("/hooks/sms/inbound", json=stop).status_code == 403
    assert client.post("/hooks/sms/inbound", json=stop, headers={"X-SKM-Webhook-Secret": "wrong"}).status_code == 403
    answer = client.post("/hooks/sms/inbound", json=stop, headers={"X-SKM-Webhook-Secret": "hook-secret"})
    assert answer.json == {"opted_out": 1}
    assert _status(tenant, phone="+6281234567890") == "opted_out"

    clock.set(2026, 3, 9, 3, 0)
    with app.app_context():
        dispatch_reminders.apply()
    assert len(sink.messages) == 1 and len(gateway.requests) == 1
    with tenant_scope(tenant.id):
        assert db.session.scalar(select(OptOut.contact_hash)) is not None
        other = make_survey("SKM 2027").id
        db.session.commit()
    again = _invite(app, other, bearer, [{"email": "ani@mail.id"}, {"phone": "0812-3456-7890"}])
    assert again["invited"] == 0 and len(again["rejected"]) == 2


def test_delivery_callbacks_of_the_generic_gateway(mapp, gateway, campaign, bearer):
    tenant, survey_id = campaign
    app = mapp(REDIS_URL=None)
    _invite(app, survey_id, bearer, [{"phone": "081234567890"}, {"phone": "081234567891"}])
    client = app.test_client()
    secret = {"X-SKM-Webhook-Secret": "hook-secret"}
    assert client.post("/hooks/sms/status", json={"id": "gw-1", "status": "delivered"}).status_code == 403
    assert client.post("/hooks/sms/status", json={"id": "gw-1", "status": "delivered"}, headers=secret).json == {
        "updated": 1}
    assert client.post("/hooks/sms/status", json={"id": "gw-2", "status": "bounced"}, headers=secret).json == {
        "updated": 1}
    assert _status(tenant, phone="+6281234567890") == "delivered"
    assert _status(tenant, phone="+6281234567891") == "bounced"


def test_twilio_request_shape_and_signed_status_callback(mapp, gateway, campaign, bearer):
    tenant, survey_id = campaign
    app = mapp(REDIS_URL=None, SMS_BACKEND="twilio", TWILIO_BASE_URL=gateway.url, TWILIO_ACCOUNT_SID="AC123",
               TWILIO_AUTH_TOKEN="twilio-token", TWILIO_FROM="+15005550006")
    gateway.default = (201, {"sid": "SM42", "status": "queued"})
    _invite(app, survey_id, bearer, [{"phone": "081234567890"}])
    (sent,) = gateway.requests
    assert sent["path"] == "/2010-04-01/Accounts/AC123/Messages.json"
    assert sent["headers"]["Authorization"] == "Basic QUMxMjM6dHdpbGlvLXRva2Vu"
    assert sent["body"]["To"] == "+6281234567890" and sent["body"]["From"] == "+15005550006"
    assert sent["body"]["StatusCallback"] == "http://skm.test/hooks/twilio/status"
    assert "/r/" in sent["body"]["Body"]
    form = {"MessageSid": "SM42", "MessageStatus": "undelivered"}
    client = app.test_client()
    assert client.post("/hooks/twilio/status", data=form, headers={"X-Twilio-Signature": "forged"}).status_code == 403
    signature = twilio_signature("http://skm.test/hooks/twilio/status", form, "twilio-token")
    assert client.post("/hooks/twilio/status", data=form, headers={"X-Twilio-Signature": signature}).status_code == 204
    assert _status(tenant, phone="+6281234567890") == "bounced"


@pytest.mark.parametrize(("answer", "status"), [({"messageId": "z1", "status": "1", "text": "Success"}, "sent"),
                                                ({"status": "0", "text": "Nomor tidak valid"}, "failed")])
def test_zenziva_request_shape(mapp, gateway, campaign, bearer, answer, status):
    tenant, survey_id = campaign
    app = mapp(REDIS_URL=None, SMS_BACKEND="zenziva", ZENZIVA_URL=f"{gateway.url}/reguler/api/sendsms/",
               ZENZIVA_USERKEY="uk", ZENZIVA_PASSKEY="pk")
    gateway.default = (200, answer)
    _invite(app, survey_id, bearer, [{"phone": "+6281234567890"}])
    (sent,) = gateway.requests
    assert sent["path"] == "/reguler/api/sendsms/"
    assert {k: sent["body"][k] for k in ("userkey", "passkey", "to")} == {"userkey": "uk", "passkey": "pk",
                                                                        "to": "081234567890"}
    assert _status(tenant, phone="+6281234567890") == status


def test_whatsapp_template_message(mapp, gateway, campaign, bearer):
    tenant, survey_id = campaign
    with tenant_scope(tenant.id):
        db.session.execute(update(Tenant).where(Tenant.id == tenant.id).values(settings={
            "whatsapp_phone_number_id": "1099", "whatsapp_template": "skm_undangan"}))
        db.session.commit()
    app = mapp(REDIS_URL=None, WHATSAPP_BASE_URL=gateway.url, WHATSAPP_TOKEN="wa-token")
    gateway.default = (200, {"messages": [{"id": "wamid.1"}]})
    _invite(app, survey_id, bearer, [{"phone": "081234567890", "language": "en"}])
    (sent,) = gateway.requests
    assert sent["path"] == "/1099/messages" and sent["headers"]["Authorization"] == "Bearer wa-token"
    body = sent["body"]
    assert body["to"] == "6281234567890" and body["type"] == "template"
    assert body["template"]["name"] == "skm_undangan" and body["template"]["language"] == {"code": "en"}
    tenant_name, link = (p["text"] for p in body["template"]["components"][0]["parameters"])
    assert tenant_name == "DPMPTSP Kotawaringin Timur" and link.startswith("http://skm.test/r/")
    assert _status(tenant, phone="+6281234567890") == "sent"


def test_contacts_are_erased_after_the_retention_period_and_answers_stay(mapp, campaign, bearer):
    tenant, survey_id = campaign
    app = mapp(REDIS_URL=None)
    _invite(app, survey_id, bearer, [{"email": "ani@mail.id", "name": "Ani"}])
    with tenant_scope(tenant.id):
        recent = make_survey("Baru ditutup")
        db.session.add(Invitation(survey_id=recent.id, token_hash="f" * 64, email="budi@mail.id", channel="email"))
        survey = db.session.get(Survey, survey_id)
        insert_rows(survey, [{"U1": 4}], tenant.id)
        survey.status, survey.closed_at = "closed", utcnow() - timedelta(days=31)
        recent.status, recent.closed_at = "closed", utcnow() - timedelta(days=29)
        db.session.commit()
    with app.app_context():
        assert erase_contacts.apply().get() == 1
    with tenant_scope(tenant.id):
        erased, kept = db.session.scalars(select(Invitation).order_by(Invitation.id)).all()
        assert (erased.email, erased.name, erased.erased_at is not None) == (None, None, True)
        assert kept.email == "budi@mail.id"
        assert db.session.scalar(select(Survey.id).where(Survey.id == survey_id)) == survey_id
    with tenant_scope(tenant.id):
        assert db.session.scalar(select(Response.id)) is not None
