"""Questionnaire writes: the standard copy, customising, versions. Functions flush; callers commit.

A questionnaire version that has responses is frozen. Editing a frozen version creates the next
version of the same family (with the edit applied); surveys keep the version they were answered
with, so results always use the questions residents actually saw.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterable
from fractions import Fraction

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from skm.extensions import db
from skm.platform.audit import record
from skm.platform.data.db_types import utcnow
from skm.platform.inputs.errors import InputError
from skm.tenants.questionnaires.models import MAX_ELEMENTS, Questionnaire, QuestionnaireElement
from skm.tenants.questionnaires.standard import STANDARD_ELEMENTS
from skm.tenants.results.engine import legacy_weights_fit
from skm.tenants.surveys.models import Survey

logger = logging.getLogger(__name__)

STANDARD_TITLE = "Kuesioner SKM standar (PermenPANRB 14/2017)"
CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]{0,19}$")
#: the editable texts of an element; option labels and scores stay fixed
EDITABLE_TEXTS = ("name_id", "name_en", "question_id", "question_en")


def create_standard_questionnaire() -> Questionnaire:
    """The active tenant's copy of the standard nine-element questionnaire."""
    questionnaire = Questionnaire(family=secrets.token_hex(8), version=1, title=STANDARD_TITLE, is_standard=True)
    for slot, element in enumerate(STANDARD_ELEMENTS, start=1):
        questionnaire.elements.append(QuestionnaireElement(
            code=element.code, slot=slot, position=slot, name_id=element.name_id, name_en=element.name_en,
            question_id=element.question_id, question_en=element.question_en,
            options_id=list(element.options_id), options_en=list(element.options_en)))
    db.session.add(questionnaire)
    db.session.flush()
    return questionnaire


def standard_questionnaire() -> Questionnaire | None:
    return db.session.scalar(select(Questionnaire).where(Questionnaire.is_standard).order_by(Questionnaire.id))


def copy_questionnaire(source: Questionnaire, title: str) -> Questionnaire:
    """A new, editable questionnaire family starting from ``source``."""
    if not title.strip():
        raise InputError("title", _l("Judul tidak boleh kosong."))
    copy = _clone(source, family=secrets.token_hex(8), version=1, title=title.strip())
    record("questionnaire.copied", target=copy, source_id=source.id, title=copy.title)
    return copy


def editable_version(questionnaire: Questionnaire) -> Questionnaire:
    """``questionnaire`` itself when it may change, else its next version (created once).

    The standard questionnaire is never edited in place: customising starts from a copy.
    """
    if questionnaire.is_standard:
        raise InputError("questionnaire", _l(
            "Kuesioner standar PermenPANRB 14/2017 tidak dapat diubah; salin untuk membuat kuesioner sendiri."))
    if not questionnaire.is_frozen:
        return questionnaire
    latest = db.session.scalar(select(func.max(Questionnaire.version)).where(
        Questionnaire.family == questionnaire.family))
    next_version = _clone(questionnaire, family=questionnaire.family, version=latest + 1, title=questionnaire.title)
    record("questionnaire.versioned", target=next_version, previous_id=questionnaire.id, version=next_version.version)
    return next_version


def update_element(questionnaire: Questionnaire, code: str, changes: dict) -> Questionnaire:
    """Change an element's texts or not-applicable setting; returns the version changed."""
    target = editable_version(questionnaire)
    element = _element(target, code)
    before = {key: getattr(element, key) for key in changes if key in (*EDITABLE_TEXTS, "allow_not_applicable")}
    for key, value in changes.items():
        if key in EDITABLE_TEXTS:
            if not str(value).strip():
                raise InputError(key, _l("Teks tidak boleh kosong."))
            setattr(element, key, str(value).strip())
        elif key == "allow_not_applicable":
            element.allow_not_applicable = bool(value)
        else:
            raise InputError(key, _l("Hanya teks dan pengaturan “tidak berlaku” suatu unsur yang dapat diubah."))
    record("questionnaire.element_changed", target=target, code=code, before=before,
           after={key: getattr(element, key) for key in before})
    db.session.flush()
    return target


def add_element(questionnaire: Questionnaire, data: dict) -> Questionnaire:
    """Add an element (flexibility clause of 14/2017); returns the version changed."""
    target = editable_version(questionnaire)
    code = str(data.get("code", "")).strip().upper()
    if not CODE_PATTERN.fullmatch(code):
        raise InputError("code", _l("Gunakan kode seperti U10: satu huruf kapital, lalu huruf kapital, angka atau _."))
    if code in target.element_codes():
        raise InputError("code", _l("Unsur %(code)s sudah ada.", code=code), conflict=True)
    if len(target.elements) >= MAX_ELEMENTS:
        raise InputError("code", _l("Kuesioner paling banyak berisi %(count)s unsur.", count=MAX_ELEMENTS))
    options_id = _four_labels(data.get("options_id"), "options_id")
    element = QuestionnaireElement(
        code=code, slot=_free_slot(target), position=len(target.elements) + 1,
        name_id=_required_text(data, "name_id"), name_en=str(data.get("name_en") or data["name_id"]).strip(),
        question_id=_required_text(data, "question_id"),
        question_en=str(data.get("question_en") or data["question_id"]).strip(),
        options_id=options_id, options_en=_four_labels(data.get("options_en") or options_id, "options_en"),
        allow_not_applicable=bool(data.get("allow_not_applicable", False)))
    target.elements.append(element)
    _clear_weights(target)
    _keep_legacy_surveys_computable(target, "code")
    record("questionnaire.element_added", target=target, code=code, name=element.name_id)
    db.session.flush()
    return target


