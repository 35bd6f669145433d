"""Resident-facing messages for the field errors of a submission, in the page's language.

The response service names each problem's field; the form shows one short, plain message
next to that field instead of the service's technical text.
"""

from __future__ import annotations

from flask_babel import gettext as _

from skm.tenants.responses.profile import AGE_MAX, AGE_MIN, COMMENT_MAX
from skm.tenants.responses.services import Submission

CHOICE_FIELDS = ("gender", "education", "occupation", "service_type")


def field_messages(errors: dict[str, list[str]], submission: Submission) -> dict[str, str]:
    """One message per field with a problem."""
    return {name: _message(name, submission) for name in errors}


def _message(name: str, submission: Submission) -> str:
    if name in submission.answers:
        if submission.answers[name] in (None, ""):
            return _("Mohon pilih salah satu jawaban.")
        return _("Jawaban ini tidak tersedia. Pilih salah satu pilihan.")
    if name == "answers":
        return _("Jawab setidaknya satu pertanyaan.")
    if name == "comment":
        return _("Saran terlalu panjang (%(length)s karakter). Paling banyak %(max)s karakter.",
                 length=len(str(submission.comment or "").strip()), max=COMMENT_MAX)
    if name == "age":
        return _("Umur harus berupa angka %(min)s sampai %(max)s.", min=AGE_MIN, max=AGE_MAX)
    if name in CHOICE_FIELDS:
        return _("Pilih salah satu pilihan yang tersedia.")
    return _("Isian ini tidak dapat diterima.")
