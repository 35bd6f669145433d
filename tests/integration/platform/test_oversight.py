"""The regency's view: period figures pooled over surveys, the API, the dashboard, alerts, the report."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from skm.extensions import db
from skm.platform.accounts.services import find_user
from skm.platform.data.tenancy import tenant_scope
from skm.platform.oversight.reports import build, request_regency_report
from skm.tenants.results.periods import Period
from tests.conftest import login
from tests.factories import insert_rows, make_survey

Q3, Q4 = date(2026, 8, 15), date(2026, 11, 2)


def _answers(score: int, count: int) -> list[dict]:
    return [{f"U{i}": score for i in range(1, 10)}] * count


def _seed(tenant, *, day: date, score: int, count: int, title: str = "SKM 2026", population: int | None = None):
    with tenant_scope(tenant.id):
        survey = make_survey(title, population=population)
        insert_rows(survey, _answers(score, count), tenant.id, submitted_on=day)
        db.session.commit()


@pytest.fixture
def central(make_user, bearer):
    return bearer(make_user("pusat@kotimkab.go.id", platform_admin=True))


def _regency(client, headers, query: str = "") -> dict:
    answer = client.get(f"/api/v1/regency/results{query}", headers=headers)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def _by_slug(document: dict) -> dict[str, dict]:
    return {row["slug"]: row for row in document["tenants"]}


def test_a_period_pools_every_survey_of_an_agency(client, make_tenant, central):
    """The reported case: a small quarterly survey no longer replaces RSUD's figure."""
    rsud = make_tenant("rsud", "RSUD dr. Murjani Sampit")
    _seed(rsud, day=Q4, score=3, count=40, title="SKM 2026", population=50000)
    _seed(rsud, day=Q4, score=4, count=3, title="SKM Triwulan IV")
    row = _by_slug(_regency(client, central, "?period=2026-Q4"))["rsud"]
    assert row["respondents"] == 43
    assert row["result"]["ikm_display"] == "76.74"  # (40×3 + 3×4) / 43 × 25, rounded half-up
    # a quarter of a yearly population of 50,000 (92 of 365 days: 12,603) → Krejcie & Morgan 375
    assert row["sample_target"] == 375 and row["below_target"] is True


def test_an_agencys_own_elements_stay_out_of_the_regency_figures(client, make_tenant, central):
    from skm.tenants.questionnaires.services import add_element, copy_questionnaire, standard_questionnaire

    pdam = make_tenant("pdam")
    with tenant_scope(pdam.id):
        own = add_element(copy_questionnaire(standard_questionnaire(), "SKM PDAM"), {
            "code": "U10", "name_id": "Kualitas air", "question_id": "Bagaimana kualitas air?",
            "options_id": ["Buruk", "Kurang", "Baik", "Sangat baik"]})
        survey = make_survey("SKM PDAM", questionnaire=own)
        insert_rows(survey, [{**_answers(4, 1)[0], "U10": 1}] * 4, pdam.id, submitted_on=Q4)
        db.session.commit()
    row = _by_slug(_regency(client, central, "?period=2026-Q4"))["pdam"]
    assert row["result"]["ikm_display"] == "100.00"  # U10's ones do not count
    assert [element["code"] for element in row["result"]["elements"]] == [f"U{i}" for i in range(1, 10)]


def test_every_active_agency_appears_with_or_without_answers(client, make_tenant, central):
    pdam, _new = make_tenant("pdam"), make_tenant("baru", "Dinas Baru")
    suspended = make_tenant("lama")
    suspended.status = "suspended"
    db.session.commit()
    _seed(pdam, day=Q4, score=4, count=5)
    document = _regency(client, central, "?period=2026-Q4")
    rows = _by_slug(document)
    assert set(rows) == {"pdam", "baru"}
    assert rows["baru"] == {"slug": "baru", "name": "Dinas Baru", "respondents": 0, "result": None,
                            "sample_target": None, "below_target": False, "change": None}
    assert document["combined"]["respondents"] == 5 and document["combined"]["method"] == "pooled"


