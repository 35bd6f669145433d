"""Central admin forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from skm.platform.agencies.models import TIMEZONES


class TenantForm(FlaskForm):
    slug = StringField(_l("Kode (slug)"), validators=[DataRequired(), Length(max=40)])
    name = StringField(_l("Nama instansi"), validators=[DataRequired(), Length(max=200)])
    timezone = SelectField(_l("Zona waktu"), choices=[SelectChoice(tz) for tz in TIMEZONES], default=TIMEZONES[0])


class TenantAdminForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Nama"), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(_l("Kata sandi awal (opsional)"), validators=[Optional(), Length(max=200)])


class StatusForm(FlaskForm):
    """Suspend or reactivate: the target status is in the URL; the form carries the CSRF token."""
