"""Uploading a contact list."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField


class UploadForm(FlaskForm):
    contacts = FileField(_l("Daftar kontak (CSV atau XLSX)"),
                         validators=[FileRequired(), FileAllowed(["csv", "xlsx"], _l("Hanya CSV atau XLSX."))])
    send_now = BooleanField(_l("Kirim undangan sekarang"), default=True)


class SendForm(FlaskForm):
    """Only the CSRF token: sends what is pending."""
