"""What people read instead of codes: the label of each status, channel and role code.

The API and the code columns of the exports keep the codes; staff pages (as Jinja filters) and
the label columns of the exports show these labels, in the current language. A code without a
label (one added later) shows as itself rather than failing the page.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from skm.platform.audit.catalogue import ACTIONS as AUDIT_ACTIONS

INVITATION_STATUSES = {
    "pending": _l("Menunggu"), "sending": _l("Sedang dikirim"), "sent": _l("Terkirim"),
    "delivered": _l("Diterima"), "bounced": _l("Terpental"), "failed": _l("Gagal"),
    "completed": _l("Sudah mengisi"), "opted_out": _l("Berhenti berlangganan"),
}
#: how an invitation reaches the resident
INVITATION_CHANNELS = {"email": _l("Email"), "sms": _l("SMS"), "whatsapp": _l("WhatsApp")}
#: how a response came in (``Response.channel``; the exports' channel label column)
RESPONSE_CHANNELS = {
    "invitation": _l("Tautan undangan"), "open_link": _l("Tautan terbuka (QR)"), "kiosk": _l("Kios"),
    "ticket": _l("Tiket antrean"), "paper": _l("Kuesioner kertas"), "api": _l("API"),
}
ROLES = {"admin": _l("Admin"), "staff": _l("Staf"), "viewer": _l("Peninjau"), "platform_admin": _l("Admin pusat")}
SURVEY_STATUSES = {"draft": _l("draf"), "open": _l("dibuka"), "closed": _l("ditutup")}
REPORT_STATUSES = {"queued": _l("Menunggu antrean"), "running": _l("Sedang disusun"), "done": _l("Selesai"),
                   "failed": _l("Gagal")}
REPORT_FORMATS = {
    "pdf": _l("Laporan lengkap (PDF)"), "xlsx": _l("Spreadsheet (XLSX)"), "csv": _l("Data mentah (CSV)"),
    "csv-excel-id": _l("Data mentah (CSV, Excel Indonesia)"), "summary-pdf": _l("Ringkasan publik (PDF)"),
    "summary-png": _l("Ringkasan publik (PNG)"),
}
FOLLOWUP_STATUSES = {"planned": _l("direncanakan"), "in_progress": _l("sedang berjalan"), "done": _l("selesai")}
COMMENT_STATUSES = {"new": _l("baru"), "handled": _l("sudah ditangani")}
#: what a message to a resident is for
MESSAGE_KINDS = {"invitation": _l("Undangan"), "reminder": _l("Pengingat")}
#: languages by their own names, the same in every interface language
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}


def label(labels: Mapping[str, object], code: str | None) -> str:
    """The label of ``code`` in the current language; the code itself when it has none."""
    found = labels.get(code) if code is not None else None
    return str(found) if found is not None else (code or "")


def in_language(labels: Mapping[str, object], language: str) -> dict[str, str]:
    """Every label of ``labels`` in ``language``: for exports, which a worker builds in the report's language."""
    with force_locale(language):
        return {code: str(text) for code, text in labels.items()}


#: Jinja filter name → the labels it reads (``{{ row.status|invitation_status }}``)
FILTERS = {
    "invitation_status": INVITATION_STATUSES,
    "invitation_channel": INVITATION_CHANNELS,
    "role": ROLES,
    "survey_status": SURVEY_STATUSES,
    "report_status": REPORT_STATUSES,
    "report_format": REPORT_FORMATS,
    "message_kind": MESSAGE_KINDS,
    "language_name": LANGUAGES,
    "followup_status": FOLLOWUP_STATUSES,
    "comment_status": COMMENT_STATUSES,
    "audit_action": AUDIT_ACTIONS,
}


def register(app: Flask) -> None:
    """Make every label filter available to every template."""
    for name, labels in FILTERS.items():
        app.add_template_filter(lambda code, labels=labels: label(labels, code), name)