def test_change_is_against_the_previous_period_and_periods_do_not_mix(client, make_tenant, central):
    disdukcapil = make_tenant("disdukcapil")
    _seed(disdukcapil, day=Q3, score=4, count=10)
    _seed(disdukcapil, day=Q4, score=3, count=10)
    q4 = _by_slug(_regency(client, central, "?period=2026-Q4"))["disdukcapil"]
    assert q4["respondents"] == 10 and q4["result"]["ikm_display"] == "75.00" and q4["change"] == -25.0
    q3 = _regency(client, central, "?period=2026-Q3")
    assert q3["period"] == "2026-Q3" and q3["previous_period"] == "2026-Q2"
    assert _by_slug(q3)["disdukcapil"]["result"]["ikm_display"] == "100.00"
    year = _by_slug(_regency(client, central, "?period=2026"))["disdukcapil"]
    assert year["respondents"] == 20 and year["result"]["ikm_display"] == "87.50"
    assert _by_slug(_regency(client, central, "?period=2026-S1"))["disdukcapil"]["result"] is None


def test_a_bad_period_is_422_naming_it_and_only_platform_admins_may_ask(client, make_tenant, make_user, bearer,
                                                                       central):
    for bad in ("2026-Q5", "kuartal", "1850"):
        answer = client.get(f"/api/v1/regency/results?period={bad}", headers=central)
        assert answer.status_code == 422 and "period" in answer.get_json()["errors"]["query"], bad
    admin = bearer(make_user("admin@pdam.id", tenant=make_tenant("pdam"), role="admin"))
    assert client.get("/api/v1/regency/results?period=2026-Q4", headers=admin).status_code == 403


def test_an_answer_at_dawn_on_the_first_of_a_quarter_belongs_to_it_in_the_agencys_zone(
        make_app, make_tenant, make_user, bearer, central):
    """06:00 WIB on 1 April is 23:00 UTC on 31 March: the answer is Q2's."""
    tenant = make_tenant("dpmptsp")
    staff = bearer(make_user("staf@dpmptsp.id", tenant=tenant, role="staff"))
    with tenant_scope(tenant.id):
        survey_id = make_survey().id
        db.session.commit()
    client = make_app(SKM_CLOCK=lambda: datetime(2026, 3, 31, 23, 0, tzinfo=UTC)).test_client()
    answer = client.post(f"/api/v1/tenants/dpmptsp/surveys/{survey_id}/responses", headers=staff,
                         json={"answers": {f"U{i}": 4 for i in range(1, 10)}})
    assert answer.status_code == 201, answer.get_json()
    assert _by_slug(_regency(client, central, "?period=2026-Q2"))["dpmptsp"]["respondents"] == 1
    assert _by_slug(_regency(client, central, "?period=2026-Q1"))["dpmptsp"]["respondents"] == 0


def test_the_current_period_is_the_latest_with_answers(make_app, make_tenant, central):
    _seed(make_tenant("pdam"), day=Q3, score=4, count=2)
    early_q4 = make_app(SKM_CLOCK=lambda: datetime(2026, 10, 3, 2, 0, tzinfo=UTC)).test_client()
    assert _regency(early_q4, central)["period"] == "2026-Q3"  # nothing answered in Q4 yet
    _seed(make_tenant("rsud"), day=date(2026, 10, 2), score=3, count=1)
    assert _regency(early_q4, central)["period"] == "2026-Q4"


@pytest.fixture
def clock(app):
    """``clock(2026, 11, 20)``: the session app's time (hour 03:00 UTC) until the test ends."""

    def travel(*day: int) -> None:
        app.config["SKM_CLOCK"] = lambda: datetime(*day, 3, 0, tzinfo=UTC)

    yield travel
    app.config.pop("SKM_CLOCK", None)


