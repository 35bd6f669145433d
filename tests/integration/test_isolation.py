"""Tenant isolation, proven by walking the model registry and the URL map.

A new tenant-owned model or tenant route is covered without anyone remembering: the tests
fail until a sample row (``SAMPLES``) or URL argument (``URL_ARGS``) exists for it.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select, update

from skm.extensions import db
from skm.platform.accounts.models import Membership
from skm.platform.accounts.services import find_user
from skm.platform.audit import AuditEntry
from skm.platform.data.tenancy import TenantScoped, TenantScopeError, platform_scope, tenant_scope
from skm.tenants.comments.models import CommentReview
from skm.tenants.followups.models import FollowUp
from skm.tenants.invitations.models import Invitation, OptOut, ReminderPolicy
from skm.tenants.questionnaires.models import Questionnaire, QuestionnaireElement
from skm.tenants.reports.models import Report, ReportSchedule
from skm.tenants.responses.models import Response
from skm.tenants.surveys.models import Survey, SurveyServiceType
from tests.conftest import login
from tests.factories import image_bytes, insert_rows, make_report, make_survey


def _tenant_models() -> list[type]:
    return sorted((m.class_ for m in db.Model.registry.mappers if issubclass(m.class_, TenantScoped)),
                  key=lambda cls: cls.__name__)


def _sample_membership(tenant, make_user):
    user = make_user(f"x{tenant.id}@iso.id")
    return db.session.scalar(select(Membership).where(Membership.user_id == user.id)) or _add(
        Membership(user_id=user.id, role="viewer"))


def _add(obj):
    db.session.add(obj)
    db.session.flush()
    return obj


def _survey(tenant):
    return db.session.scalar(select(Survey)) or make_survey(service_types=("Loket",))


def _sample_response(tenant, make_user):
    insert_rows(_survey(tenant), [{"U1": 4}], tenant.id)
    return db.session.scalar(select(Response))


def _sample_comment(tenant) -> Response:
    found = db.session.scalar(select(Response).where(Response.comment.is_not(None)))
    if found is None:
        insert_rows(_survey(tenant), [{"U1": 3}], tenant.id, comment="Antrian lama.")
        found = db.session.scalar(select(Response).where(Response.comment.is_not(None)))
    return found


def _sample_followup(tenant) -> FollowUp:
    return db.session.scalar(select(FollowUp)) or _add(FollowUp(
        survey_id=_survey(tenant).id, title="Loket", action="Tambah loket", owner="Sekretariat",
        due_on=date(2026, 12, 31)))


def _sample_comment_review(tenant) -> CommentReview:
    response = _sample_comment(tenant)
    return db.session.get(CommentReview, response.id) or _add(CommentReview(response_id=response.id, tags=[]))


SAMPLES = {
    "Membership": _sample_membership,
    "AuditEntry": lambda tenant, make_user: _add(AuditEntry(action="test.sample", detail={})),
    "Questionnaire": lambda tenant, make_user: db.session.scalar(select(Questionnaire)),
    "QuestionnaireElement": lambda tenant, make_user: db.session.scalar(select(QuestionnaireElement)),
    "Survey": lambda tenant, make_user: _survey(tenant),
    "ServiceType": lambda tenant, make_user: _survey(tenant).service_types[0],
    "SurveyServiceType": lambda tenant, make_user: (_survey(tenant), db.session.scalar(select(SurveyServiceType)))[1],
    "Response": _sample_response,
    "Report": lambda tenant, make_user: db.session.scalar(select(Report)) or make_report(_survey(tenant)),
    "ReportSchedule": lambda tenant, make_user: _add(ReportSchedule(survey_id=_survey(tenant).id)),
    "Invitation": lambda tenant, make_user: _add(Invitation(
        survey_id=_survey(tenant).id, token_hash=f"{tenant.id:064d}", email=f"warga{tenant.id}@mail.id",
        channel="email")),
    "OptOut": lambda tenant, make_user: _add(OptOut(contact_hash=f"{tenant.id:064x}", source="staff")),
    "ReminderPolicy": lambda tenant, make_user: _add(ReminderPolicy(survey_id=_survey(tenant).id)),
    "FollowUp": lambda tenant, make_user: _sample_followup(tenant),
    "CommentReview": lambda tenant, make_user: _sample_comment_review(tenant),
}


@pytest.fixture
def two_tenants(make_tenant, make_user):
    a, b = make_tenant("alpha"), make_tenant("beta")
    make_user("a@alpha.id", tenant=a, role="admin")
    make_user("b@beta.id", tenant=b, role="admin")
    return a, b


def _one_row_per_model(tenant, make_user) -> dict[type, int]:
    ids = {}
    with tenant_scope(tenant.id):
        for model in _tenant_models():
            assert model.__name__ in SAMPLES, f"add a sample factory for {model.__name__} to SAMPLES"
            ids[model] = SAMPLES[model.__name__](tenant, make_user).id
        db.session.commit()
    return ids


def test_every_tenant_model_is_invisible_to_other_tenants(two_tenants, make_user):
    a, b = two_tenants
    a_tenant_id, b_tenant_id = a.id, b.id
    a_ids = _one_row_per_model(a, make_user)
    with tenant_scope(b_tenant_id):
        for model, a_id in a_ids.items():
            db.session.expunge_all()
            assert db.session.get(model, a_id) is None, model
            assert a_id not in db.session.scalars(select(model.id)).all(), model
            changed = db.session.execute(update(model).where(model.id == a_id).values(tenant_id=b_tenant_id))
            assert changed.rowcount == 0, model
        db.session.rollback()
    with tenant_scope(a_tenant_id):
        for model, a_id in a_ids.items():
            assert db.session.get(model, a_id) is not None, model


def test_queries_without_a_tenant_fail_closed(app_ctx):
    for model in _tenant_models():
        with pytest.raises(TenantScopeError):
            db.session.scalars(select(model)).all()


def test_a_row_cannot_be_written_into_another_tenant(two_tenants):
    a, b = two_tenants
    with tenant_scope(a.id):
        db.session.add(AuditEntry(tenant_id=b.id, action="smuggle", detail={}))
        with pytest.raises(TenantScopeError):
            db.session.flush()
    db.session.rollback()


def test_explicit_opt_out_sees_all_tenants(two_tenants):
    with platform_scope("test: the opt-out"):
        rows = db.session.scalars(select(Membership).execution_options(all_tenants=True)).all()
    assert {m.tenant_id for m in rows} == {t.id for t in two_tenants}


def test_the_opt_out_needs_the_platform_scope(two_tenants):
    with pytest.raises(TenantScopeError), tenant_scope(two_tenants[0].id):
        db.session.scalars(select(Membership).execution_options(all_tenants=True)).all()


# ---- routes -------------------------------------------------------------------------------

def _editable_questionnaire(tenant) -> Questionnaire:
    """A customisable copy of the standard questionnaire (edit pages refuse the standard one)."""
    from skm.tenants.questionnaires.services import copy_questionnaire, standard_questionnaire

    found = db.session.scalar(select(Questionnaire).where(Questionnaire.title == "Isolasi"))
    return found or copy_questionnaire(standard_questionnaire(), "Isolasi")


def _built_report(tenant) -> Report:
    """A finished report (its file downloadable), built once."""
    return db.session.scalar(select(Report).where(Report.status == "done")) or make_report(_survey(tenant))


URL_ARGS = {
    "survey_id": lambda tenant: str(_survey(tenant).id),
    "questionnaire_id": lambda tenant: str(_editable_questionnaire(tenant).id),
    "code": lambda tenant: "U1",
    "action": lambda tenant: "close",
    "report_id": lambda tenant: str(_built_report(tenant).id),
    "move": lambda tenant: "publish",
    "followup_id": lambda tenant: str(_sample_followup(tenant).id),
    "comment_id": lambda tenant: str(_sample_comment(tenant).id),
    "user_id": lambda tenant: str(find_user(f"a@{tenant.slug}.id").id),
}
"""Sample values (from tenant A's rows) for URL arguments other than the tenant."""


#: reads before writes, deletes last, so each GET still finds tenant A's sample (e.g. its logo)
METHOD_ORDER = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _tenant_routes(app) -> list[tuple[str, str, bool]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if "<tenant>" not in rule.rule:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}, key=METHOD_ORDER.index):
            routes.append((rule.rule, method, rule.rule.startswith("/api/")))
    return routes


