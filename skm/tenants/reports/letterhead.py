"""The report's letterhead (kop surat) and its signature block, from the agency's settings.

Kop surat: the logo on the left; the region's government, the agency's name and the address
lines centred beside it; a thick and a thin rule under it. Signature: place and date, the head's
title, room to sign, name and NIP. Where a person must write by hand (place, name, NIP not
set), a blank line is printed to write on.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, HRFlowable, Image, Paragraph, Spacer, Table, TableStyle

from skm.tenants.reports import formatting as fmt
from skm.tenants.reports.sanitize import pdf_text
from skm.tenants.reports.styles import BOLD, FONT, styles
from skm.tenants.reports.texts import t

BLANK = "_" * 28
LOGO_BOX = 2.2 * cm


def kop_surat(agency: dict[str, Any], logo: Path | None, width: float) -> list[Flowable]:
    """The letterhead across ``width``, with its double rule."""
    lines = [_line(agency["region"].upper(), BOLD, 11) if agency["region"] else None,
             _line(agency["name"].upper(), BOLD, 14),
             *(_line(text, FONT, 9) for text in agency["address_lines"])]
    text = [line for line in lines if line is not None]
    side = LOGO_BOX + 0.2 * cm  # the logo's column, mirrored on the right so the text is centred on the page
    table = Table([[_logo(logo) if logo else "", text, ""]], colWidths=[side, width - 2 * side, side])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [table, Spacer(1, 4),
            HRFlowable(width="100%", thickness=2.2, color=colors.black, spaceBefore=0, spaceAfter=1.5),
            HRFlowable(width="100%", thickness=0.7, color=colors.black, spaceBefore=0, spaceAfter=0)]


def _line(text: str, font: str, size: float) -> Paragraph:
    style = styles()["center"].clone(f"kop{size}", fontName=font, fontSize=size, leading=size * 1.25, spaceAfter=0)
    return Paragraph(pdf_text(text), style)


def _logo(path: Path) -> Image:
    image = Image(str(path))
    ratio = min(LOGO_BOX / image.imageWidth, LOGO_BOX / image.imageHeight)
    image.drawWidth, image.drawHeight = image.imageWidth * ratio, image.imageHeight * ratio
    return image


def signature_lines(agency: dict[str, Any], signed_on: date, language: str) -> list[str]:
    """The signature block's lines (paragraph markup): place and date, title, room to sign, name, NIP."""
    place = pdf_text(agency["report_place"]) if agency["report_place"] else BLANK
    title = agency["head_title"] or f"{t('signed', language)} {agency['name']}"
    name = f"<b><u>{pdf_text(agency['head_name'])}</u></b>" if agency["head_name"] else BLANK
    nip = nip_display(agency["head_nip"]) if agency["head_nip"] else BLANK
    return [f"{place}, {fmt.day(signed_on, language)}", pdf_text(title), "<br/><br/><br/>", name, f"NIP. {nip}"]


def nip_display(nip: str) -> str:
    """An 18-digit NIP in its printed groups: birth date, appointment, sex, number."""
    if len(nip) != 18 or not nip.isdigit():
        return pdf_text(nip)
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
