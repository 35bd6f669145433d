"""Pages refuse a NUL character in a form or a query string with a 422 naming the field, not a 500."""

from sqlalchemy import func, select

from skm.extensions import db
from skm.platform.data.tenancy import ALL_TENANTS, platform_scope
from skm.tenants.questionnaires.models import Questionnaire
from skm.tenants.surveys.models import Survey
from tests.conftest import INSPECTING, login


def test_nul_in_a_login_form_is_422_naming_the_field(client, make_user):
    make_user("a@kotim.id")
    response = client.post("/login", data={"email": "a\x00@kotim.id", "password": "x"})
    assert response.status_code == 422
    assert "“email”" in response.get_data(as_text=True)
    english = client.post("/login?lang=en", data={"email": "a@kotim.id", "password": "x\x00"})
    assert english.status_code == 422 and "The field “password” contains a NUL" in english.get_data(as_text=True)


def test_nul_in_a_staff_form_or_query_stores_nothing(app, make_tenant, make_user):
    make_user("admin@rsud.id", tenant=make_tenant("rsud"), role="admin")
    staff = app.test_client()
    login(staff, "admin@rsud.id")
    with platform_scope(INSPECTING):
        questionnaire_id = db.session.scalar(select(Questionnaire.id).execution_options(**ALL_TENANTS))
    form = {"title": "SKM", "questionnaire_id": questionnaire_id, "starts_on": "2026-01-01", "ends_on": "2026-12-31",
            "weights": "exact"}
    response = staff.post("/t/rsud/surveys/new", data={**form, "title": "SKM\x00"})
    assert response.status_code == 422 and "“title”" in response.get_data(as_text=True)
    with platform_scope(INSPECTING):
        assert db.session.scalar(select(func.count()).select_from(Survey).execution_options(**ALL_TENANTS)) == 0
    assert staff.get("/t/rsud/surveys/?q=a%00b").status_code == 422
    assert staff.post("/t/rsud/surveys/new", data=form).status_code == 302
    assert staff.get("/t/rsud/surveys/99999999999").status_code == 404
