"""The regency report for the central admin: every tenant's IKM and grade, a ranking, the pooled IKM.

The figures come from :mod:`skm.tenants.results.regency` (the same as ``/api/v1/regency/results``):
each tenant's read in that tenant's scope, only SQL aggregates, no response rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import cm
from reportlab.platypus import Spacer

from skm.platform.agencies.models import Tenant
from skm.tenants.reports import formatting as fmt
from skm.tenants.reports.charts import horizontal_bars
from skm.tenants.reports.document import ReportDocument
from skm.tenants.reports.sanitize import pdf_text
from skm.tenants.reports.texts import t
from skm.tenants.results.engine import IkmResult
from skm.tenants.results.regency import pooled, unit_results
from skm.tenants.results.sampling import target_sample
from skm.tenants.surveys.models import Survey


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


def load_regency(title: str, language: str = "id") -> RegencyData:
    """Each agency's latest opened survey, ranked by IKM, and the regency IKM pooled over respondents."""
    units = [unit for unit in unit_results() if unit.survey is not None]
    lines = [TenantLine(unit.tenant, unit.survey, unit.result,
                        target_sample(unit.survey.population) if unit.survey.population else None) for unit in units]
    lines.sort(key=lambda line: (line.result.ikm_converted is None, -(line.result.ikm_converted or 0)))
    return RegencyData(title, lines, pooled([unit.result for unit in units]) if units else None, language)


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
