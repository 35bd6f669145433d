"""The results page's filters, read from the query string into a :class:`ResultFilter`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional, ValidationError

from skm.tenants.responses.profile import AGE_BANDS, EDUCATION, GENDERS, OCCUPATIONS
from skm.tenants.results.periods import Period
from skm.tenants.results.queries import ResultFilter

#: the form's part of the year -> the period code's suffix (``2026`` + ``-Q1``)
PARTS = {"": "", "q1": "-Q1", "q2": "-Q2", "q3": "-Q3", "q4": "-Q4", "s1": "-S1", "s2": "-S2"}
PART_LABELS = {"": _l("Setahun"), "q1": _l("Triwulan I"), "q2": _l("Triwulan II"), "q3": _l("Triwulan III"),
               "q4": _l("Triwulan IV"), "s1": _l("Semester I"), "s2": _l("Semester II")}


def _choices(pairs) -> list[SelectChoice]:
    """Select options, "all" first."""
    return [SelectChoice("", _l("Semua"))] + [SelectChoice(value, text) for value, text in pairs]


def _labelled(codes: dict, lang: str) -> list[SelectChoice]:
    return _choices((code, labels[1 if lang == "en" else 0]) for code, labels in codes.items())


class ResultFilterForm(FlaskForm):
    """GET form (no CSRF): every field empty means all responses."""

    class Meta:
        csrf = False

    service_type = SelectField(_l("Jenis layanan"), default="")
    gender = SelectField(_l("Jenis kelamin"), default="")
    age_band = SelectField(_l("Umur"), default="")
    education = SelectField(_l("Pendidikan"), default="")
    occupation = SelectField(_l("Pekerjaan"), default="")
    year = IntegerField(_l("Tahun"), validators=[Optional(), NumberRange(min=2000, max=2100)])
    part = SelectField(_l("Bagian tahun"), default="",
                       choices=[SelectChoice(code, text) for code, text in PART_LABELS.items()])

    def set_choices(self, service_types, lang: str) -> None:
        self.service_type.choices = _choices((str(st.id), st.name) for st in service_types)
        self.gender.choices = _labelled(GENDERS, lang)
        self.education.choices = _labelled(EDUCATION, lang)
        self.occupation.choices = _labelled(OCCUPATIONS, lang)
        self.age_band.choices = _choices((name, name) for _, name in AGE_BANDS)

    def validate_part(self, field) -> None:
        if field.data and not self.year.data:
            raise ValidationError(_l("Pilih tahunnya juga."))

    def result_filter(self) -> ResultFilter:
        start = end = None
        if self.year.data:
            start, end = Period.parse(f"{self.year.data}{PARTS[self.part.data or '']}").bounds
        return ResultFilter(
            service_type_id=int(self.service_type.data) if self.service_type.data else None,
            gender=self.gender.data or None, education=self.education.data or None,
            occupation=self.occupation.data or None, age_band=self.age_band.data or None, start=start, end=end)

    @property
    def active(self) -> bool:
        return any(self[name].data for name in ("service_type", "gender", "age_band", "education", "occupation",
                                                  "year"))
