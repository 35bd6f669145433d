"""The survey form: what a survey asks, of whom, over which period."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from skm.tenants.surveys.models import PROFILE_FIELDS, Survey

WEIGHT_CHOICES = [SelectChoice("exact", _l("Tepat (1/n per unsur)")),
                  SelectChoice("legacy-0.111", _l("Lama 0,111 (meniru lembar kerja lama; hanya 9 unsur standar)"))]
PROFILE_LABELS = {"gender": _l("Jenis kelamin"), "age": _l("Umur"), "education": _l("Pendidikan"),
                  "occupation": _l("Pekerjaan"), "service_type": _l("Jenis layanan")}


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SurveyForm(FlaskForm):
    title = StringField(_l("Judul"), validators=[DataRequired(), Length(max=200)])
    questionnaire_id = SelectField(_l("Kuesioner (versi)"), coerce=int)
    starts_on = DateField(_l("Mulai"), validators=[DataRequired()])
    ends_on = DateField(_l("Selesai"), validators=[DataRequired()])
    population = IntegerField(_l("Jumlah penerima layanan dalam periode (populasi)"),
                              validators=[Optional(), NumberRange(min=1)])
    service_types = TextAreaField(_l("Jenis layanan"), validators=[Optional(), Length(max=5000)])
    weights = RadioField(_l("Bobot"), choices=WEIGHT_CHOICES, default="exact")
    profile_fields = CheckboxesField(_l("Pertanyaan profil responden"),
                                     choices=[SelectChoice(name, PROFILE_LABELS[name]) for name in PROFILE_FIELDS],
                                     default=list(PROFILE_FIELDS))

    def set_questionnaires(self, questionnaires) -> None:
        self.questionnaire_id.choices = [SelectChoice(q.id, f"{q.title} · v{q.version}") for q in questionnaires]

    def fill_from(self, survey: Survey) -> None:
        """Pre-fill the form from an existing survey (GET of the edit page)."""
        self.process(obj=survey)
        self.service_types.data = "\n".join(st.name for st in survey.service_types)

    def service_data(self) -> dict:
        """The survey as the survey services take it; service types one per line."""
        data = {name: self[name].data for name in
                ("title", "questionnaire_id", "starts_on", "ends_on", "population", "weights", "profile_fields")}
        data["service_types"] = [line.strip() for line in (self.service_types.data or "").splitlines()
                                 if line.strip()]
        return data
