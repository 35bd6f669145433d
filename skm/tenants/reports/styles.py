"""Fonts and paragraph styles of the reports.

Embedded TrueType fonts: DejaVu Sans (Debian's fonts-dejavu-core, which has Σ, ≥ and the
Indonesian letters) when installed, else the Vera fonts that ship inside reportlab.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
VERA = Path(reportlab.__file__).parent / "fonts"
FONT, BOLD = "SkmSans", "SkmSans-Bold"

NAVY = colors.HexColor("#1f3a5f")
LIGHT = colors.HexColor("#e8eef5")
GRID = colors.HexColor("#9aa7b5")
GRADE_COLORS = {"A": colors.HexColor("#1b7f3b"), "B": colors.HexColor("#2f6db3"),
                "C": colors.HexColor("#d18b00"), "D": colors.HexColor("#b3261e")}


def _font_files() -> tuple[Path, Path]:
    regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        return regular, bold
    return VERA / "Vera.ttf", VERA / "VeraBd.ttf"


@cache
def register_fonts() -> None:
    regular, bold = _font_files()
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(BOLD, str(bold)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14.5, alignment=TA_JUSTIFY, spaceAfter=6)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, alignment=0, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5, alignment=0, spaceAfter=0),
        "note": ParagraphStyle("note", parent=body, fontSize=8.5, leading=11, textColor=colors.HexColor("#444444")),
        "chapter": ParagraphStyle("chapter", parent=body, fontName=BOLD, fontSize=14, leading=18, alignment=TA_CENTER,
                                  spaceBefore=0, spaceAfter=14, textColor=NAVY),
        "section": ParagraphStyle("section", parent=body, fontName=BOLD, fontSize=11, leading=15, spaceBefore=8,
                                  spaceAfter=6, alignment=0),
        "cover": ParagraphStyle("cover", parent=body, fontName=BOLD, fontSize=18, leading=25, alignment=TA_CENTER,
                                textColor=NAVY),
        "cover_sub": ParagraphStyle("cover_sub", parent=body, fontName=BOLD, fontSize=13, leading=18,
                                    alignment=TA_CENTER),
        "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER),
        "caption": ParagraphStyle("caption", parent=body, fontSize=8.5, leading=11, alignment=TA_CENTER,
                                  textColor=colors.HexColor("#444444"), spaceBefore=2, spaceAfter=10),
    }


def table_style(header_rows: int = 1, *, font_size: float = 8.5) -> list[tuple]:
    """The grid style every report table shares: navy header, light banding, thin grey grid."""
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), font_size),
        ("LEADING", (0, 0), (-1, -1), font_size + 2),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, LIGHT]),
    ]
    if header_rows:
        style += [("FONTNAME", (0, 0), (-1, header_rows - 1), BOLD),
                  ("BACKGROUND", (0, 0), (-1, header_rows - 1), NAVY),
                  ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), colors.white)]
    return style
