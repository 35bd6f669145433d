"""The regency report for the central admin: every tenant's IKM and grade, a ranking, the pooled IKM.

Platform-wide on purpose (``ALL_TENANTS`` for the survey list); each tenant's figures are read in
that tenant's scope. Only SQL aggregates: one grouped query per tenant, no response rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import cm
from reportlab.platypus import Spacer
from sqlalchemy import select

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.platform.tenancy import ALL_TENANTS, tenant_scope
from skm.tenants.reports import formatting as fmt
from skm.tenants.reports.charts import horizontal_bars
from skm.tenants.reports.document import ReportDocument
from skm.tenants.reports.sanitize import pdf_text
from skm.tenants.reports.texts import t
from skm.tenants.responses.models import Response
from skm.tenants.results.engine import IkmResult
from skm.tenants.results.queries import _aggregate_columns, pooled_result, survey_result
from skm.tenants.results.sampling import target_sample
from skm.tenants.surveys.models import Survey

STANDARD_CODES = tuple(f"U{i}" for i in range(1, 10))


@dataclass
class TenantLine:
    tenant: Tenant
    survey: Survey
    result: IkmResult
    target: int | None


@dataclass
class RegencyData:
    title: str
    lines: list[TenantLine]
    pooled: IkmResult | None
    language: str = "id"


def latest_surveys() -> list[tuple[Tenant, Survey]]:
    """Each active tenant's latest open or closed survey (one query across tenants; surveys are few)."""
    statement = (select(Survey).where(Survey.status.in_(("open", "closed")))
                 .order_by(Survey.tenant_id, Survey.starts_on.desc(), Survey.id.desc())
                 .execution_options(**ALL_TENANTS))
    latest: dict[int, Survey] = {}
    for survey in db.session.scalars(statement):
        latest.setdefault(survey.tenant_id, survey)
    tenants = {tenant.id: tenant for tenant in db.session.scalars(select(Tenant).where(Tenant.status == "active"))}
    return [(tenants[tenant_id], survey) for tenant_id, survey in latest.items() if tenant_id in tenants]


def _standard_rows(survey: Survey) -> list:
    """The survey's aggregate rows with its elements in U1…U9 order (None without all nine)."""
    by_code = {e.code: e for e in survey.questionnaire.elements}
    if not all(code in by_code for code in STANDARD_CODES):
        return []
    elements = [by_code[code] for code in STANDARD_CODES]
    statement = (select(*_aggregate_columns(elements)).where(Response.survey_id == survey.id)
                 .group_by(Response.answered_count))
    return list(db.session.execute(statement))


def load_regency(title: str, language: str = "id") -> RegencyData:
    lines, pooled_rows, names = [], [], {}
    for tenant, survey in latest_surveys():
        with tenant_scope(tenant.id):
            result = survey_result(survey)
            pooled_rows += _standard_rows(survey)
            names.update({e.code: e.name(language) for e in survey.questionnaire.elements})
        target = target_sample(survey.population) if survey.population else None
        lines.append(TenantLine(tenant, survey, result, target))
    lines.sort(key=lambda line: (line.result.ikm_converted is None, -(line.result.ikm_converted or 0)))
    codes = [(code, names.get(code, code)) for code in STANDARD_CODES]
    pooled = pooled_result(pooled_rows, codes, "exact") if pooled_rows else None
    return RegencyData(title, lines, pooled, language)


def _short(name: str, limit: int = 44) -> str:
    """A chart label: the name, cut at a word boundary when too long."""
    return name if len(name) <= limit else name[:limit].rsplit(" ", 1)[0] + " …"


class RegencyReport(ReportDocument):
    """Ranking of the tenants, their respondents against the targets, and the pooled regency IKM."""

    first_template = "body"
    #: the ranking chart shows at most this many agencies (the table lists them all)
    chart_limit = 40

    def __init__(self, data: RegencyData):
        super().__init__(data.language)
        self.data = data

    def header_text(self) -> tuple[str, str]:
        return self.data.title, "Indeks Kepuasan Masyarakat" if self.lang == "id" else "Public satisfaction index"

    def footer_text(self) -> str:
        return fmt.day(date.today(), self.lang)

    def title(self) -> str:
        return f"IKM {self.data.title}"

    def story(self) -> list:
        lang, data = self.lang, self.data
        heading = "REKAPITULASI INDEKS KEPUASAN MASYARAKAT" if lang == "id" else "PUBLIC SATISFACTION INDEX SUMMARY"
        story = [self.p(heading, "cover"), self.p(pdf_text(data.title.upper()), "cover_sub"), Spacer(1, 0.6 * cm)]
        story += self.pooled_block() + [self.ranking_table(), Spacer(1, 10)]
        ranked = [line for line in data.lines if line.result.ikm_display is not None][:self.chart_limit]
        if ranked:
            story.append(horizontal_bars([_short(line.tenant.name) for line in ranked],
                                         [float(line.result.ikm_display) for line in ranked], "IKM", value_max=100,
                                         value_format=self.chart_number(2), label_width=230))
        story.append(self.p(self.method_note(), "note"))
        return story

    def pooled_block(self) -> list:
        pooled, lang = self.data.pooled, self.lang
        label = ("IKM kabupaten (gabungan seluruh responden)" if lang == "id"
                 else "Regency IKM (pooled over respondents)")
        if pooled is None or pooled.ikm_display is None:
            return [self.p(f"{label}: —")]
        rows = [[label, self.num(pooled.ikm_display, 2)], [t("grade", lang), f"{pooled.mutu} ({pooled.kinerja})"],
                [t("respondents", lang), fmt.integer(pooled.respondents, lang)]]
        return [self.table(rows, [10 * cm, 6 * cm], header_rows=0), Spacer(1, 10)]

    def ranking_table(self):
        lang = self.lang
        rows = [[t("no", lang), "Instansi" if lang == "id" else "Agency", "Survei" if lang == "id" else "Survey",
                 t("respondents", lang), "Target", t("ikm", lang), t("grade", lang)]]
        for i, line in enumerate(self.data.lines, 1):
            rows.append([str(i), self.p(pdf_text(line.tenant.name), "cell"),
                         self.p(pdf_text(line.survey.title), "cell"),
                         fmt.integer(line.result.respondents, lang),
                         fmt.integer(line.target, lang) if line.target else "—",
                         self.num(line.result.ikm_display, 2), line.result.mutu or "—"])
        return self.table(rows, [0.9 * cm, 5.4 * cm, 3.6 * cm, 2.3 * cm, 1.6 * cm, 1.6 * cm, 1.3 * cm],
                          extra=[("ALIGN", (3, 1), (-1, -1), "RIGHT")])

    def method_note(self) -> str:
        if self.lang == "en":
            return ("Each agency's latest open or closed survey. The regency IKM is pooled over all respondents "
                    "(NRRs recomputed over every response, exact weights 1/9), not the mean of the agency IKMs.")
        return ("Untuk tiap instansi digunakan survei terakhir yang dibuka atau ditutup. IKM kabupaten dihitung "
                "gabungan atas seluruh responden (NRR dihitung ulang dari semua jawaban, bobot tepat 1/9), bukan "
                "rata-rata IKM instansi.")