def _tenant_state(tenant) -> None:
    """What tenant A's GET routes show besides rows: an uploaded logo (…/settings/logo)."""
    from skm.tenants.settings.services import replace_logo

    replace_logo(tenant, image_bytes())


def _url(rule: str, tenant) -> str:
    def arg(match):
        name = match.group(1).split(":")[-1]
        if name == "tenant":
            return tenant.slug
        assert name in URL_ARGS, f"add a sample value for <{name}> to URL_ARGS"
        with tenant_scope(tenant.id):
            value = URL_ARGS[name](tenant)
            db.session.commit()
        return value

    return re.sub(r"<([^>]+)>", arg, rule)


def test_route_matrix(app, client, two_tenants, make_user, bearer, storage_dir):
    """Member: allowed (GET 200); member of another tenant or a manager of a mall with the tenant's
    counter: 404; anonymous: 302 or 401."""
    a, b = two_tenants
    with tenant_scope(a.id):  # URL_ARGS["survey_id"]
        make_survey()
        _tenant_state(a)
        db.session.commit()
    _mall_of(a, manager=make_user("kepala@mal.id"))
    routes = _tenant_routes(app)
    assert len(routes) >= 4
    member, outsider, mall_manager = app.test_client(), app.test_client(), app.test_client()
    login(member, "a@alpha.id")
    login(outsider, "b@beta.id")
    login(mall_manager, "kepala@mal.id")
    headers = {"member": bearer(find_user("a@alpha.id")), "outsider": bearer(find_user("b@beta.id")),
               "mall_manager": bearer(find_user("kepala@mal.id"))}
    for rule, method, is_api in routes:
        url = _url(rule, a)
        anonymous = client.open(url, method=method)
        assert anonymous.status_code == (401 if is_api else 302), (method, url)
        if is_api:
            other = client.open(url, method=method, headers=headers["outsider"], json={})
            manager = client.open(url, method=method, headers=headers["mall_manager"], json={})
            own = client.open(url, method=method, headers=headers["member"], json={} if method != "GET" else None)
        else:
            other = outsider.open(url, method=method)
            manager = mall_manager.open(url, method=method)
            own = member.open(url, method=method)
        assert other.status_code == 404, (method, url, other.status_code)
        assert manager.status_code == 404, ("mall manager", method, url, manager.status_code)
        if method == "GET":
            assert own.status_code == 200, (method, url, own.status_code)
        else:
            assert own.status_code not in (404, 500), (method, url, own.status_code)
        for response in (anonymous, other, manager, own):
            response.close()  # file downloads hold their file open until closed


