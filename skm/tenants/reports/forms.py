"""Requesting a report and scheduling the quarterly one."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from skm.platform.web.labels import LANGUAGES, REPORT_FORMATS
from skm.tenants.reports.models import FORMATS

FORMAT_CHOICES = [SelectChoice(code, REPORT_FORMATS[code]) for code in FORMATS]
LANGUAGE_CHOICES = [SelectChoice(code, name) for code, name in LANGUAGES.items()]
DIALECT_CHOICES = [SelectChoice("rfc4180", _l("Standar (pemisah koma, RFC 4180)")),
                   SelectChoice("excel-id", _l("Excel Indonesia (pemisah titik koma, desimal koma)"))]


class ReportForm(FlaskForm):
    format = SelectField(_l("Jenis laporan"), choices=FORMAT_CHOICES, default="pdf")
    language = SelectField(_l("Bahasa"), choices=LANGUAGE_CHOICES, default="id")
    dialect = SelectField(_l("Bentuk CSV"), choices=DIALECT_CHOICES, default="rfc4180",
                          description=_l("Hanya untuk data mentah (CSV)."))

    @property
    def csv_dialect(self) -> str | None:
        """The chosen dialect when the format is CSV (the select is sent with every format)."""
        return self.dialect.data if self.format.data == "csv" else None


class ScheduleForm(FlaskForm):
    language = SelectField(_l("Bahasa"), choices=LANGUAGE_CHOICES, default="id")
