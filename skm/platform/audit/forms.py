"""The audit pages' filter (a GET form: bookmarkable, no CSRF token needed)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from skm.platform.audit.catalogue import ACTIONS
from skm.platform.audit.queries import EARLIEST, LATEST


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Tindakan"), validators=[Optional()])
    actor = StringField(_l("Email pelaku"), validators=[Optional(), Length(max=254)])
    start = DateField(_l("Dari tanggal"), validators=[Optional()])
    end = DateField(_l("Sampai tanggal"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [SelectChoice("", _l("Semua tindakan"))] + [
            SelectChoice(code, label) for code, label in ACTIONS.items()]

    def validate_start(self, field) -> None:
        _within_range(field)

    def validate_end(self, field) -> None:
        _within_range(field)
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("Tanggal akhir tidak boleh sebelum tanggal awal."))


def _within_range(field) -> None:
    if field.data and not EARLIEST <= field.data <= LATEST:
        raise ValidationError(_l("Pilih tanggal antara %(first)s dan %(last)s.", first=EARLIEST.isoformat(),
                                 last=LATEST.isoformat()))
