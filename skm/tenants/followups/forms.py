"""Follow-up register forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from skm.platform.web.labels import FOLLOWUP_STATUSES


class FollowUpForm(FlaskForm):
    element = SelectField(_l("Unsur"), default="")
    comment_id = HiddenField()
    title = StringField(_l("Judul"), validators=[DataRequired(), Length(max=200)])
    action = TextAreaField(_l("Program / kegiatan"), validators=[DataRequired(), Length(max=4000)])
    owner = StringField(_l("Penanggung jawab"), validators=[DataRequired(), Length(max=200)])
    due_on = DateField(_l("Target selesai"), validators=[DataRequired()])


class FollowUpStatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=[SelectChoice(code, text) for code, text in FOLLOWUP_STATUSES.items()])
    evidence = TextAreaField(_l("Bukti (wajib bila selesai)"), validators=[Optional(), Length(max=4000)])
