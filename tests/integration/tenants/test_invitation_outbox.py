"""In the outbox mode the invitations page says where the messages went instead of "sent"."""

from __future__ import annotations

from tests.conftest import login
from tests.respond_support import invite, open_survey


def _staff_client(app, make_tenant, make_user):
    tenant = make_tenant("dpmptsp", "DPMPTSP")
    make_user("staf@dpmptsp.id", tenant=tenant, role="staff")
    client = app.test_client()
    login(client, "staf@dpmptsp.id")
    return tenant, client


def test_outbox_mode_names_the_folders_and_the_message_is_there(make_app, make_tenant, make_user, tmp_path):
    outbox = tmp_path / "outbox"
    app = make_app(REDIS_URL=None, SMTP_URL=None, SMS_BACKEND="outbox", SKM_OUTBOX_DIR=str(outbox))
    tenant, client = _staff_client(app, make_tenant, make_user)
    survey = open_survey(tenant)
    invite(tenant, survey, email="ani@mail.id")
    page = client.post(f"/t/dpmptsp/surveys/{survey.id}/invitations/send", follow_redirects=True).get_data(as_text=True)
    assert f"1 undangan diproses. Mode demo: pesan tidak sampai ke warga, tetapi ditulis ke {outbox / 'email'}, " \
           f"{outbox / 'sms'}." in page
    assert "undangan dikirim" not in page
    assert "Mode demo: pesan tidak dikirim" in page
    assert f"Email: <code>{outbox / 'email'}</code>" in page and f"SMS: <code>{outbox / 'sms'}</code>" in page
    [written] = (outbox / "email").iterdir()
    assert "ani@mail.id" in written.read_text()


def test_real_senders_get_no_outbox_notice(make_app, make_tenant, make_user):
    app = make_app(SMTP_URL="smtp://127.0.0.1:2525", SMS_BACKEND="http", SMS_HTTP_URL="http://127.0.0.1:9/sms")
    tenant, client = _staff_client(app, make_tenant, make_user)
    survey = open_survey(tenant)
    page = client.get(f"/t/dpmptsp/surveys/{survey.id}/invitations/").get_data(as_text=True)
    assert "Mode demo" not in page and "<code>" not in page
