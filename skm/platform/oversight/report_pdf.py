"""The regency report of a period (PDF): every agency ranked, targets, changes, the combined IKM.

The figures are those of ``/api/v1/regency/results`` for the same period and method: each
agency's read in that agency's scope, only SQL aggregates, no response rows.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import cm
from reportlab.platypus import Spacer

from skm.platform.oversight.report_data import RegencyData, chart_label
from skm.platform.oversight.standings import Standing
from skm.tenants.reports import formatting as fmt
from skm.tenants.reports.charts import horizontal_bars
from skm.tenants.reports.document import ReportDocument
from skm.tenants.reports.sanitize import pdf_text
from skm.tenants.reports.texts import t

METHOD_NOTES = {
    ("pooled", "id"): "IKM kabupaten dihitung gabungan atas seluruh responden (NRR tiap unsur dihitung ulang dari "
                      "semua jawaban, bobot tepat 1/9), bukan rata-rata IKM instansi.",
    ("pooled", "en"): "The regency IKM is pooled over all respondents (each element's NRR recomputed over every "
                      "answer, exact weights 1/9), not the mean of the agencies' IKMs.",
    ("mean", "id"): "IKM kabupaten adalah rata-rata IKM instansi (tiap instansi berbobot sama, berapa pun "
                    "respondennya).",
    ("mean", "en"): "The regency IKM is the mean of the agencies' IKMs (each agency weighs the same, whatever its "
                    "number of respondents).",
}
SCOPE_NOTES = {
    "id": "Setiap instansi dinilai dari seluruh jawaban yang diberikan dalam periode ini pada semua surveinya "
          "(sembilan unsur standar). Tanda * : responden di bawah target sampel Krejcie & Morgan.",
    "en": "Each agency is rated on every answer given in this period across all its surveys (the nine standard "
          "elements). Mark *: respondents below the Krejcie & Morgan sample target.",
}


class RegencyReport(ReportDocument):
    """Ranking of the agencies, their respondents against the targets, and the combined regency IKM."""

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
        return f"IKM {self.data.title} {self.data.period.label(self.lang)}"

    def story(self) -> list:
        lang, data = self.lang, self.data
        heading = "REKAPITULASI INDEKS KEPUASAN MASYARAKAT" if lang == "id" else "PUBLIC SATISFACTION INDEX SUMMARY"
        story = [self.p(heading, "cover"), self.p(pdf_text(data.title.upper()), "cover_sub"),
                 self.p(data.period.label(lang), "cover_sub"), Spacer(1, 0.6 * cm)]
        story += self.combined_block() + [self.ranking_table(), Spacer(1, 10)]
        ranked = data.ranked[:self.chart_limit]
        if ranked:
            story.append(horizontal_bars([chart_label(row.tenant.name, 44) for row in ranked],
                                         [float(row.result.ikm_display) for row in ranked], "IKM", value_max=100,
                                         value_format=self.chart_number(2), label_width=230))
        story += [self.p(SCOPE_NOTES[lang], "note"), self.p(METHOD_NOTES[data.combined["method"], lang], "note")]
        return story

    def combined_block(self) -> list:
        combined, lang = self.data.combined, self.lang
        pooled = combined["method"] == "pooled"
        label = {("id", True): "IKM kabupaten (gabungan seluruh responden)",
                 ("en", True): "Regency IKM (pooled over respondents)",
                 ("id", False): "IKM kabupaten (rata-rata IKM instansi)",
                 ("en", False): "Regency IKM (mean of the agencies' IKMs)"}[lang, pooled]
        if combined["ikm_display"] is None:
            return [self.p(f"{label}: —")]
        rows = [[label, self.num(combined["ikm_display"], 2)],
                [t("grade", lang), f"{combined['mutu']} ({combined['kinerja']})"]]
        if pooled:
            rows.append([t("respondents", lang), fmt.integer(combined["respondents"], lang)])
        return [self.table(rows, [10 * cm, 6 * cm], header_rows=0), Spacer(1, 10)]

    def ranking_table(self):
        lang = self.lang
        change = "Perubahan" if lang == "id" else "Change"
        rows = [[t("no", lang), "Instansi" if lang == "id" else "Agency", t("respondents", lang), "Target",
                 t("ikm", lang), t("grade", lang), change]]
        for i, row in enumerate(self.data.rows, 1):
            rows.append([str(i), self.p(pdf_text(row.tenant.name), "cell"), self.respondents(row),
                         fmt.integer(row.target, lang) if row.target else "—",
                         self.num(row.result.ikm_display if row.result else None, 2),
                         (row.result.mutu or "—") if row.result else "—", self.change(row)])
        return self.table(rows, [0.9 * cm, 5.7 * cm, 2.4 * cm, 1.6 * cm, 1.6 * cm, 1.3 * cm, 2.5 * cm],
                          extra=[("ALIGN", (2, 1), (-1, -1), "RIGHT")])

    def respondents(self, row: Standing) -> str:
        return fmt.integer(row.respondents, self.lang) + (" *" if row.below_target else "")

    def change(self, row: Standing) -> str:
        if row.change is None:
            return "—"
        sign = "+" if row.change > 0 else ""
        return sign + fmt.number(row.change, 2, self.lang)
