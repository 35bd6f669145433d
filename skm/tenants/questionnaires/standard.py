"""The standard PermenPANRB 14/2017 questionnaire (SKM.md §1.2), as data.

Elements are listed in code order U1…U9, which follows the regulation's list of elements
(decision 5): U8 is complaints handling and U9 facilities, although the sample questionnaire
asks about facilities first. Options are in score order: index 0 scores 1 … index 3 scores 4.
Tenants may rephrase the question text but keep the option labels and scores.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StandardElement:
    code: str
    name_id: str
    name_en: str
    question_id: str
    question_en: str
    options_id: tuple[str, str, str, str]
    options_en: tuple[str, str, str, str]


STANDARD_ELEMENTS: tuple[StandardElement, ...] = (
    StandardElement(
        code="U1",
        name_id="Persyaratan",
        name_en="Requirements",
        question_id="Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        question_en="How well do the service requirements match the type of service?",
        options_id=("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        options_en=("Not appropriate", "Less appropriate", "Appropriate", "Very appropriate"),
    ),
    StandardElement(
        code="U2",
        name_id="Sistem, Mekanisme, dan Prosedur",
        name_en="System, Mechanism and Procedure",
        question_id="Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        question_en="How easy do you find the service procedure in this unit?",
        options_id=("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
        options_en=("Not easy", "Less easy", "Easy", "Very easy"),
    ),
    StandardElement(
        code="U3",
        name_id="Waktu Penyelesaian",
        name_en="Completion Time",
        question_id="Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        question_en="How do you rate the speed with which the service was delivered?",
        options_id=("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
        options_en=("Not fast", "Less fast", "Fast", "Very fast"),
    ),
    StandardElement(
        code="U4",
        name_id="Biaya/Tarif",
        name_en="Cost/Fee",
        question_id="Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        question_en="How fair do you find the cost or fee of the service?",
        options_id=("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
        options_en=("Very expensive", "Fairly expensive", "Cheap", "Free"),
    ),
    StandardElement(
        code="U5",
        name_id="Produk Spesifikasi Jenis Pelayanan",
        name_en="Service Product Specification",
        question_id=(
            "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
            "dalam standar pelayanan dengan hasil yang diberikan?"
        ),
        question_en="How well does the service product you received match what the service standard specifies?",
        options_id=("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        options_en=("Not appropriate", "Less appropriate", "Appropriate", "Very appropriate"),
    ),
    StandardElement(
        code="U6",
        name_id="Kompetensi Pelaksana",
        name_en="Staff Competence",
        question_id="Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        question_en="How do you rate the competence/ability of the staff who served you?",
        options_id=("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
        options_en=("Not competent", "Less competent", "Competent", "Very competent"),
    ),
    StandardElement(
        code="U7",
        name_id="Perilaku Pelaksana",
        name_en="Staff Conduct",
        question_id="Bagaimana pendapat Saudara perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
        question_en="How do you rate the staff's conduct in terms of courtesy and friendliness?",
        options_id=(
            "Tidak sopan dan ramah",
            "Kurang sopan dan ramah",
            "Sopan dan ramah",
            "Sangat sopan dan ramah",
        ),
        options_en=(
            "Not polite and friendly",
            "Less polite and friendly",
            "Polite and friendly",
            "Very polite and friendly",
        ),
    ),
    StandardElement(
        code="U8",
        name_id="Penanganan Pengaduan, Saran dan Masukan",
        name_en="Handling of Complaints, Suggestions and Feedback",
        question_id="Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        question_en="How do you rate the handling of complaints from service users?",
        options_id=(
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ),
        options_en=(
            "Not available",
            "Available but not functioning",
            "Functioning, but not fully",
            "Well managed",
        ),
    ),
    StandardElement(
        code="U9",
        name_id="Sarana dan Prasarana",
        name_en="Facilities and Infrastructure",
        question_id="Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        question_en="How do you rate the quality of the facilities and infrastructure?",
        options_id=("Buruk", "Cukup", "Baik", "Sangat Baik"),
        options_en=("Poor", "Fair", "Good", "Very good"),
    ),
)


def element_names() -> list[tuple[str, str]]:
    """``[(code, Indonesian name)]`` in code order, as the engine's ``tally_rows`` expects."""
    return [(element.code, element.name_id) for element in STANDARD_ELEMENTS]
