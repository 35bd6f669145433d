"""Contact lists for invitation campaigns: read a CSV/XLSX or a JSON list and validate every row.

Each row needs an email and/or a phone. Emails are checked with email-validator (syntax only,
no DNS, so uploads work offline); phones with phonenumbers, Indonesian by default, and written
in E.164 (``0812…`` → ``+62812…``); see skm/platform/inputs/contacts.py. Rows with the same email
or phone are merged into the first.
Problems never stop the batch: each bad row is reported with its ``index`` (its position in the
list, from 0) and a reason. Rows read from a file also know their ``row`` in the user's sheet
(see :class:`ContactFile`), since blank lines and lines above the header are not in the list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _

from skm.platform.data.db_types import NUL
from skm.platform.inputs.contacts import normalise_email, normalise_phone

# the spreadsheet reader of the answer files also reads contact lists (same CSV/XLSX rules)
from skm.platform.inputs.spreadsheets import Source, cell_text, read_grid

LANGUAGES = ("id", "en")
COLUMNS = {
    "email": "email", "e-mail": "email", "surel": "email",
    "phone": "phone", "telepon": "phone", "hp": "phone", "no_hp": "phone", "whatsapp": "phone",
    "name": "name", "nama": "name",
    "service_type": "service_type", "jenis_layanan": "service_type", "layanan": "service_type",
    "language": "language", "bahasa": "language",
}


@dataclass
class Contact:
    index: int
    email: str | None = None
    phone: str | None = None
    name: str | None = None
    service_type_id: int | None = None
    language: str = "id"


@dataclass
class ContactList:
    contacts: list[Contact] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    merged: int = 0

    def reject(self, index: int, reason: str) -> None:
        self.rejected.append({"index": index, "reason": reason})


@dataclass
class ContactFile:
    """The contact rows of a CSV/XLSX file and, for each, the row number shown in the user's sheet."""

    rows: list[dict[str, str]] = field(default_factory=list)
    sheet_rows: list[int] = field(default_factory=list)

    def with_sheet_rows(self, rejected: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """``rejected`` (reports by list ``index``) with each one's ``row`` in the sheet, header counted."""
        return [{**report, "row": self.sheet_rows[report["index"]]} for report in rejected]


def read_contact_file(source: Source, filename: str, max_rows: int | None = None) -> ContactFile:
    """The rows of a CSV/XLSX contact file as dicts keyed by our column names (header row first).

    A file of more than ``max_rows`` contacts is refused as soon as the next row is read.
    """
    grid = iter(read_grid(source, filename))
    header = next((cells for _row, cells in grid if any(cell_text(c) for c in cells)), None)
    if header is None:
        raise ValueError(_("Berkas kosong"))
    names = [COLUMNS.get(cell_text(c).lower().replace(" ", "_")) for c in header]
    if "email" not in names and "phone" not in names:
        raise ValueError(_("Berkas perlu kolom email atau phone"))
    contact_file = ContactFile()
    for sheet_row, cells in grid:
        if any(cell_text(c) for c in cells):
            if len(contact_file.rows) == max_rows:
                raise ValueError(too_many_contacts(max_rows))
            contact_file.rows.append({n: cell_text(c) for n, c in zip(names, cells, strict=False)
                                      if n and cell_text(c)})
            contact_file.sheet_rows.append(sheet_row)
    return contact_file


def too_many_contacts(max_rows: int) -> str:
    return _("Paling banyak %(n)s kontak per unggahan; bagi daftar ini menjadi beberapa berkas.",
             n=format_decimal(max_rows))


def validate_contacts(rows: Iterable[Any], service_types: dict[str, int]) -> ContactList:
    """Validate ``rows`` (dicts); ``service_types`` maps lower-case names (and ids as text) to ids."""
    result = ContactList()
    seen: dict[str, Contact] = {}
    for index, row in enumerate(rows):
        try:
            contact = _contact(index, row, service_types)
        except ValueError as exc:
            result.reject(index, str(exc))
            continue
        matches = {id(seen[k]): seen[k] for k in (contact.email, contact.phone) if k and k in seen}
        first = next(iter(matches.values()), None)
        if len(matches) > 1 or (first is not None and _conflicts(first, contact)):
            result.reject(index, _("Bertentangan dengan baris lain: email atau telepon berbeda"))
            continue
        if first is not None:
            _merge(first, contact)
            result.merged += 1
        else:
            result.contacts.append(contact)
            first = contact
        for key in (first.email, first.phone):
            if key:
                seen[key] = first
    return result


def _contact(index: int, row: Any, service_types: dict[str, int]) -> Contact:
    if not isinstance(row, dict):
        raise ValueError(_("Baris harus berupa objek"))
    email, phone = _clean(row.get("email")), _clean(row.get("phone"))
    if not email and not phone:
        raise ValueError(_("Email atau nomor telepon wajib diisi"))
    language = (_clean(row.get("language")) or "id").lower()
    if language not in LANGUAGES:
        raise ValueError(_("Bahasa harus id atau en"))
    service = _clean(row.get("service_type"))
    if service and service.lower() not in service_types:
        raise ValueError(_("Jenis layanan tidak dikenal: %(name)s", name=service))
    name = _clean(row.get("name"))
    return Contact(index=index, email=normalise_email(email) if email else None,
                   phone=normalise_phone(phone) if phone else None, name=name[:200] if name else None,
                   service_type_id=service_types[service.lower()] if service else None, language=language)


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if NUL in text:  # PostgreSQL text cannot hold it
        raise ValueError(_("Teks tidak boleh berisi karakter NUL"))
    return text or None


def _conflicts(first: Contact, other: Contact) -> bool:
    """The same person by one key but another email or phone: merging would lose a contact."""
    return any(a and b and a != b for a, b in ((first.email, other.email), (first.phone, other.phone)))


def _merge(into: Contact, other: Contact) -> None:
    """Fill what the first row left empty; the first row wins where both have a value."""
    into.email = into.email or other.email
    into.phone = into.phone or other.phone
    into.name = into.name or other.name
    into.service_type_id = into.service_type_id or other.service_type_id
