"""Respondent text made safe for reports: contacts masked, markup escaped, formulas neutralised."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: Indonesian numbers (+62…, 62…, 08…) and any other run of 8+ digits, whatever separates them
#: (spaces, dots, dashes, underscores, brackets, up to three in a row) and whatever follows
PHONE = re.compile(r"(?<![\d+])\+?\(?\d(?:[\s._()\-]{0,3}\d){7,}")
#: what spreadsheet programs read as the start of a formula (OWASP CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def mask_contacts(text: str) -> str:
    """Replace email addresses and phone numbers with a marker."""
    return PHONE.sub("[nomor disamarkan]", EMAIL.sub("[email disamarkan]", text))


def neutralise(value):
    """A string cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def comment_cell(text: str | None) -> str:
    """A comment as a spreadsheet cell: contacts masked, formula start neutralised."""
    return neutralise(mask_contacts(text)) if text else ""


def pdf_text(text: str | None) -> str:
    """Respondent text for a reportlab Paragraph (which reads a markup subset): masked and escaped."""
    return escape(mask_contacts(text or "")).replace("\n", "<br/>")
