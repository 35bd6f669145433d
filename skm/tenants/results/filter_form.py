"""The results page's filter form, for rendering only: skm/tenants/results/filters.py reads the query."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.fields.choices import SelectChoice

from skm.tenants.responses.profile import AGE_BANDS, EDUCATION, GENDERS, OCCUPATIONS
from skm.tenants.results.filters import PARTS

PART_LABELS = {"": _l("Setahun"), "q1": _l("Triwulan I"), "q2": _l("Triwulan II"), "q3": _l("Triwulan III"),
               "q4": _l("Triwulan IV"), "s1": _l("Semester I"), "s2": _l("Semester II")}


def _choices(pairs) -> list[SelectChoice]:
    """Select options, "all" first."""
    return [SelectChoice("", _l("Semua"))] + [SelectChoice(value, text) for value, text in pairs]


def _labelled(codes: dict, lang: str) -> list[SelectChoice]:
    return _choices((code, labels[1 if lang == "en" else 0]) for code, labels in codes.items())


class ResultFilterForm(FlaskForm):
    """GET form (no CSRF) showing the query's values and the parser's messages; it validates nothing."""

    class Meta:
        csrf = False

    service_type = SelectField(_l("Jenis layanan"), default="")
    gender = SelectField(_l("Jenis kelamin"), default="")
    age_band = SelectField(_l("Umur"), default="")
    education = SelectField(_l("Pendidikan"), default="")
    occupation = SelectField(_l("Pekerjaan"), default="")
    year = IntegerField(_l("Tahun"))
    part = SelectField(_l("Bagian tahun"), default="",
                       choices=[SelectChoice(code, PART_LABELS[code]) for code in ("", *PARTS)])

    def set_choices(self, service_types, lang: str) -> None:
        self.service_type.choices = _choices((str(st.id), st.name) for st in service_types)
        self.gender.choices = _labelled(GENDERS, lang)
        self.education.choices = _labelled(EDUCATION, lang)
        self.occupation.choices = _labelled(OCCUPATIONS, lang)
        self.age_band.choices = _choices((name, name) for _, name in AGE_BANDS)

    def show_errors(self, messages: dict) -> None:
        """Put the parser's messages next to their fields (the quarter's or semester's next to ``part``)."""
        for name, errors in messages.items():
            self[name if name in self else "part"].errors = [str(error) for error in errors]

    @property
    def active(self) -> bool:
        return any(self[name].data for name in ("service_type", "gender", "age_band", "education", "occupation",
                                                  "year"))
