"""Report lifecycle through the API and the staff pages: queue, idempotency, download, isolation, expiry."""

from __future__ import annotations

import email
import io
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import update

from skm.extensions import db
from skm.platform.accounts.services import find_user
from skm.platform.data.db_types import utcnow
from skm.platform.data.tenancy import platform_scope, tenant_scope
from skm.tenants.invitations.models import Invitation
from skm.tenants.reports.models import Report
from skm.tenants.reports.schedules import send_scheduled, toggle_schedule
from skm.tenants.reports.services import build, purge_expired
from skm.tenants.surveys.models import Survey
from tests.conftest import INSPECTING, login


def api(survey_id: int, rest: str = "") -> str:
    return f"/api/v1/tenants/dpmptsp/surveys/{survey_id}/reports{rest}"


def run_build(tenant, report_id: int) -> None:
    """What the worker does with the queued task (here the task only reaches Redis)."""
    with tenant_scope(tenant.id):
        build(report_id)


def test_api_queues_deduplicates_serves_and_hides_from_other_tenants(client, small_survey, bearer, make_tenant,
                                                                     make_user):
    tenant, survey_id, _ = small_survey
    headers = bearer(find_user("staf@dpmptsp.id"))
    first = client.post(api(survey_id), json={"format": "csv"}, headers=headers)
    assert first.status_code == 202 and first.json["status"] == "queued"
    again = client.post(api(survey_id), json={"format": "csv"}, headers=headers)
    assert again.status_code == 202 and again.json["id"] == first.json["id"]
    report_id = first.json["id"]
    assert client.get(api(survey_id, f"/{report_id}/file"), headers=headers).status_code == 404
    run_build(tenant, report_id)
    status = client.get(api(survey_id, f"/{report_id}"), headers=headers).json
    assert status["status"] == "done" and status["progress"] == 100 and status["file_available"]
    download = client.get(api(survey_id, f"/{report_id}/file"), headers=headers)
    assert download.status_code == 200 and download.data.startswith(b"\xef\xbb\xbf")
    assert "attachment" in download.headers["Content-Disposition"]
    download.close()
    newer = client.post(api(survey_id), json={"format": "csv"}, headers=headers)
    assert newer.json["id"] != report_id  # a finished report is not reused: data may have changed

    other = make_tenant("pdam")
    make_user("admin@pdam.id", tenant=other, role="admin")
    outsider = bearer(find_user("admin@pdam.id"))
    for path in (api(survey_id, f"/{report_id}/file"), api(survey_id, f"/{report_id}")):
        assert client.get(path, headers=outsider).status_code == 404
        assert client.get(path.replace("dpmptsp", "pdam"), headers=outsider).status_code == 404


def test_api_rejects_unknown_format_naming_the_field(client, small_survey, bearer):
    _, survey_id, _ = small_survey
    response = client.post(api(survey_id), json={"format": "docx"}, headers=bearer(find_user("staf@dpmptsp.id")))
    assert response.status_code == 422 and "format" in response.json["errors"]["json"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Report)) == 0


def test_failing_build_is_marked_failed_with_an_actionable_reason(client, small_survey, bearer, monkeypatch):
    tenant, survey_id, _ = small_survey
    headers = bearer(find_user("staf@dpmptsp.id"))
    report_id = client.post(api(survey_id), json={"format": "summary-png"}, headers=headers).json["id"]
    monkeypatch.setattr("skm.tenants.reports.summary.shutil.which", lambda name: None)  # poppler not installed
    run_build(tenant, report_id)
    status = client.get(api(survey_id, f"/{report_id}"), headers=headers).json
    assert status["status"] == "failed" and "poppler-utils" in status["failure_reason"]
    assert client.get(api(survey_id, f"/{report_id}/file"), headers=headers).status_code == 404


def test_build_twice_is_a_no_op(small_survey):
    tenant, survey_id, _ = small_survey
    with tenant_scope(tenant.id):
        report = Report(survey_id=survey_id, format="csv")
        db.session.add(report)
        db.session.commit()
        build(report.id)
        key = db.session.get(Report, report.id).file_key
        build(report.id)
        db.session.expire_all()
        assert db.session.get(Report, report.id).file_key == key


