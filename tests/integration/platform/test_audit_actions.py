"""Every audited action, done the way a user does it, leaves exactly its entry.

The table covers the whole catalogue: an action added to ``ACTIONS`` fails
``test_every_action_has_a_case`` until it has a row here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from skm.extensions import db
from skm.platform.accounts.password_links import make_token
from skm.platform.accounts.services import set_active
from skm.platform.agencies.services import set_status
from skm.platform.audit import ACTIONS, AuditEntry
from skm.platform.data.tenancy import ALL_TENANTS, platform_scope, tenant_scope
from skm.tenants.questionnaires.models import Questionnaire
from skm.tenants.questionnaires.services import copy_questionnaire, freeze, standard_questionnaire
from skm.tenants.responses.services import local_today
from tests.conftest import INSPECTING, PASSWORD, login
from tests.factories import make_report, make_survey

NEW_PASSWORD = "Sandi-Baru-2026"


@dataclass
class World:
    """One agency ``alpha`` with an admin, a staff member, a platform admin and something of everything."""

    client: object
    tenant: object
    admin: dict
    staff: dict
    platform: dict
    ids: dict = field(default_factory=dict)

    def api(self, method: str, path: str, who: str = "admin", **kwargs):
        return self.client.open(f"/api/v1{path}", method=method, headers=getattr(self, who), **kwargs)

    def in_tenant(self, build):
        with tenant_scope(self.tenant.id):
            value = build()
            db.session.commit()
        return value


@pytest.fixture
def world(client, make_tenant, make_user, bearer, storage_dir) -> World:
    tenant = make_tenant("alpha")
    admin = make_user("admin@alpha.id", tenant=tenant, role="admin")
    staff = make_user("staf@alpha.id", tenant=tenant, role="staff")
    platform = make_user("pusat@kotim.id", platform_admin=True)
    found = World(client, tenant, bearer(admin), bearer(staff), bearer(platform))
    found.ids.update(admin=admin.id, staff=staff.id)
    return found


def _open_survey(w: World, title: str = "Buka"):
    def build():
        survey = make_survey(title)
        survey.ends_on = local_today(w.tenant) + timedelta(days=30)
        return survey
    return w.in_tenant(build)


def _copy(w: World, frozen: bool = False) -> Questionnaire:
    def build():
        copy = copy_questionnaire(standard_questionnaire(), "Salinan")
        if frozen:
            freeze(copy)
        return copy
    return w.in_tenant(build)


def _upload(w: World):
    survey = _open_survey(w)
    w.api("POST", f"/tenants/alpha/surveys/{survey.id}/invitations?send=false", json=[{"email": "warga@mail.id"}])
    return survey


def _reset_link(w: World) -> str:
    from skm.platform.accounts.models import User

    return f"/password/{make_token(db.session.get(User, w.ids['staff']), 'reset')}"


def _suspended(w: World) -> None:
    set_status(w.tenant, "suspended")
    db.session.commit()


def _deactivated_staff(w: World) -> None:
    from skm.platform.accounts.models import User

    set_active(db.session.get(User, w.ids["staff"]), False)
    db.session.commit()


def _mall(w: World) -> str:
    from skm.platform.malls.services import create_mall

    create_mall("mpp", "MPP Sampit", counters=[{"tenant": "alpha"}])
    db.session.commit()
    return "mpp"


def _report(w: World, fmt: str) -> str:
    report = w.in_tenant(lambda: make_report(make_survey("Laporan"), fmt))
    return f"/tenants/alpha/surveys/{report.survey_id}/reports/{report.id}/file"


#: action → (preparation returning what the step needs, the step as a user does it,
#: the entries the step leaves when that is more than the action itself)
CASES = {
    "auth.signed_in": (None, lambda w, _: login(w.client, "admin@alpha.id"), None),
    "auth.sign_in_failed": (None, lambda w, _: login(w.client, "admin@alpha.id", "Salah-Sandi-1"), None),
    "token.issued": (None, lambda w, _: w.client.post(
        "/api/v1/auth/token", json={"email": "staf@alpha.id", "password": PASSWORD}), None),
    "token.revoked": (None, lambda w, _: w.api("DELETE", "/auth/token", "staff"), None),
    "password.reset_requested": (None, lambda w, _: w.client.post(
        "/password/forgot", data={"email": "staf@alpha.id"}), None),
    "password.reset": (_reset_link, lambda w, path: w.client.post(
        path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}), None),
    "password.changed": (None, lambda w, _: w.api("POST", "/users/me/password", "staff", json={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD}), None),
    "user.added": (None, lambda w, _: w.api("POST", "/tenants/alpha/users", json={
        "email": "pegawai@alpha.id", "name": "Pegawai", "role": "viewer", "password": NEW_PASSWORD}), None),
    "user.role_changed": (None, lambda w, _: w.api(
        "PATCH", f"/tenants/alpha/users/{w.ids['staff']}", json={"role": "viewer"}), None),
    "user.deactivated": (None, lambda w, _: w.api(
        "PATCH", f"/tenants/alpha/users/{w.ids['staff']}", json={"active": False}), None),
    "user.reactivated": (_deactivated_staff, lambda w, _: w.api(
        "PATCH", f"/tenants/alpha/users/{w.ids['staff']}", json={"active": True}), None),
    "tenant.created": (None, lambda w, _: w.api("POST", "/tenants", "platform", json={
        "slug": "beta", "name": "Dinas Beta"}), None),
    "tenant.updated": (None, lambda w, _: w.api("PATCH", "/tenants/alpha", "platform", json={
        "name": "Dinas Alpha Baru"}), None),
    "tenant.settings_changed": (None, lambda w, _: w.api("PATCH", "/tenants/alpha/settings", json={
        "sender_name": "Dinas Alpha"}), None),
    "tenant.suspended": (None, lambda w, _: w.api("POST", "/tenants/alpha/suspend", "platform"), None),
    "tenant.reactivated": (_suspended, lambda w, _: w.api("POST", "/tenants/alpha/reactivate", "platform"), None),
    "questionnaire.copied": (None, lambda w, _: w.api("POST", "/tenants/alpha/questionnaires", json={
        "copy_of": w.in_tenant(standard_questionnaire).id, "title": "Kuesioner Alpha"}), None),
    "questionnaire.versioned": (lambda w: _copy(w, frozen=True), lambda w, q: w.api(
        "PATCH", f"/tenants/alpha/questionnaires/{q.id}/elements/U1", json={"name_id": "Syarat"}),
        ["questionnaire.versioned", "questionnaire.element_changed"]),
    "questionnaire.element_changed": (_copy, lambda w, q: w.api(
        "PATCH", f"/tenants/alpha/questionnaires/{q.id}/elements/U1", json={"name_id": "Syarat"}), None),
    "questionnaire.element_added": (_copy, lambda w, q: w.api(
        "POST", f"/tenants/alpha/questionnaires/{q.id}/elements", json={
            "code": "U10", "name_id": "Parkir", "question_id": "Bagaimana parkirnya?",
            "options_id": ["Buruk", "Cukup", "Baik", "Sangat baik"]}), None),
    "questionnaire.weights_changed": (_copy, lambda w, q: w.api(
        "PUT", f"/tenants/alpha/questionnaires/{q.id}/weights", json={"weights": None}), None),
    "survey.created": (None, lambda w, _: w.api("POST", "/tenants/alpha/surveys", json={
        "title": "SKM Baru", "questionnaire_id": w.in_tenant(standard_questionnaire).id,
        "starts_on": "2026-01-01", "ends_on": "2026-12-31"}), None),
    "survey.opened": (lambda w: w.in_tenant(lambda: make_survey("Draf", status="draft")), lambda w, s: w.api(
        "POST", f"/tenants/alpha/surveys/{s.id}/open"), None),
    "survey.closed": (_open_survey, lambda w, s: w.api("POST", f"/tenants/alpha/surveys/{s.id}/close"), None),
    "survey.published": (_open_survey, lambda w, s: w.api("POST", f"/tenants/alpha/surveys/{s.id}/publish"), None),
    "survey.withdrawn": (_open_survey, lambda w, s: w.api("DELETE", f"/tenants/alpha/surveys/{s.id}/publish"), None),
    "invitations.uploaded": (_open_survey, lambda w, s: w.api(
        "POST", f"/tenants/alpha/surveys/{s.id}/invitations?send=false", json=[{"email": "warga@mail.id"}]), None),
    "invitations.sent": (_upload, lambda w, s: w.api("POST", f"/tenants/alpha/surveys/{s.id}/invitations/send"),
                         None),
    "report.downloaded": (lambda w: _report(w, "pdf"), lambda w, path: w.api("GET", path), None),
    "export.downloaded": (lambda w: _report(w, "csv"), lambda w, path: w.api("GET", path), None),
    "audit.exported": (None, lambda w, _: w.api("GET", "/tenants/alpha/audit?format=csv"), None),
    "mall.created": (None, lambda w, _: w.api("POST", "/malls", "platform", json={
        "slug": "mpp", "name": "MPP Sampit", "counters": [{"tenant": "alpha"}]}), None),
    "mall.changed": (_mall, lambda w, slug: w.api("PATCH", f"/malls/{slug}", "platform", json={
        "name": "Mal Pelayanan Publik Sampit"}), None),
}


def _last_id() -> int:
    with platform_scope(INSPECTING):
        return db.session.scalar(select(func.coalesce(func.max(AuditEntry.id), 0)).execution_options(**ALL_TENANTS))


def _entries_after(last_id: int) -> list[AuditEntry]:
    db.session.expire_all()
    with platform_scope(INSPECTING):
        return list(db.session.scalars(select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id)
                                       .execution_options(**ALL_TENANTS)))


def test_every_action_has_a_case():
    assert set(CASES) == set(ACTIONS)


@pytest.mark.parametrize("action", sorted(CASES))
def test_action_leaves_exactly_its_entry(world, action):
    prepare, step, expected = CASES[action]
    prepared = prepare(world) if prepare else None
    before = _last_id()
    answer = step(world, prepared)
    answer.get_data()
    assert answer.status_code < 400 or action == "auth.sign_in_failed", (answer.status_code, answer.get_data())
    answer.close()
    entries = _entries_after(before)
    assert [e.action for e in entries] == (expected or [action])
    entry = entries[-1]
    assert entry.ip == "127.0.0.1" and entry.user_agent  # from where
    assert entry.created_at is not None
    if action.split(".")[0] in {"survey", "questionnaire", "invitations", "report", "export", "user", "audit"}:
        assert entry.tenant_id == world.tenant.id, action
    if action not in {"auth.sign_in_failed", "password.reset_requested"}:
        assert entry.user_id is not None and entry.actor_email, action  # who


def test_a_failed_sign_in_names_the_address_tried_and_no_user(world):
    login(world.client, "tidak-ada@alpha.id", "Salah-Sandi-1")
    [entry] = _entries_after(_last_id() - 1)
    assert (entry.action, entry.actor_email, entry.user_id, entry.tenant_id) == (
        "auth.sign_in_failed", "tidak-ada@alpha.id", None, None)
    assert entry.detail == {"reason": "unknown_email", "via": "form"}


def test_role_changes_keep_before_and_after(world):
    world.api("PATCH", f"/tenants/alpha/users/{world.ids['staff']}", json={"role": "viewer"})
    [entry] = _entries_after(_last_id() - 1)
    assert (entry.detail["before"], entry.detail["after"]) == ("staff", "viewer")
    assert (entry.target_type, entry.target_id) == ("user", world.ids["staff"])


def test_a_refused_change_leaves_no_entry(world):
    before = _last_id()
    refused = world.api("PATCH", f"/tenants/alpha/users/{world.ids['admin']}", json={"role": "staff"})
    assert refused.status_code == 409
    assert _entries_after(before) == []
