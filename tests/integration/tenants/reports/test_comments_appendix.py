"""The PDF's comments appendix: newest date first, each date inside its own column (read back with pypdf)."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.reports.styles import FONT, register_fonts
from tests.factories import insert_rows, make_survey
from tests.integration.tenants.reports.test_builds import built

#: reportlab's default left and right padding of a table cell
CELL_PADDING = 6
DATE = re.compile(r"^\d{1,2} \w+ \d{4}$")
#: answered on these days, stored in this (id) order: a paper import after online answers
ANSWERED = [date(2026, 1, 2), date(2026, 9, 30), date(2026, 12, 28), date(2026, 11, 30), date(2026, 9, 28)]
SERVICE = "Rawat Jalan"


@pytest.fixture
def commented_survey(make_tenant, storage_dir):
    tenant = make_tenant("rsud", "RSUD dr. Murjani Sampit")
    with tenant_scope(tenant.id):
        survey = make_survey("SKM 2026", service_types=(SERVICE,))
        for number, day in enumerate(ANSWERED, 1):
            insert_rows(survey, [{"U1": 3}], tenant.id, service_type_id=survey.service_types[0].id,
                        submitted_on=day, comment=f"Saran warga ke-{number}")
        db.session.commit()
        return tenant, survey.id


def _text_runs(content: bytes) -> list[tuple[float, float, str]]:
    """(x, font size, text) of every text run on the last page (the comments appendix)."""
    runs = []

    def visit(text, matrix, text_matrix, font, size):
        if text.strip():
            runs.append((matrix[4] + text_matrix[4], size, text.strip()))

    PdfReader(io.BytesIO(content)).pages[-1].extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize("language", ["id", "en"])
def test_comment_dates_stay_in_their_column_newest_first(commented_survey, language):
    tenant, survey_id = commented_survey
    runs = _text_runs(built(tenant, survey_id, "pdf", language)[1])
    dates = [(x, size, text) for x, size, text in runs if DATE.match(text)]
    expected = {"id": ["28 Desember 2026", "30 November 2026", "30 September 2026", "28 September 2026",
                       "2 Januari 2026"],
                "en": ["28 December 2026", "30 November 2026", "30 September 2026", "28 September 2026",
                       "2 January 2026"]}[language]
    assert [text for _, _, text in dates] == expected
    service_column = min(x for x, _, text in runs if text == SERVICE) - CELL_PADDING
    register_fonts()
    widest = max(x + stringWidth(text, FONT, size) for x, size, text in dates)
    assert widest <= service_column - CELL_PADDING, (widest, service_column)