def set_weights(questionnaire: Questionnaire, weights: dict[str, str] | None) -> Questionnaire:
    """Set exact weights per element code ("p/q" or decimals) summing to 1; None = equal weights."""
    target = editable_version(questionnaire)
    before = {element.code: element.weight for element in target.elements}
    if not weights:
        _clear_weights(target)
    else:
        _set_exact_weights(target, weights)
    record("questionnaire.weights_changed", target=target, before=before,
           after={element.code: element.weight for element in target.elements})
    db.session.flush()
    return target


def _set_exact_weights(target: Questionnaire, weights: dict[str, str]) -> None:
    codes = set(target.element_codes())
    if set(weights) != codes:
        raise InputError("weights", _l("Isi bobot setiap unsur: %(codes)s.", codes=", ".join(sorted(codes))))
    parsed = {code: _fraction(value, code) for code, value in weights.items()}
    if (total := sum(parsed.values())) != 1:
        raise InputError("weights", _l("Jumlah bobot harus 1; sekarang jumlahnya %(total)s.", total=total))
    for element in target.elements:
        element.weight = str(parsed[element.code])
    _keep_legacy_surveys_computable(target, "weights")


def _keep_legacy_surveys_computable(questionnaire: Questionnaire, field: str) -> None:
    """Refuse a change that leaves a ``legacy-0.111`` survey on this version without computable results."""
    if legacy_weights_fit([element.weight_fraction for element in questionnaire.elements]):
        return
    title = db.session.scalar(select(Survey.title).where(
        Survey.questionnaire_id == questionnaire.id, Survey.weights == "legacy-0.111").limit(1))
    if title is not None:
        raise InputError(field, _l("Survei “%(title)s” memakai bobot lama 0,111, yang hanya berlaku untuk "
                                   "9 unsur berbobot sama.", title=title), conflict=True)


def element_slots(questionnaire_ids: Iterable[int], codes: Iterable[str] | None = None) -> dict[int, dict[int, str]]:
    """questionnaire id -> {slot: element code}, in display order, for the given versions (and codes)."""
    mapping: dict[int, dict[int, str]] = {questionnaire_id: {} for questionnaire_id in questionnaire_ids}
    if not mapping:
        return mapping
    statement = (select(QuestionnaireElement.questionnaire_id, QuestionnaireElement.slot, QuestionnaireElement.code)
                 .where(QuestionnaireElement.questionnaire_id.in_(mapping)).order_by(QuestionnaireElement.position))
    if codes is not None:
        statement = statement.where(QuestionnaireElement.code.in_(list(codes)))
    for questionnaire_id, slot, code in db.session.execute(statement):
        mapping[questionnaire_id][slot] = code
    return mapping


def freeze(questionnaire: Questionnaire) -> None:
    """Mark the version as answered: from now on edits create a new version."""
    if questionnaire.frozen_at is None:
        questionnaire.frozen_at = utcnow()


def freeze_by_id(questionnaire_id: int) -> None:
    """:func:`freeze` without loading the row: one conditional UPDATE (a no-op once frozen)."""
    db.session.execute(update(Questionnaire).where(Questionnaire.id == questionnaire_id,
                                                   Questionnaire.frozen_at.is_(None)).values(frozen_at=utcnow()))


def _clone(source: Questionnaire, *, family: str, version: int, title: str) -> Questionnaire:
    clone = Questionnaire(family=family, version=version, title=title, is_standard=False)
    for element in source.elements:
        clone.elements.append(QuestionnaireElement(**{
            column: getattr(element, column) for column in _ELEMENT_COPY_COLUMNS}))
    db.session.add(clone)
    db.session.flush()
    return clone


_ELEMENT_COPY_COLUMNS = ("code", "slot", "position", "name_id", "name_en", "question_id", "question_en",
                         "options_id", "options_en", "allow_not_applicable", "weight")


def _element(questionnaire: Questionnaire, code: str) -> QuestionnaireElement:
    for element in questionnaire.elements:
        if element.code == code:
            return element
    raise InputError("code", _l("Tidak ada unsur %(code)s di kuesioner ini.", code=code))


def _free_slot(questionnaire: Questionnaire) -> int:
    used = {e.slot for e in questionnaire.elements}
    return next(slot for slot in range(1, MAX_ELEMENTS + 1) if slot not in used)


def _clear_weights(questionnaire: Questionnaire) -> None:
    for element in questionnaire.elements:
        element.weight = None


def _required_text(data: dict, key: str) -> str:
    value = str(data.get(key) or "").strip()
    if not value:
        raise InputError(key, _l("Teks ini wajib diisi."))
    return value


def _four_labels(labels: Iterable[str] | None, field: str) -> list[str]:
    values = [str(label).strip() for label in (labels or [])]
    if len(values) != 4 or not all(values):
        raise InputError(field, _l("Isi tepat empat label pilihan jawaban, dari skor 1 sampai skor 4."))
    return values


def _fraction(value, code: str) -> Fraction:
    try:
        weight = Fraction(str(value).strip())
    except (ValueError, ZeroDivisionError):
        raise InputError("weights", _l("Bobot %(code)s bukan angka: %(value)r.", code=code, value=value)) from None
    if weight <= 0:
        raise InputError("weights", _l("Bobot %(code)s harus lebih dari 0.", code=code))
    return weight
