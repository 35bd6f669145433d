"""The SQL aggregation path gives exactly what the pure engine gives."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.questionnaires.models import Questionnaire
from skm.tenants.responses.models import Response
from skm.tenants.results.engine import compute, tally_rows
from skm.tenants.results.queries import ResultFilter, age_band_results, grouped_results, survey_result
from tests.factories import insert_rows, make_survey
from tests.fixtures.skm_fixtures import (
    CODES,
    FIXTURE_A_ROWS,
    FIXTURE_B_ROWS,
    FIXTURE_C_COUNTS,
    FIXTURE_C_ROWS,
)

NAMES = [(code, code) for code in CODES]


def test_every_tenant_gets_the_standard_questionnaire(make_tenant):
    tenant = make_tenant("dpmptsp")
    with tenant_scope(tenant.id):
        questionnaire = db.session.scalar(select(Questionnaire))
        assert questionnaire.is_standard
        assert questionnaire.element_codes() == list(CODES)
        assert questionnaire.elements[3].name_id == "Biaya/Tarif"


def test_fixture_a_b_c_through_sql(make_tenant):
    tenant = make_tenant("dpmptsp")
    with tenant_scope(tenant.id):
        for rows, display in ((FIXTURE_A_ROWS, "82.50"), (FIXTURE_B_ROWS, "88.33"), (FIXTURE_C_ROWS, "79.17")):
            survey = make_survey()
            insert_rows(survey, rows, tenant.id)
            assert str(survey_result(survey).ikm_display) == display
        c_result = survey_result(survey)
        assert [e.n for e in c_result.elements] == list(FIXTURE_C_COUNTS)


def test_legacy_mode_through_sql(make_tenant):
    tenant = make_tenant("dpmptsp")
    with tenant_scope(tenant.id):
        survey = make_survey(weights="legacy-0.111")
        insert_rows(survey, FIXTURE_B_ROWS, tenant.id)
        result = survey_result(survey)
        assert (str(result.ikm_display), result.mutu) == ("88.25", "B")


def test_filters_and_breakdowns(make_tenant):
    tenant = make_tenant("rsud")
    with tenant_scope(tenant.id):
        survey = make_survey(service_types=("Rawat Jalan", "IGD"))
        jalan, igd = sorted(survey.service_types, key=lambda s: s.name != "Rawat Jalan")
        insert_rows(survey, FIXTURE_A_ROWS, tenant.id, service_type_id=jalan.id, gender="P", age=35)
        insert_rows(survey, FIXTURE_B_ROWS, tenant.id, service_type_id=igd.id, gender="L", age=52,
                    submitted_on=date(2026, 8, 1))
        assert str(survey_result(survey, ResultFilter(service_type_id=jalan.id)).ikm_display) == "82.50"
        assert str(survey_result(survey, ResultFilter(gender="L")).ikm_display) == "88.33"
        assert str(survey_result(survey, ResultFilter(start=date(2026, 7, 1))).ikm_display) == "88.33"
        by_type = grouped_results(survey, Response.service_type_id)
        assert {k: str(v.ikm_display) for k, v in by_type.items()} == {jalan.id: "82.50", igd.id: "88.33"}
        bands = age_band_results(survey)
        assert {k: v.respondents for k, v in bands.items()} == {"30–39": 10, "≥ 50": 10}
        pooled = survey_result(survey)
        assert pooled.respondents == 20
        expected = compute(*tally_rows(FIXTURE_A_ROWS + FIXTURE_B_ROWS, NAMES)[:2])
        assert pooled.ikm == expected.ikm


def test_empty_survey_has_no_ikm(make_tenant):
    tenant = make_tenant("pdam")
    with tenant_scope(tenant.id):
        result = survey_result(make_survey())
        assert result.respondents == 0 and result.ikm is None
        assert result.to_document()["ikm_display"] is None


answer = st.one_of(st.none(), st.integers(min_value=1, max_value=4))
rows_strategy = st.lists(st.fixed_dictionaries({code: answer for code in CODES}), min_size=1, max_size=40)


def test_sql_path_equals_pure_engine_on_random_data(make_tenant):
    tenant = make_tenant("pdam")

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=rows_strategy)
    def check(rows):
        with tenant_scope(tenant.id):
            survey = make_survey()
            insert_rows(survey, rows, tenant.id)
            sql = survey_result(survey)
            tallies, respondents, spread = tally_rows(rows, [(e.code, e.name_id) for e in
                                                             sorted(survey.questionnaire.elements,
                                                                    key=lambda e: e.slot)])
            pure = compute(tallies, respondents, "exact", spread)
            assert sql.to_document() == pure.to_document()
            assert sql.confidence_interval == pure.confidence_interval
            db.session.execute(delete(Response).where(Response.survey_id == survey.id))
            db.session.rollback()

    check()