@pytest.fixture
def dashboard(client, make_tenant, make_user, storage_dir):
    """Three agencies: RSUD far below its target, PDAM whose IKM fell, a new agency without answers."""
    rsud, pdam = make_tenant("rsud", "RSUD dr. Murjani Sampit"), make_tenant("pdam", "PDAM Tirta Mentaya")
    make_tenant("baru", "Dinas Baru")
    _seed(rsud, day=Q4, score=4, count=3, population=50000)
    _seed(pdam, day=Q3, score=4, count=6)
    _seed(pdam, day=Q4, score=3, count=6)
    make_user("pusat@kab.id", platform_admin=True)
    login(client, "pusat@kab.id")
    return client


def _page(client, url: str) -> str:
    answer = client.get(url)
    assert answer.status_code == 200, answer.status_code
    return answer.get_data(as_text=True)


def _download(client, url: str, **kwargs) -> bytes:
    answer = client.get(url, **kwargs)
    assert answer.status_code == 200, answer.status_code
    data = answer.data
    answer.close()
    return data


def _table_order(page: str) -> list[str]:
    body = page.split('<table class="standings">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'/t/([a-z]+)/"?>', body)


def test_the_dashboard_ranks_agencies_and_flags_samples(dashboard, clock):
    clock(2026, 11, 20)
    page = _page(dashboard, "/admin/?period=2026-Q4")
    assert _table_order(page) == ["rsud", "pdam", "baru"]  # by IKM, agencies without answers last
    rsud_row = page.split("/t/rsud/")[1].split("</tr>")[0]
    assert "100,00" in rsud_row and "sementara" in rsud_row and "di bawah target" in rsud_row
    assert "3 / 375" in rsud_row
    pdam_row = page.split("/t/pdam/")[1].split("</tr>")[0]
    assert "75,00" in pdam_row and "-25,00" in pdam_row and "sementara" not in pdam_row
    assert "Belum ada jawaban" in page.split("/t/baru/")[1].split("</tr>")[0]
    assert '<svg class="chart"' in page and "Peringkat IKM instansi" in page
    assert _table_order(_page(dashboard, "/admin/?period=2026-Q4&sort=name&order=asc")) == ["baru", "pdam", "rsud"]
    english = _page(dashboard, "/admin/?period=2026-Q4&lang=en")
    assert "Q4 2026" in english


def test_alerts_fire_by_the_thresholds_and_stay_quiet_below_them(dashboard, clock):
    clock(2027, 1, 20)  # Q4 has ended; 79 days of silence
    page = _page(dashboard, "/admin/?period=2026-Q4")
    assert "IKM PDAM Tirta Mentaya turun 25,00 poin" in page
    assert "RSUD dr. Murjani Sampit menutup periode 2026-Q4 dengan 3 dari 375 responden" in page
    assert "Dinas Baru tidak menerima jawaban selama 14 hari" in page
    assert "tindak lanjut" not in page
    _overdue_item("pdam", due_on=date(2026, 12, 31))
    overdue = _page(dashboard, "/admin/?period=2026-Q4")
    assert "PDAM Tirta Mentaya: 1 butir rencana tindak lanjut melewati target" in overdue
    saved = dashboard.post("/admin/settings", data={"ikm_drop_points": "30", "silence_days": "90"})
    assert saved.status_code == 302
    quiet = _page(dashboard, "/admin/?period=2026-Q4")
    assert "turun" not in quiet and "PDAM Tirta Mentaya tidak menerima" not in quiet
    assert "Dinas Baru tidak menerima jawaban selama 90 hari" in quiet  # never answered: always silent
    clock(2026, 11, 20)  # Q4 still running
    assert "menutup periode" not in _page(dashboard, "/admin/?period=2026-Q4")


def _overdue_item(slug: str, due_on: date) -> None:
    from skm.platform.agencies.services import find_tenant
    from skm.tenants.followups.models import FollowUp
    from skm.tenants.surveys.models import Survey

    tenant = find_tenant(slug)
    with tenant_scope(tenant.id):
        survey = db.session.scalars(db.select(Survey)).first()
        db.session.add(FollowUp(survey_id=survey.id, title="Perbaiki pipa", action="Ganti pipa", owner="Teknik",
                                due_on=due_on))
        db.session.commit()


def test_alert_settings_refuse_nonsense_and_keep_the_old_values(dashboard):
    answer = dashboard.post("/admin/settings", data={"ikm_drop_points": "-3", "silence_days": "abc"})
    assert answer.status_code == 400
    assert _page(dashboard, "/admin/settings").count('value="5"') == 1


def test_the_regency_report_lists_every_agency_marks_samples_and_names_its_method(dashboard, app_ctx):
    requested = dashboard.post("/admin/regency/reports", data={"period": "2026-Q4", "method": "pooled",
                                                               "format": "pdf", "language": "id"})
    assert requested.status_code == 302
    report_id = int(requested.headers["Location"].rsplit("/", 1)[1])
    assert "sedang disusun" in _page(dashboard, f"/admin/regency/reports/{report_id}")
    assert dashboard.get(f"/admin/regency/reports/{report_id}/file").status_code == 404
    build(report_id)
    pdf = _download(dashboard, f"/admin/regency/reports/{report_id}/file")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Triwulan IV 2026" in text and "Dinas Baru" in text and "PDAM Tirta Mentaya" in text
    assert "3 *" in text  # RSUD below its target
    assert "gabungan seluruh responden" in text and "-25,00" in text
    old_link = dashboard.get("/admin/regency/report.pdf")  # the old link leads to the dashboard's report form
    assert old_link.status_code == 302 and old_link.headers["Location"].endswith("/admin/#regency-report")


def test_the_regency_report_api_queues_one_report_per_request(client, dashboard, central, app_ctx):
    first = client.post("/api/v1/regency/reports", json={"period": "2026-Q4", "format": "xlsx"}, headers=central)
    again = client.post("/api/v1/regency/reports", json={"period": "2026-Q4", "format": "xlsx"}, headers=central)
    assert first.status_code == 202 and first.get_json()["status"] == "queued"
    assert again.get_json()["id"] == first.get_json()["id"]  # still pending: the same report
    assert client.post("/api/v1/regency/reports", json={"format": "docx"},
                       headers=central).get_json()["errors"]["json"].keys() == {"format"}
    report_id = first.get_json()["id"]
    build(report_id)
    assert client.get(f"/api/v1/regency/reports/{report_id}", headers=central).get_json()["status"] == "done"
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(_download(client, f"/api/v1/regency/reports/{report_id}/file", headers=central)))
    ranking = [row for row in book.worksheets[0].iter_rows(values_only=True)]
    assert [row[1] for row in ranking[1:4]] == ["rsud", "pdam", "baru"]
    assert ranking[1][5] == "ya" and ranking[2][9] == -25.0


def test_platform_pages_and_api_refuse_agency_users(app, client, make_tenant, make_user, bearer, app_ctx):
    tenant = make_tenant("pdam")
    make_user("admin@pdam.id", tenant=tenant, role="admin")
    login(client, "admin@pdam.id")
    headers = bearer(find_user("admin@pdam.id"))
    with tenant_scope(tenant.id):
        make_survey()
    report, _ = request_regency_report(Period.parse("2026-Q4"), "pdf")
    db.session.commit()
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(("/admin", "/api/v1/regency", "/api/v1/audit")):
            continue
        url = re.sub(r"<[^>]*report_id>", str(report.id), rule.rule)
        url = re.sub(r"<int:[^>]+>", "1", url)
        url = re.sub(r"<any\(([^,)]+)[^>]*>", r"\1", url)
        url = re.sub(r"<int:[^>]+>", "1", url)
        url = re.sub(r"<[^>]+>", "pdam", url)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            is_api = url.startswith("/api/")
            body = {"format": "pdf"} if is_api and method == "POST" else None  # valid: refused for who asks
            answer = client.open(url, method=method, headers=headers if is_api else None, json=body)
            assert answer.status_code == 403, (method, url, answer.status_code)
            checked += 1
    assert checked >= 10