# ---- service malls: platform rows pointing at tenants, and their routes ----------------------

#: models with a ``tenant_id`` that are deliberately not TenantScoped, and why
PLATFORM_ROWS_OF_TENANTS = {
    "MallCounter": "a mall's counter names the agency; only platform admins and the mall's pages read it",
}


def test_every_model_pointing_at_a_tenant_is_scoped_or_explained():
    unscoped = {m.class_.__name__ for m in db.Model.registry.mappers
                if "tenant_id" in m.columns and not issubclass(m.class_, TenantScoped)}
    assert unscoped == set(PLATFORM_ROWS_OF_TENANTS), "scope the model or explain it in PLATFORM_ROWS_OF_TENANTS"


def _mall_of(tenant, manager, slug: str = "mal-a"):
    """A committed mall with one counter of ``tenant`` (its first survey), managed by ``manager``."""
    from skm.platform.malls.services import add_manager, create_mall

    with tenant_scope(tenant.id):
        survey_id = _survey(tenant).id
        db.session.commit()
    mall = create_mall(slug, f"Mal {slug}", counters=[{"tenant": tenant.slug, "survey_id": survey_id}])
    add_manager(mall, manager.email)
    db.session.commit()
    return mall


def _mall_routes(app) -> list[tuple[str, str]]:
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith(("/api/v1/malls", "/admin/malls",
                                                                               "/mall/", "/m/"))]
    routes = [(rule.rule, method) for rule in rules for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return sorted(routes, key=lambda route: route[0].endswith("/delete"))  # removing the counter comes last


def _mall_url(rule: str, mall) -> str:
    values = {"slug": mall.slug, "mall": mall.slug, "counter": str(mall.counters[0].id),
              "counter_id": str(mall.counters[0].id)}

    def arg(match):
        name = match.group(1).split(":")[-1]
        assert name in values, f"add a sample value for <{name}> to _mall_url"
        return values[name]

    return re.sub(r"<([^>]+)>", arg, rule)


def test_mall_route_matrix(app, client, two_tenants, make_user, bearer):
    """Every mall route: its manager reads (never changes) it; a manager of another mall and the
    agencies' own staff are refused, with 404 wherever the mall is named; residents' pages are public."""
    a, b = two_tenants
    own_mall = _mall_of(a, manager=make_user("kepala@mal-a.id"))
    _mall_of(b, manager=make_user("kepala@mal-b.id"), slug="mal-b")
    make_user("pusat@iso.id", platform_admin=True)
    routes = _mall_routes(app)
    assert len(routes) >= 15
    clients = {}
    for email in ("kepala@mal-a.id", "kepala@mal-b.id", "a@alpha.id", "pusat@iso.id"):
        clients[email] = app.test_client()
        login(clients[email], email)
    from skm.platform.accounts.services import find_user

    for rule, method in routes:
        url = _mall_url(rule, own_mall)
        is_api, public = rule.startswith("/api/"), rule.startswith("/m/")
        reads = method == "GET" and (rule.startswith("/mall/") or rule in (
            "/api/v1/malls", "/api/v1/malls/<slug>", "/api/v1/malls/<slug>/results"))
        for email, browser in clients.items():
            if is_api:
                answer = client.open(url, method=method, headers=bearer(find_user(email)), json={})
            else:
                answer = browser.open(url, method=method)
            status = answer.status_code
            answer.close()
            if public:
                assert status in (200, 400, 422), (email, method, url, status)  # a POST without answers: 422
            elif email == "pusat@iso.id" or (email == "kepala@mal-a.id" and reads):
                assert status in (200, 201, 302, 400, 409, 422) and (method != "GET" or status == 200), \
                    (email, method, url, status)
            elif reads and "<slug>" in rule:
                assert status == 404, (email, method, url, status)
            else:
                # an empty body fails validation before the role is checked, for an unknown mall alike
                assert status in (403, 404) or (reads and status == 200) or (method != "GET" and status == 422), \
                    (email, method, url, status)
        anonymous = client.open(url, method=method)
        assert anonymous.status_code == (200 if public and method == "GET" else 422 if public
                                         else 401 if is_api else 302), (method, url, anonymous.status_code)
