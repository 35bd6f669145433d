"""Forms of the central dashboard: the alert thresholds and a regency report request."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange


class AlertSettingsForm(FlaskForm):
    ikm_drop_points = IntegerField(
        _l("Peringatkan bila IKM instansi turun lebih dari (poin)"),
        validators=[InputRequired(), NumberRange(min=1, max=75)])
    silence_days = IntegerField(
        _l("Peringatkan bila instansi tidak menerima jawaban selama (hari)"),
        validators=[InputRequired(), NumberRange(min=1, max=365)])


class RegencyReportForm(FlaskForm):
    period = HiddenField(validators=[DataRequired()])
    method = HiddenField(default="pooled")
    format = SelectField(_l("Format"), choices=[SelectChoice("pdf", "PDF"), SelectChoice("xlsx", "XLSX")])
    language = SelectField(_l("Bahasa"), choices=[SelectChoice("id", "Indonesia"), SelectChoice("en", "English")])
