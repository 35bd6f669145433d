"""Reading the audit trail (who sees what, filters, CSV) and keeping it append-only."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg
import pytest
from flask import current_app
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from skm.extensions import db
from skm.platform.audit import AuditEntry, record
from skm.platform.data.tenancy import ALL_TENANTS, platform_scope, tenant_scope
from skm.workers.tasks.audit import prune_audit_log
from tests.conftest import INSPECTING, login


@pytest.fixture
def two_agencies(make_tenant, make_user, bearer, owner_database_url):
    """alpha and beta, each with an admin and a staff member, and one survey entry each."""
    alpha, beta = make_tenant("alpha"), make_tenant("beta")
    users = {
        "alpha_admin": make_user("admin@alpha.id", tenant=alpha, role="admin"),
        "alpha_staff": make_user("staf@alpha.id", tenant=alpha, role="staff"),
        "beta_admin": make_user("admin@beta.id", tenant=beta, role="admin"),
        "platform": make_user("pusat@kotim.id", platform_admin=True),
    }
    headers = {name: bearer(user) for name, user in users.items()}
    db.session.commit()
    with psycopg.connect(owner_database_url, autocommit=True) as owner:  # the owner's privilege
        owner.execute("TRUNCATE platform_audit_log")  # start from the three entries below
    for tenant in (alpha, beta):
        with tenant_scope(tenant.id):
            record("survey.opened", target=("survey", 7), actor=users[f"{tenant.slug}_admin"])
            db.session.commit()
    record("auth.sign_in_failed", actor="penyusup@luar.id", reason="unknown_email", via="form")
    db.session.commit()
    return headers


def _actions(answer) -> list[tuple[str, str | None]]:
    return [(e["action"], e["tenant"]) for e in answer.get_json()]


def test_a_tenant_admin_sees_only_their_tenants_entries(client, two_agencies):
    answer = client.get("/api/v1/tenants/alpha/audit", headers=two_agencies["alpha_admin"])
    assert answer.status_code == 200
    entries = answer.get_json()
    assert {e["tenant"] for e in entries} == {"alpha"}  # no beta entry, no platform-wide entry
    assert ("survey.opened", "alpha") in _actions(answer)
    opened = next(e for e in entries if e["action"] == "survey.opened")
    assert opened["actor"] == "admin@alpha.id" and opened["target"] == {"type": "survey", "id": 7}
    assert set(opened) >= {"at", "actor", "action", "tenant", "target", "ip", "detail"}


def test_another_tenants_audit_is_404_and_staff_may_not_read_it(client, two_agencies):
    assert client.get("/api/v1/tenants/beta/audit", headers=two_agencies["alpha_admin"]).status_code == 404
    assert client.get("/api/v1/tenants/alpha/audit", headers=two_agencies["alpha_staff"]).status_code == 403
    assert client.get("/api/v1/audit", headers=two_agencies["alpha_admin"]).status_code == 403


def test_the_tenant_page_shows_only_the_tenants_entries(client, two_agencies):
    login(client, "admin@alpha.id")
    page = client.get("/t/alpha/audit/")
    assert page.status_code == 200 and "Jejak audit" in page.text
    assert "admin@alpha.id" in page.text
    assert "admin@beta.id" not in page.text and "penyusup@luar.id" not in page.text
    assert client.get("/t/alpha/audit/?lang=en").text.count("Audit trail") >= 1


def test_a_platform_admin_sees_every_entry(client, two_agencies):
    answer = client.get("/api/v1/audit", headers=two_agencies["platform"])
    assert {("survey.opened", "alpha"), ("survey.opened", "beta"), ("auth.sign_in_failed", None)} <= set(
        _actions(answer))
    failed = next(e for e in answer.get_json() if e["action"] == "auth.sign_in_failed")
    assert failed["actor"] == "penyusup@luar.id" and failed["detail"]["reason"] == "unknown_email"
    login(client, "pusat@kotim.id")
    page = client.get("/admin/audit/")
    assert "penyusup@luar.id" in page.text and "admin@beta.id" in page.text


def test_filters_by_action_family_person_and_dates(client, two_agencies):
    headers = two_agencies["platform"]
    only = client.get("/api/v1/audit?action=survey.opened", headers=headers).get_json()
    assert {e["action"] for e in only} == {"survey.opened"} and len(only) == 2
    family = client.get("/api/v1/audit?action=auth", headers=headers).get_json()
    assert {e["action"] for e in family} == {"auth.sign_in_failed"}
    person = client.get("/api/v1/audit?actor=ADMIN@beta.id", headers=headers).get_json()
    assert [(e["action"], e["tenant"]) for e in person] == [("survey.opened", "beta")]
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()  # the platform's audit days are WIB days
    assert len(client.get(f"/api/v1/audit?from={today}&to={today}", headers=headers).get_json()) >= 3
    tomorrow = today + timedelta(days=2)
    assert client.get(f"/api/v1/audit?from={tomorrow}", headers=headers).get_json() == []


def test_bad_filters_are_422_naming_the_field(client, two_agencies):
    headers = two_agencies["platform"]
    bad_date = client.get("/api/v1/audit?from=kemarin", headers=headers)
    assert bad_date.status_code == 422 and "from" in bad_date.get_json()["errors"]["query"]
    backwards = client.get("/api/v1/audit?from=2026-05-02&to=2026-05-01", headers=headers)
    assert backwards.status_code == 422 and "to" in backwards.get_json()["errors"]["query"]
    ancient = client.get("/api/v1/audit?from=0001-01-01&to=9999-12-31", headers=headers)
    assert ancient.status_code == 422 and {"from", "to"} <= set(ancient.get_json()["errors"]["query"])
    unknown = client.get("/api/v1/audit?action=survey.deleted", headers=headers)
    assert unknown.status_code == 422 and "action" in unknown.get_json()["errors"]["query"]
    login(client, "admin@alpha.id")
    page = client.get("/t/alpha/audit/?start=2026-05-02&end=2026-05-01")
    assert page.status_code == 400 and "Tanggal akhir tidak boleh sebelum tanggal awal." in page.text
    ancient = client.get("/t/alpha/audit/?start=0001-01-01")
    assert ancient.status_code == 400 and "Pilih tanggal antara 2000-01-01 dan 2100-12-31." in ancient.text


def test_csv_export_holds_the_tenants_entries_and_is_itself_audited(client, two_agencies):
    answer = client.get("/api/v1/tenants/alpha/audit?format=csv", headers=two_agencies["alpha_admin"])
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert {row["tenant"] for row in rows} == {"alpha"}
    assert {row["action"] for row in rows} == {"survey.opened", "audit.exported"}
    assert next(r for r in rows if r["action"] == "survey.opened")["target"] == "survey:7"


def test_csv_neutralises_formulas_in_a_tried_address(client, two_agencies):
    record("auth.sign_in_failed", actor="=HYPERLINK(\"http://x\")", reason="unknown_email", via="form")
    db.session.commit()
    body = client.get("/api/v1/audit?format=csv&action=auth", headers=two_agencies["platform"]).get_data(as_text=True)
    assert "'=HYPERLINK" in body


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "POST"])
def test_no_route_changes_an_entry(client, two_agencies, method):
    for path in ("/api/v1/audit", "/api/v1/tenants/alpha/audit"):
        assert client.open(path, method=method, headers=two_agencies["platform"], json={}).status_code == 405


def _application_connection(app):
    """A connection as the application's own database role (the URL the app runs with).

    In the platform scope, so that row security lets every entry through to the trigger that refuses it.
    """
    url = app.config["SQLALCHEMY_DATABASE_URI"].replace("postgresql+psycopg://", "postgresql://")
    return psycopg.connect(url, options="-c skm.scope=platform")


def test_the_database_refuses_update_and_delete_of_entries(app, two_agencies):
    with _application_connection(app) as conn:
        for statement in ("UPDATE platform_audit_log SET action = 'survey.closed'",
                          "DELETE FROM platform_audit_log"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                conn.execute(statement)
            conn.rollback()
        assert conn.execute("SELECT count(*) FROM platform_audit_log").fetchone()[0] == 3


def test_the_orm_cannot_change_an_entry_either(two_agencies):
    with tenant_scope(db.session.scalar(text("SELECT id FROM platform_tenants WHERE slug = 'alpha'"))):
        entry = db.session.scalar(select(AuditEntry))
        entry.action = "survey.closed"
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.commit()
    db.session.rollback()


def _age(days: int) -> None:
    """Back-date the sign-in failure (as if written ``days`` ago): the trigger is lifted for this setup only.

    As the tables' owner (only the owner may lift a trigger), in the platform scope (row security binds the owner too).
    """
    db.session.commit()
    owner_url = current_app.config["SKM_MIGRATION_DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(owner_url, options="-c skm.scope=platform") as owner:
        owner.execute("ALTER TABLE platform_audit_log DISABLE TRIGGER platform_audit_log_append_only")
        owner.execute("UPDATE platform_audit_log SET created_at = now() - make_interval(days => %s) "
                      "WHERE action = 'auth.sign_in_failed'", (days,))
        owner.execute("ALTER TABLE platform_audit_log ENABLE TRIGGER platform_audit_log_append_only")


def _count() -> int:
    with platform_scope(INSPECTING):
        return db.session.scalar(select(func.count()).select_from(AuditEntry).execution_options(**ALL_TENANTS))


def test_prune_deletes_only_entries_older_than_the_retention(app, two_agencies, data_app):
    _age(2 * 365 + 1)
    assert prune_audit_log.run() == 1  # what the beat task runs
    assert _count() == 2
    with platform_scope(INSPECTING):
        assert db.session.scalar(select(AuditEntry.action).execution_options(**ALL_TENANTS)) == "survey.opened"
    # the opening closed with the prune's transaction
    with _application_connection(app) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("DELETE FROM platform_audit_log")


def test_the_retention_is_configurable(two_agencies, data_app, monkeypatch):
    _age(40)
    assert prune_audit_log.run() == 0
    monkeypatch.setitem(data_app.config, "SKM_AUDIT_RETENTION_DAYS", 30)
    assert prune_audit_log.run() == 1


def test_a_setting_for_one_instant_does_not_open_younger_entries(app, two_agencies):
    with _application_connection(app) as conn:
        conn.execute("SELECT set_config('skm.audit_prune_before', '2000-01-01T00:00:00+00:00', true)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM platform_audit_log")
