"""The appendices of the SKM report: questionnaire, processing table (or frequencies), comments."""

from __future__ import annotations

from itertools import islice

from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table

from skm.tenants.reports import formatting as fmt
from skm.tenants.reports.data import COMMENT_LIMIT, PROCESSING_TABLE_LIMIT
from skm.tenants.reports.sanitize import pdf_text
from skm.tenants.reports.styles import BOLD, LIGHT
from skm.tenants.reports.texts import KETERANGAN, t

#: No, date, service type, comment: "30 September 2026" fits the date column on one line (a
#: paragraph, so a wider font wraps inside the cell instead of running into the next one)
COMMENT_COLUMNS = [0.9 * cm, 3.6 * cm, 3.4 * cm, 9.1 * cm]


class Appendices:
    """Lampiran 1–3; mixed into :class:`~skm.tenants.reports.pdf.SkmReport` (uses its ``data`` and helpers)."""

    def appendix_questionnaire(self) -> list:
        lang = self.lang
        story = [self.p(t("appendix", lang), "chapter"), self.p(t("l1", lang), "section")]
        for e in self.data.elements:
            options = " &nbsp; ".join(f"{i}. {pdf_text(o)}" for i, o in enumerate(e.options(lang), 1))
            story.append(KeepTogether([self.p(f"<b>{e.code}. {pdf_text(e.name(lang))}</b> — "
                                              f"{pdf_text(e.question(lang))}"),
                                       self.p(options, "cell"), Spacer(1, 6)]))
        story.append(PageBreak())
        return story

    def appendix_processing(self) -> list:
        data, lang = self.data, self.lang
        story = [self.p(t("l2", lang), "section")]
        if not data.has_processing_table:
            story.append(self.p(t("frequency_note", lang).format(n=fmt.integer(data.respondents, lang),
                                                                 limit=fmt.integer(PROCESSING_TABLE_LIMIT, lang))))
            story.append(self.frequency_table())
        else:
            story += self.processing_tables()
        story.append(PageBreak())
        return story

    def _column_widths(self) -> list[float]:
        count = len(self.data.elements)
        first = 3.2 * cm
        return [first] + [(17 * cm - first) / max(count, 1)] * count

    def processing_tables(self) -> list:
        """Respondents × elements, then the Σ / NRR / weighted rows and the IKM: one table that
        platypus splits across pages, repeating its header row on each."""
        data, lang, result = self.data, self.lang, self.data.result
        header = [t("no", lang)] + [e.code for e in data.elements]
        rows = [[str(number)] + ["" if v is None else str(v) for v in answers]
                for number, answers in enumerate(data.answers_only(), 1)]
        footer = [[t("sum_row", lang)] + [fmt.integer(e.total, lang) for e in result.elements],
                  [t("nrr_row", lang)] + [self.num(e.nrr, 3) for e in result.elements],
                  [t("nrrw_row", lang)] + [self.num(e.nrr_weighted, 3) for e in result.elements],
                  [t("ikm_unit", lang), self.num(result.ikm_display, 2)] + [""] * (len(result.elements) - 1)]
        style = [("ALIGN", (0, 1), (-1, -1), "CENTER"), ("FONTNAME", (0, -4), (-1, -1), BOLD),
                 ("BACKGROUND", (0, -4), (-1, -1), LIGHT), ("SPAN", (1, -1), (-1, -1)),
                 ("FONTSIZE", (0, -4), (0, -1), 6.5)]
        table = self.table([header] + rows + footer, self._column_widths(), font_size=7.5, extra=style)
        return [table, KeepTogether([Spacer(1, 6), self.p(self.keterangan(), "note")])]

    def keterangan(self) -> str:
        return KETERANGAN[self.lang]

    def frequency_table(self) -> Table:
        data, lang = self.data, self.lang
        rows = [[t("element", lang), "1", "2", "3", "4", "n", "NRR"]]
        for e, counts, r in zip(data.elements, data.frequencies, data.result.elements, strict=True):
            rows.append([self.p(f"{e.code} {pdf_text(e.name(lang))}", "cell")] +
                        [fmt.integer(c, lang) for c in counts] + [fmt.integer(r.n, lang), self.num(r.nrr, 3)])
        return self.table(rows, [7.4 * cm] + [1.6 * cm] * 6, extra=[("ALIGN", (1, 1), (-1, -1), "RIGHT")])

    def appendix_comments(self) -> list:
        data, lang = self.data, self.lang
        story = [self.p(t("l3", lang), "section")]
        if not data.comment_count:
            return story + [self.p("—")]
        shown = min(data.comment_count, COMMENT_LIMIT)
        story.append(self.p(t("comments_note", lang).format(shown=shown, total=fmt.integer(data.comment_count, lang)),
                            "note"))
        rows = [[t("no", lang), t("date", lang), t("service", lang), "Saran" if lang == "id" else "Comment"]]
        for i, (day, service, comment) in enumerate(islice(data.comments(), COMMENT_LIMIT), 1):
            rows.append([str(i), self.p(fmt.day(day, lang), "cell"), self.p(pdf_text(service or "—"), "cell"),
                         self.p(pdf_text(comment), "cell")])
        story.append(self.table(rows, COMMENT_COLUMNS, extra=[("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return story
