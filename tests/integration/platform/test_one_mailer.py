"""Every kind of mail leaves through the one mailer and follows its one TLS rule.

A password link, a quarterly report link and a campaign invitation are sent to a real aiosmtpd
server that offers STARTTLS, one that does not, and one speaking implicit TLS (smtps://). The
servers use a self-signed certificate made here, which the client trusts through SSL_CERT_FILE.
"""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
import subprocess
from datetime import date, timedelta

import pytest
from aiosmtpd.controller import Controller

from skm.extensions import db
from skm.platform import mailer
from skm.platform.accounts.password_links import send_password_link
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.reports import services as report_services
from skm.tenants.reports.schedules import send_scheduled, toggle_schedule
from skm.tenants.surveys.models import Survey
from skm.workers.channels import Outgoing, sender_for
from tests.factories import make_survey


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = str(folder / "cert.pem"), str(folder / "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    return cert, key


class Recorder:
    """Keeps each received mail with its envelope recipients and whether the session was encrypted."""

    def __init__(self):
        self.mails: list[tuple[list[str], bool, email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 -- aiosmtpd hook name
        encrypted = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.mails.append((envelope.rcpt_tos, encrypted, message))
        return "250 OK"


@pytest.fixture(params=["starttls offered", "no starttls", "smtps"])
def server(request, certificate, monkeypatch, data_app):
    """(SMTP_URL, whether mail must arrive encrypted, the recorder); SMTP_URL is set on the test's app."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    tls = {"starttls offered": {"tls_context": context}, "no starttls": {}, "smtps": {"ssl_context": context}}
    recorder = Recorder()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(recorder, hostname="127.0.0.1", port=port, **tls[request.param])
    controller.start()
    url = f"{'smtps' if request.param == 'smtps' else 'smtp'}://127.0.0.1:{port}"
    monkeypatch.setenv("SSL_CERT_FILE", certificate[0])
    monkeypatch.setitem(data_app.config, "SMTP_URL", url)
    yield url, request.param != "no starttls", recorder
    mailer.reused(url, 20).close()
    controller.stop()


def test_password_report_and_campaign_mails_share_the_mailer_and_its_tls_rule(server, make_tenant, make_user,
                                                                              monkeypatch):
    url, encrypted, recorder = server
    subjects = []
    send = mailer.SmtpBackend.send
    monkeypatch.setattr(mailer.SmtpBackend, "send",
                        lambda backend, letter: subjects.append(letter.message["Subject"]) or send(backend, letter))
    tenant = make_tenant("dpmptsp", "DPMPTSP Kotawaringin Timur")

    send_password_link(make_user("baru@dpmptsp.id", tenant=tenant, role="staff"))
    _send_report_link(tenant, make_user("kepala@dpmptsp.id", tenant=tenant, role="admin"), monkeypatch)
    sender_for("email").send(Outgoing(
        invitation_id=7, kind="invitation", to="warga@mail.id", subject="Survei", text="Isi survei", html="<p>Isi</p>",
        sender_name="Dinas\r\nBcc: mata@mata.id", message_id="<skm-1-7-invitation@kotim.go.id>",
        unsubscribe_url="http://skm.test/u/x"))

    assert len(subjects) == 3  # each went through the one SMTP backend
    [(password_to, *password), (report_to, *report), (invitation_to, *invitation)] = recorder.mails
    assert [password_to, report_to, invitation_to] == [["baru@dpmptsp.id"], ["kepala@dpmptsp.id"], ["warga@mail.id"]]
    assert [password[0], report[0], invitation[0]] == [encrypted] * 3
    assert "Atur kata sandi" in password[1]["Subject"] and "/password/" in password[1].get_content()
    assert "/reports/" in report[1].get_content()
    message = invitation[1]
    assert message["Message-ID"] == "<skm-1-7-invitation@kotim.go.id>" and message["Bcc"] is None
    assert message["From"].addresses[0].display_name == "Dinas Bcc: mata@mata.id"  # one line, no injected header
    assert message["List-Unsubscribe"] == "<http://skm.test/u/x>"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]


def _send_report_link(tenant, admin, monkeypatch) -> None:
    """The quarterly schedule's mail, with the report's build itself left out (tested with the reports)."""
    monkeypatch.setattr(report_services, "build", lambda report_id: None)
    with tenant_scope(tenant.id):
        survey = make_survey()
        toggle_schedule(db.session.get(Survey, survey.id))
        db.session.commit()
        schedule_id = db.session.scalar(db.text("SELECT id FROM report_schedules"))
        assert send_scheduled(schedule_id, date.today() + timedelta(days=92)) is not None
