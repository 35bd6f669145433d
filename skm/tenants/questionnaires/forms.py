"""Questionnaire pages: copy, element texts, a new element, weights."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class CopyForm(FlaskForm):
    title = StringField(_l("Judul kuesioner baru"), validators=[DataRequired(), Length(max=200)])


class ElementTextsForm(FlaskForm):
    name_id = StringField(_l("Nama unsur (Indonesia)"), validators=[DataRequired(), Length(max=120)])
    name_en = StringField(_l("Nama unsur (Inggris)"), validators=[DataRequired(), Length(max=120)])
    question_id = TextAreaField(_l("Pertanyaan (Indonesia)"), validators=[DataRequired(), Length(max=2000)])
    question_en = TextAreaField(_l("Pertanyaan (Inggris)"), validators=[DataRequired(), Length(max=2000)])
    allow_not_applicable = BooleanField(_l("Responden boleh menjawab \u201ctidak berlaku\u201d"))

    def changes(self) -> dict:
        return {name: getattr(self, name).data for name in
                ("name_id", "name_en", "question_id", "question_en", "allow_not_applicable")}


class NewElementForm(FlaskForm):
    code = StringField(_l("Kode"), validators=[DataRequired(), Length(max=20)])
    name_id = StringField(_l("Nama unsur (Indonesia)"), validators=[DataRequired(), Length(max=120)])
    name_en = StringField(_l("Nama unsur (Inggris)"), validators=[Optional(), Length(max=120)])
    question_id = TextAreaField(_l("Pertanyaan (Indonesia)"), validators=[DataRequired(), Length(max=2000)])
    question_en = TextAreaField(_l("Pertanyaan (Inggris)"), validators=[Optional(), Length(max=2000)])
    options_id = TextAreaField(_l("Empat pilihan jawaban (Indonesia)"), validators=[DataRequired()])
    options_en = TextAreaField(_l("Empat pilihan jawaban (Inggris)"), validators=[Optional()])
    allow_not_applicable = BooleanField(_l("Responden boleh menjawab \u201ctidak berlaku\u201d"))

    def data_for_service(self) -> dict:
        """The element as ``add_element`` takes it; option labels one per line."""
        data = {name: getattr(self, name).data for name in
                ("code", "name_id", "name_en", "question_id", "question_en", "allow_not_applicable")}
        data["options_id"] = _lines(self.options_id.data)
        data["options_en"] = _lines(self.options_en.data)
        return data


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class WeightsForm(FlaskForm):
    """One text field per element code is added by :func:`weights_form`."""


def weights_form(codes: list[str], **kwargs) -> FlaskForm:
    """A form with a weight field ("1/9" or "0.2") per element code; all empty means equal weights."""
    fields = {code: StringField(code, validators=[Optional(), Length(max=20)]) for code in codes}
    form_class = type("ElementWeightsForm", (WeightsForm,), fields)
    form = form_class(**kwargs)
    form.codes = codes
    return form


def submitted_weights(form) -> dict[str, str] | None:
    """``{code: weight}``, or None when every field was left empty (equal weights)."""
    weights = {code: (form[code].data or "").strip() for code in form.codes}
    return weights if any(weights.values()) else None
