"""The official SKM report (Laporan Hasil SKM, SKM.md §4.6) as a reportlab platypus document.

A class with hooks (cf. pretix's ReportlabExportMixin): ``story()`` assembles the chapters,
each chapter is one method; the page set-up is :class:`~skm.tenants.reports.document.ReportDocument`
and the appendices are :class:`~skm.tenants.reports.appendices.Appendices`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cached_property

from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, NextPageTemplate, PageBreak, Spacer, Table, TableStyle

from skm.tenants.reports import formatting as fmt
from skm.tenants.reports.appendices import Appendices
from skm.tenants.reports.charts import horizontal_bars, trend_line
from skm.tenants.reports.data import ReportData
from skm.tenants.reports.document import ReportDocument
from skm.tenants.reports.letterhead import kop_surat, signature_lines
from skm.tenants.reports.sanitize import pdf_text
from skm.tenants.reports.styles import BOLD, GRADE_COLORS, NAVY, table_style
from skm.tenants.reports.texts import BACKGROUND, CONCLUSION, LEGAL_BASIS, METHOD, PURPOSE, TIMETABLE, setting, t
from skm.tenants.responses.services import local_today
from skm.tenants.results.engine import IkmResult
from skm.tenants.settings.logo import logo_file
from skm.tenants.settings.services import agency_settings


class SkmReport(Appendices, ReportDocument):
    """The full Laporan Hasil SKM: cover, BAB I–V and the appendices."""

    def __init__(self, data: ReportData, progress: Callable[[int], None] | None = None):
        super().__init__(data.language, progress)
        self.data = data

    def header_text(self) -> tuple[str, str]:
        return self.data.tenant.name, t("title", self.lang).split(" (")[0].title()

    def footer_text(self) -> str:
        return self.period()

    def title(self) -> str:
        return f"{t('title', self.lang)} {self.data.tenant.name}"

    def author(self) -> str:
        return self.data.tenant.name

    def story(self) -> list:
        parts = [self.cover, self.chapter_1, self.chapter_2, self.chapter_3, self.chapter_4, self.chapter_5,
                 self.appendix_questionnaire, self.appendix_processing, self.appendix_comments]
        story: list = []
        for index, part in enumerate(parts):
            story += part()
            self.progress(10 + 60 * (index + 1) // len(parts))
        return story

    @cached_property
    def agency(self) -> dict:
        """The agency's settings by their API names (skm.tenants.settings)."""
        return agency_settings(self.data.tenant)

    def text(self, key: str, default):
        """The agency's own text: from the settings schema (``report_<key>``), else free-form ``report.<key>``."""
        name = f"report_{key}_en" if self.lang == "en" else f"report_{key}"
        if name in self.agency:
            return self.agency[name] or default
        return setting(self.data.tenant.settings, key, self.lang, default)

    def period(self) -> str:
        return fmt.period(self.data.survey.starts_on, self.data.survey.ends_on, self.lang)

    # ---- cover ------------------------------------------------------------------------------
    def cover(self) -> list:
        data, lang = self.data, self.lang
        width = self.pagesize[0] - self.margins[1] - self.margins[3]
        story: list = [*kop_surat(self.agency, logo_file(data.tenant.settings), width), Spacer(1, 4 * cm)]
        story += [
            self.p(t("title", lang), "cover"), Spacer(1, 0.8 * cm),
            self.p(pdf_text(data.tenant.name.upper()), "cover_sub"), Spacer(1, 0.4 * cm),
            self.p(f"{t('period', lang)} {self.period().upper()}", "cover_sub"), Spacer(1, 0.3 * cm),
            self.p(pdf_text(data.survey.title), "center"), Spacer(1, 5 * cm),
        ]
        if region := self.agency["region"]:
            story.append(self.p(pdf_text(region.upper()), "cover_sub"))
        story += [self.p(str(data.survey.ends_on.year), "cover_sub"), NextPageTemplate("body"), PageBreak()]
        return story

    # ---- BAB I ------------------------------------------------------------------------------
    def chapter_1(self) -> list:
        lang, agency = self.lang, pdf_text(self.data.tenant.name)
        background = self.text("background", BACKGROUND[lang])
        basis = self.text("legal_basis", LEGAL_BASIS[lang])
        story = [self.p(t("bab1", lang), "chapter"), self.p(t("1.1", lang), "section"),
                 self.p(pdf_text(background).replace("{agency}", agency)), self.p(t("1.2", lang), "section")]
        story += [self.p(f"{i}. {pdf_text(item)}") for i, item in enumerate(basis, 1)]
        story += [self.p(t("1.3", lang), "section"), self.p(pdf_text(self.text("purpose", PURPOSE[lang]))),
                  PageBreak()]
        return story

    # ---- BAB II -----------------------------------------------------------------------------
    def chapter_2(self) -> list:
        data, lang = self.data, self.lang
        team_default = (f"SKM dilaksanakan secara mandiri oleh tim pelaksana {data.tenant.name}." if lang == "id"
                        else f"The survey was run by {data.tenant.name}'s own survey team.")
        location_default = (f"Lokasi pelayanan {data.tenant.name} dan tautan survei daring." if lang == "id"
                            else f"The service locations of {data.tenant.name} and the online survey links.")
        story = [self.p(t("bab2", lang), "chapter"),
                 self.p(t("2.1", lang), "section"), self.p(pdf_text(self.text("team", team_default))),
                 self.p(t("2.2", lang), "section"), self.p(pdf_text(self.text("method", METHOD[lang])))]
        rows = [[t("no", lang), t("element", lang)]] + [
            [e.code, self.p(pdf_text(data.element_name(e)), "cell")] for e in data.elements]
        story += [self.table(rows, [2 * cm, 12 * cm]), Spacer(1, 6),
                  self.p(t("2.3", lang), "section"), self.p(pdf_text(self.text("location", location_default))),
                  self.p(t("2.4", lang), "section"), self.timetable(),
                  self.p(t("2.5", lang), "section"), *self.sample_table(), PageBreak()]
        return story

    def timetable(self) -> Table:
        survey, lang = self.data.survey, self.lang
        when = ["—", self.period(), "—", fmt.day(date.today(), lang)]
        own = self.text("timetable", None)
        rows = [[t("no", lang), t("timetable", lang), t("rtl_time", lang)]]
        for i, (activity, default) in enumerate(zip(TIMETABLE[lang], when, strict=True)):
            value = own[i] if isinstance(own, list) and i < len(own) else default
            rows.append([str(i + 1), activity, self.p(pdf_text(str(value)), "cell")])
        del survey
        return self.table(rows, [1.2 * cm, 7.5 * cm, 7.3 * cm])

    def sample_table(self) -> list:
        data, lang = self.data, self.lang
        population = data.survey.population
        rows = [[t("population", lang), fmt.integer(population, lang) if population else t("not_set", lang)],
                [t("target", lang), fmt.integer(data.target, lang) if data.target else "—"],
                [t("actual", lang), fmt.integer(data.respondents, lang)]]
        table = self.table(rows, [10 * cm, 6 * cm], header_rows=0, extra=[("ALIGN", (1, 0), (1, -1), "RIGHT")])
        story = [table, Spacer(1, 6)]
        if data.target and data.respondents < data.target:
            note = (f"Jumlah responden ({data.respondents}) masih di bawah sampel minimal ({data.target}); hasil "
                    "tetap dihitung dan perlu dibaca dengan hati-hati." if lang == "id" else
                    f"The {data.respondents} respondents are below the minimum sample of {data.target}; the "
                    "results are still computed and should be read with care.")
            story.append(self.p(note, "note"))
        return story

    # ---- BAB III ----------------------------------------------------------------------------
    def chapter_3(self) -> list:
        data, lang = self.data, self.lang
        story = [self.p(t("bab3", lang), "chapter"), self.p(t("3.1", lang), "section")]
        if not data.respondents:
            story.append(self.p(t("no_data", lang)))
        for field, rows in data.profile.items():
            if rows:
                story.append(self.profile_block(field, rows))
        story += [PageBreak(), self.p(t("3.2", lang), "section"), self.element_table(), Spacer(1, 8)]
        story += self.ikm_block(data.result)
        if data.result.ikm_display is not None:
            labels = [f"{e.code} {e.name}" for e in data.result.elements if e.converted is not None]
            values = [float(e.converted) for e in data.result.elements if e.converted is not None]
            story.append(KeepTogether([horizontal_bars(labels, values, "NRR x 25", value_max=100,
                                                       value_format=self.chart_number(2))]))
        if data.by_service:
            story += [self.p(t("3.3", lang), "section"), self.service_table()]
        story.append(PageBreak())
        return story

    def profile_block(self, field: str, rows: list[tuple[str, int]]) -> KeepTogether:
        lang, total = self.lang, sum(n for _, n in rows) or 1
        table_rows = [[t(field, lang), t("count", lang), "%"]] + [
            [label, fmt.integer(n, lang), self.num(100 * n / total, 1)] for label, n in rows]
        table = self.table(table_rows, [4.2 * cm, 1.8 * cm, 1.5 * cm], extra=[("ALIGN", (1, 1), (-1, -1), "RIGHT")])
        chart = horizontal_bars([label for label, _ in rows], [100 * n / total for _, n in rows],
                                f"{t(field, lang)} (%)", width=250, value_max=100, value_format=self.chart_number(1),
                                label_width=95)
        holder = Table([[table, chart]], colWidths=[8 * cm, 9 * cm])
        holder.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        return KeepTogether([holder, Spacer(1, 10)])

    def element_table(self) -> Table:
        lang, result = self.lang, self.data.result
        rows = [[t("no", lang), t("element", lang), "n", "Σ", "NRR", t("nrr_w", lang), "NRR\nx 25", t("grade", lang)]]
        for e in result.elements:
            rows.append([e.code, self.p(pdf_text(e.name), "cell"), fmt.integer(e.n, lang), fmt.integer(e.total, lang),
                         self.num(e.nrr, 3), self.num(e.nrr_weighted, 4), self.num(e.converted, 2), e.mutu or "—"])
        rows.append(["", self.p(f"<b>{t('ikm', lang)}</b>", "cell"), "", "", "", self.num(result.ikm, 4),
                     self.num(result.ikm_display, 2), result.mutu or "—"])
        extra = [("ALIGN", (2, 1), (-1, -1), "RIGHT"), ("ALIGN", (-1, 0), (-1, -1), "CENTER"),
                 ("FONTNAME", (0, -1), (-1, -1), BOLD)]
        return self.table(rows, [1 * cm, 5.1 * cm, 1.2 * cm, 1.5 * cm, 1.5 * cm, 2.7 * cm, 2 * cm, 1.2 * cm],
                          extra=extra)

    def ikm_block(self, result: IkmResult) -> list:
        lang = self.lang
        if result.ikm_display is None:
            return [self.p(t("no_data", lang))]
        grade_color = GRADE_COLORS.get(result.mutu, NAVY)
        rows = [[t("ikm", lang), self.num(result.ikm_display, 2)],
                [t("grade", lang), f"{result.mutu} ({result.kinerja})"]]
        if result.confidence_interval is not None:
            low, high = result.confidence_interval
            rows.append([t("interval", lang), f"{self.num(low, 2)} – {self.num(high, 2)}"])
        table = Table(rows, colWidths=[7 * cm, 9 * cm])
        table.setStyle(TableStyle(table_style(0, font_size=10) + [
            ("FONTNAME", (1, 0), (1, 1), BOLD), ("FONTSIZE", (1, 0), (1, 0), 16), ("LEADING", (1, 0), (1, 0), 20),
            ("TEXTCOLOR", (1, 0), (1, 1), grade_color)]))
        mode = "weights_legacy" if result.weights == "legacy-0.111" else "weights_exact"
        return [table, Spacer(1, 4), self.p(t(mode, lang), "note"), Spacer(1, 6)]

    def service_table(self) -> Table:
        lang = self.lang
        rows = [[t("service", lang), t("respondents", lang), t("ikm", lang), t("grade", lang)]]
        for name, result in self.data.by_service:
            rows.append([self.p(pdf_text(name), "cell"), fmt.integer(result.respondents, lang),
                         self.num(result.ikm_display, 2), f"{result.mutu or '—'}"])
        return self.table(rows, [8 * cm, 3 * cm, 2.5 * cm, 2.5 * cm], extra=[("ALIGN", (1, 1), (-1, -1), "RIGHT")])

    # ---- BAB IV -----------------------------------------------------------------------------
    def chapter_4(self) -> list:
        data, lang = self.data, self.lang
        story = [self.p(t("bab4", lang), "chapter"), self.p(t("4.1", lang), "section")]
        lowest, highest = self.extremes()
        if lowest:
            story.append(self.p(self.analysis_text(lowest, highest)))
        else:
            story.append(self.p(t("no_data", lang)))
        story += [self.p(t("4.2", lang), "section"), *self.rtl_table(lowest), Spacer(1, 8), *self.previous_plan(),
                  self.p(t("4.3", lang), "section")]
        if data.trend:
            labels = [label for label, _ in data.trend]
            values = [float(result.ikm_display) for _, result in data.trend]
            story.append(trend_line(labels, values, "IKM", value_format=self.chart_number(2)))
            rows = [[t("period", lang).title(), t("respondents", lang), t("ikm", lang), t("grade", lang)]] + [
                [self.p(pdf_text(label), "cell"), fmt.integer(r.respondents, lang), self.num(r.ikm_display, 2),
                 r.mutu] for label, r in data.trend]
            story.append(self.table(rows, [7 * cm, 3 * cm, 3 * cm, 3 * cm],
                                    extra=[("ALIGN", (1, 1), (-1, -1), "RIGHT")]))
        else:
            story.append(self.p(t("no_data", lang)))
        story.append(PageBreak())
        return story

    def extremes(self):
        ranked = self.data.result.lowest_elements(len(self.data.result.elements))
        return ranked[:3], list(reversed(ranked[-3:])) if ranked else []

    def analysis_text(self, lowest, highest) -> str:
        def listing(elements):
            return ", ".join(f"{pdf_text(e.name)} ({self.num(e.converted, 2)})" for e in elements)

        if self.lang == "en":
            return (f"The weakest elements are {listing(lowest)}. The strongest elements are {listing(highest)}. "
                    "The weakest elements come first in the follow-up plan.")
        return (f"Unsur pelayanan dengan nilai terendah adalah {listing(lowest)}. Unsur dengan nilai tertinggi adalah "
                f"{listing(highest)}. Unsur terendah menjadi prioritas dalam rencana tindak lanjut.")

    def rtl_table(self, lowest) -> list:
        """The follow-up register's items; a generic proposal, saying so, only when it is empty."""
        if not self.data.followups:
            return [self.p(t("rtl_generic_note", self.lang), "note"), self.generic_rtl_table(lowest)]
        return [self.register_table(self.data.followups)]

    def register_table(self, items) -> Table:
        lang, today = self.lang, local_today(self.data.tenant)
        rows = [[t("no", lang), t("rtl_priority", lang), t("rtl_program", lang), t("rtl_time", lang),
                 t("rtl_owner", lang), t("rtl_status", lang)]]
        for i, item in enumerate(items, 1):
            status = t(f"status_{item.status}", lang) + (f" ({t('status_overdue', lang)})"
                                                         if item.is_overdue(today) else "")
            if item.evidence:
                status += f"<br/>{t('rtl_evidence', lang)}: {pdf_text(item.evidence)}"
            rows.append([str(i), self.p(pdf_text(item.element or "—"), "cell"),
                         self.p(f"<b>{pdf_text(item.title)}</b><br/>{pdf_text(item.action)}", "cell"),
                         self.p(fmt.day(item.due_on, lang), "cell"), self.p(pdf_text(item.owner), "cell"),
                         self.p(status, "cell")])
        return self.table(rows, [0.9 * cm, 1.6 * cm, 6 * cm, 2.6 * cm, 3 * cm, 2.9 * cm])

    def generic_rtl_table(self, lowest) -> Table:
        lang = self.lang
        owner = self.text("rtl_owner", self.data.tenant.name)
        rows = [[t("no", lang), t("rtl_priority", lang), t("rtl_program", lang), t("rtl_time", lang),
                 t("rtl_owner", lang)]]
        for i, e in enumerate(lowest, 1):
            program = t("rtl_program_default", lang).format(name=e.name)
            rows.append([str(i), self.p(pdf_text(f"{e.code} {e.name}"), "cell"), self.p(pdf_text(program), "cell"),
                         self.p(t("rtl_time_default", lang), "cell"), self.p(pdf_text(owner), "cell")])
        return self.table(rows, [1 * cm, 4 * cm, 5 * cm, 2.6 * cm, 4.4 * cm])

    def previous_plan(self) -> list:
        """What became of the previous period's items (nothing when there was no earlier plan)."""
        previous = self.data.previous_survey
        if previous is None:
            return []
        heading = t("rtl_previous", self.lang).format(survey=pdf_text(previous.title))
        return [self.p(heading, "section"), self.register_table(self.data.previous_followups), Spacer(1, 8)]

    # ---- BAB V ------------------------------------------------------------------------------
    def chapter_5(self) -> list:
        data, lang, result = self.data, self.lang, self.data.result
        story = [self.p(t("bab5", lang), "chapter")]
        if result.ikm_display is None:
            story.append(self.p(t("no_data", lang)))
        else:
            lowest, highest = self.extremes()
            story.append(self.p(CONCLUSION[lang].format(
                agency=pdf_text(data.tenant.name), period=self.period(), ikm=self.num(result.ikm_display, 2),
                mutu=result.mutu, kinerja=result.kinerja, lowest=", ".join(pdf_text(e.name) for e in lowest),
                highest=", ".join(pdf_text(e.name) for e in highest))))
        story += [Spacer(1, 1.5 * cm), self.signature(), PageBreak()]
        return story

    def signature(self) -> Table:
        """Place, date (the agency's today), title, room to sign, name and NIP, on the right."""
        lines = signature_lines(self.agency, local_today(self.data.tenant), self.lang)
        return Table([["", self.p("<br/>".join(lines), "center")]], colWidths=[8 * cm, 9 * cm])
