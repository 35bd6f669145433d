"""Which English texts of a questionnaire element no longer match its Indonesian ones.

Indonesian is what staff edit; the English texts sit beside them in the same form. Two slips
leave residents who read English with the wrong words: rephrasing a standard element in
Indonesian while its English text stays the standard one ("stale"), and a new element whose
English was left empty, so it repeats the Indonesian ("missing").
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from skm.tenants.questionnaires.models import QuestionnaireElement
from skm.tenants.questionnaires.standard import STANDARD_ELEMENTS

#: (part, Indonesian attribute, English attribute) of the texts staff can edit (option labels are fixed)
TEXT_PARTS = (("name", "name_id", "name_en"), ("question", "question_id", "question_en"))
PART_NAMES = {"name": _l("Nama unsur"), "question": _l("Pertanyaan")}
_STANDARD = {element.code: element for element in STANDARD_ELEMENTS}


@dataclass(frozen=True)
class EnglishGap:
    code: str
    part: str
    #: ``stale`` (Indonesian rephrased, English still standard) or ``missing`` (English = Indonesian)
    kind: str

    @property
    def message(self) -> str:
        if self.kind == "stale":
            return _l("%(part)s: teks Indonesia sudah diubah, tetapi teks Inggris masih teks standar.",
                      part=PART_NAMES[self.part])
        return _l("%(part)s: belum diterjemahkan (teks Inggris sama dengan teks Indonesia).",
                  part=PART_NAMES[self.part])


def english_gaps(element: QuestionnaireElement) -> list[EnglishGap]:
    """The parts of ``element`` whose English text needs a translator's look."""
    standard = _STANDARD.get(element.code)
    gaps = []
    for part, indonesian_attr, english_attr in TEXT_PARTS:
        indonesian, english = _text(element, indonesian_attr), _text(element, english_attr)
        if standard and indonesian != _text(standard, indonesian_attr) and english == _text(standard, english_attr):
            gaps.append(EnglishGap(element.code, part, "stale"))
        elif english == indonesian:
            gaps.append(EnglishGap(element.code, part, "missing"))
    return gaps


def questionnaire_gaps(elements: list[QuestionnaireElement]) -> list[EnglishGap]:
    """Every element's gaps, in the order given."""
    return [gap for element in elements for gap in english_gaps(element)]


def _text(source, attr: str) -> str:
    """The text compared, whitespace-normalised."""
    return " ".join(getattr(source, attr).split())
