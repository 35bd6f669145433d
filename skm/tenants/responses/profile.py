"""The respondent profile of SKM.md §3: codes stored, labels shown (Indonesian, English)."""

from __future__ import annotations

GENDERS = {"L": ("Laki-laki", "Male"), "P": ("Perempuan", "Female")}
EDUCATION = {
    "SD": ("SD/sederajat", "Primary school"),
    "SMP": ("SMP/sederajat", "Junior high school"),
    "SMA": ("SMA/SMK/sederajat", "Senior high school"),
    "D3": ("D1–D3/D4", "Diploma"),
    "S1": ("S1", "Bachelor's degree"),
    "S2": ("S2", "Master's degree"),
    "S3": ("S3", "Doctorate"),
}
OCCUPATIONS = {
    "PNS": ("PNS/ASN", "Civil servant"),
    "TNI": ("TNI/POLRI", "Military/police"),
    "SWASTA": ("Pegawai swasta", "Private employee"),
    "WIRAUSAHA": ("Wirausaha", "Self-employed"),
    "PELAJAR": ("Pelajar/Mahasiswa", "Student"),
    "PETANI": ("Petani/Nelayan/Buruh", "Farmer/fisher/labourer"),
    "IRT": ("Ibu rumah tangga", "Homemaker"),
    "LAINNYA": ("Lainnya", "Other"),
}
#: (lowest age, label) of the report's age bands
AGE_BANDS = ((0, "< 20"), (20, "20–29"), (30, "30–39"), (40, "40–49"), (50, "≥ 50"))
AGE_MIN, AGE_MAX = 10, 120
COMMENT_MAX = 5000

CHOICES = {"gender": GENDERS, "education": EDUCATION, "occupation": OCCUPATIONS}


def _names(choices: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Each code and its Indonesian and English labels, case-folded, mapped to the code."""
    return {name.casefold(): code for code, labels in choices.items() for name in (code, *labels)}


#: per profile field: what a person may type (code or label, any case) → the stored code
NAMES = {field: _names(choices) for field, choices in CHOICES.items()}


def code_for(field: str, value: str) -> str | None:
    """The code ``value`` names ("wirausaha", "Self-employed" → ``WIRAUSAHA``), or None."""
    return NAMES[field].get(value.strip().casefold())


def label(field: str, code: str | None, lang: str = "id") -> str:
    if code is None:
        return "—"
    labels = CHOICES[field].get(code)
    return code if labels is None else labels[1 if lang == "en" else 0]


def age_band(age: int | None) -> str | None:
    if age is None:
        return None
    return [name for floor, name in AGE_BANDS if age >= floor][-1]
