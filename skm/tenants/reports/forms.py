"""Requesting a report and scheduling the quarterly one."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

FORMAT_CHOICES = [SelectChoice("pdf", _l("Laporan lengkap (PDF)")), SelectChoice("xlsx", _l("Spreadsheet (XLSX)")),
                  SelectChoice("csv", _l("Data mentah (CSV)")),
                  SelectChoice("summary-pdf", _l("Ringkasan publik (PDF)")),
                  SelectChoice("summary-png", _l("Ringkasan publik (PNG)"))]
LANGUAGE_CHOICES = [SelectChoice("id", "Bahasa Indonesia"), SelectChoice("en", "English")]


class ReportForm(FlaskForm):
    format = SelectField(_l("Jenis laporan"), choices=FORMAT_CHOICES, default="pdf")
    language = SelectField(_l("Bahasa"), choices=LANGUAGE_CHOICES, default="id")


class ScheduleForm(FlaskForm):
    language = SelectField(_l("Bahasa"), choices=LANGUAGE_CHOICES, default="id")