def test_staff_pages_request_follow_and_download(client, small_survey):
    tenant, survey_id, _ = small_survey
    login(client, "staf@dpmptsp.id")
    page = client.get(f"/t/dpmptsp/surveys/{survey_id}/reports/")
    assert page.status_code == 200 and "Minta laporan" in page.text
    created = client.post(f"/t/dpmptsp/surveys/{survey_id}/reports/", data={"format": "xlsx", "language": "id"})
    assert created.status_code == 302
    status_url = created.headers["Location"]
    waiting = client.get(status_url)
    assert '<meta http-equiv="refresh" content="3">' in waiting.text and "<script" not in waiting.text
    report_id = int(status_url.rstrip("/").rsplit("/", 1)[1])
    assert client.get(f"{status_url}/file").status_code == 404
    run_build(tenant, report_id)
    done = client.get(status_url)
    assert "http-equiv" not in done.text and "Unduh berkas" in done.text
    file = client.get(f"{status_url}/file")
    assert file.status_code == 200 and file.data[:2] == b"PK"
    file.close()
    bad = client.post(f"/t/dpmptsp/surveys/{survey_id}/reports/", data={"format": "exe", "language": "id"})
    assert bad.status_code == 400


def test_expired_files_are_deleted(client, small_survey, bearer, storage_dir):
    tenant, survey_id, _ = small_survey
    headers = bearer(find_user("staf@dpmptsp.id"))
    report_id = client.post(api(survey_id), json={"format": "csv"}, headers=headers).json["id"]
    run_build(tenant, report_id)
    assert any(storage_dir.rglob("*.csv"))
    with platform_scope(INSPECTING):
        db.session.execute(update(Report).where(Report.id == report_id)
                           .values(expires_at=utcnow() - timedelta(hours=1)).execution_options(all_tenants=True))
        db.session.commit()
    assert purge_expired() == 1
    assert not any(storage_dir.rglob("*.csv"))
    assert client.get(api(survey_id, f"/{report_id}/file"), headers=headers).status_code == 404


def test_no_invitee_contact_in_exports(client, small_survey, bearer):
    tenant, survey_id, _ = small_survey
    with tenant_scope(tenant.id):
        db.session.add(Invitation(survey_id=survey_id, token_hash="f" * 64, email="rahasia.warga@mail.id",
                                  phone="+6281299998888", channel="email"))
        db.session.commit()
    headers = bearer(find_user("staf@dpmptsp.id"))
    for fmt_name in ("csv", "xlsx"):
        report_id = client.post(api(survey_id), json={"format": fmt_name}, headers=headers).json["id"]
        run_build(tenant, report_id)
        response = client.get(api(survey_id, f"/{report_id}/file"), headers=headers)
        content = response.data
        response.close()
        if fmt_name == "xlsx":
            import zipfile

            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                content = b"".join(archive.read(name) for name in archive.namelist())
        assert b"rahasia.warga" not in content and b"81299998888" not in content


def test_quarterly_schedule_builds_and_emails_admins_a_link(small_survey, make_user, app, data_app, tmp_path):
    tenant, survey_id, _ = small_survey
    make_user("kepala@dpmptsp.id", tenant=tenant, role="admin")
    data_app.config["SKM_OUTBOX_DIR"] = str(tmp_path / "outbox")
    with tenant_scope(tenant.id):
        toggle_schedule(db.session.get(Survey, survey_id))
        db.session.commit()
        schedule_id = db.session.scalar(db.text("SELECT id FROM report_schedules"))
        today = date.today() + timedelta(days=92)  # a quarter later: the schedule is due
        report = send_scheduled(schedule_id, today)
        assert report is not None and report.status == "done"
        assert send_scheduled(schedule_id, today) is None  # once per quarter
    mails = list(Path(tmp_path / "outbox").glob("*.eml"))
    assert len(mails) == 1
    message = email.message_from_bytes(mails[0].read_bytes())
    assert message["To"] == "kepala@dpmptsp.id"
    body = message.get_payload(decode=True).decode()
    assert f"/t/dpmptsp/surveys/{survey_id}/reports/{report.id}" in body
    assert "(Selesai)" in body and "(done)" not in body  # the status in words, not its code


def test_platform_admin_may_fetch_a_tenant_report_viewer_may_request(client, small_survey, bearer, make_user):
    tenant, survey_id, _ = small_survey
    make_user("pusat@kab.id", platform_admin=True)
    make_user("lihat@dpmptsp.id", tenant=tenant, role="viewer")
    viewer = bearer(find_user("lihat@dpmptsp.id"))
    report_id = client.post(api(survey_id), json={"format": "csv"}, headers=viewer).json["id"]
    run_build(tenant, report_id)
    admin = bearer(find_user("pusat@kab.id"))
    response = client.get(api(survey_id, f"/{report_id}/file"), headers=admin)
    assert response.status_code == 200
    response.close()
