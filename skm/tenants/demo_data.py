"""Demo surveys and plausible responses for the four agencies of the demo regency.

Deterministic (seeded by the tenant's slug) and created once: a tenant that already has the
demo survey is left alone. Disdukcapil's services are free by law, so fees (U4) are always
"Gratis"; the hospital's BPJS patients skip the fee question, so RSUD runs a copy of the
standard questionnaire that allows "not applicable" on U4.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.questionnaires.services import copy_questionnaire, freeze, standard_questionnaire, update_element
from skm.tenants.responses.models import bulk_insert
from skm.tenants.responses.profile import EDUCATION, OCCUPATIONS
from skm.tenants.responses.services import Submission, validate
from skm.tenants.surveys.models import Survey
from skm.tenants.surveys.services import change_status, create_survey

DEMO_TITLE = "SKM Tahun 2026"
YEAR_START, YEAR_END = date(2026, 1, 1), date(2026, 12, 31)
#: slug → (service types, population served, respondents, mean answer per element U1…U9)
PROFILES = {
    "dpmptsp": (("Perizinan Berusaha (OSS-RBA)", "Persetujuan Bangunan Gedung (PBG)", "Izin Non-Berusaha",
                 "Konsultasi Perizinan"), 2400, 1200, (3.3, 3.1, 2.8, 3.6, 3.3, 3.2, 3.5, 3.0, 3.2)),
    "disdukcapil": (("KTP-el", "Kartu Keluarga", "Akta Kelahiran", "Akta Kematian", "Pindah/Datang", "KIA"),
                    30000, 1560, (3.4, 3.2, 2.9, 4.0, 3.3, 3.3, 3.4, 3.1, 3.0)),
    "pdam": (("Sambungan Baru", "Pembayaran Rekening", "Pengaduan Gangguan/Kebocoran", "Balik Nama"),
             20000, 1000, (3.2, 3.1, 2.7, 2.9, 3.1, 3.2, 3.3, 2.8, 3.0)),
    "rsud": (("Rawat Jalan", "Rawat Inap", "IGD", "Laboratorium", "Farmasi"), 50000, 1600,
             (3.3, 3.0, 2.6, 3.4, 3.2, 3.4, 3.3, 2.9, 3.1)),
}
#: slug → shift of every element's mean per quarter (Q1…Q4): the central dashboard shows trends, and
#: PDAM's fall in the last quarter raises its alert
TRENDS = {"dpmptsp": (-0.15, -0.05, 0.05, 0.15), "disdukcapil": (0.0, 0.05, 0.05, 0.1),
          "pdam": (0.1, 0.1, 0.0, -0.35), "rsud": (-0.1, 0.0, 0.0, 0.1)}
COMMENTS = (
    "Pelayanan cepat dan petugas ramah.", "Antrian terlalu lama, mohon ditambah loket.",
    "Ruang tunggu panas, perlu kipas atau AC.", "Informasi persyaratan di website belum lengkap.",
    "Terima kasih, sangat membantu.", "Petugas menjelaskan dengan sabar.", "Toilet kurang bersih.",
    "Mohon jam layanan diperpanjang sampai sore.",
)


def seed_tenant(tenant: Tenant) -> None:
    """Give ``tenant`` an open demo survey with sample responses, once."""
    if tenant.slug not in PROFILES:
        return
    with tenant_scope(tenant.id):
        if db.session.scalar(select(Survey.id).where(Survey.title == DEMO_TITLE)) is not None:
            return
        services, population, count, means = PROFILES[tenant.slug]
        survey = create_survey({"title": DEMO_TITLE, "questionnaire_id": _questionnaire(tenant.slug).id,
                                "starts_on": YEAR_START, "ends_on": YEAR_END, "population": population,
                                "service_types": list(services)})
        change_status(survey, "open")
        _insert_responses(survey, tenant.slug, count, means)


def _questionnaire(slug: str):
    standard = standard_questionnaire()
    if slug != "rsud":
        return standard
    copy = copy_questionnaire(standard, "Kuesioner SKM RSUD (BPJS boleh melewati biaya)")
    return update_element(copy, "U4", {
        "allow_not_applicable": True,
        "question_id": "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan? "
                       "(Peserta BPJS/asuransi tidak perlu mengisi)",
        "question_en": "How reasonable were the fees for the service? (BPJS/insured patients may skip)"})


def _insert_responses(survey: Survey, slug: str, count: int, means: tuple[float, ...]) -> None:
    rng = random.Random(slug)
    service_ids = [st.id for st in survey.service_types]
    rows = []
    for _ in range(count):
        day = YEAR_START + timedelta(days=rng.randint(0, 329))
        shift = TRENDS[slug][(day.month - 1) // 3]
        answers = {f"U{i}": _answer(rng, mean + shift) for i, mean in enumerate(means, start=1)}
        if slug == "disdukcapil":
            answers["U4"] = 4  # services are free by law: "Gratis"
        if slug == "rsud" and rng.random() < 0.6:
            answers["U4"] = "na"  # BPJS patient
        submission = Submission(
            answers=answers, service_type_id=rng.choice(service_ids), gender=rng.choice("LP"),
            age=rng.randint(18, 72), education=rng.choice(list(EDUCATION)), occupation=rng.choice(list(OCCUPATIONS)),
            comment=rng.choice(COMMENTS) if rng.random() < 0.2 else None)
        values = validate(survey, submission)
        rows.append({"tenant_id": survey.tenant_id, "survey_id": survey.id, "questionnaire_id": survey.questionnaire_id,
                     "channel": rng.choice(("open_link", "kiosk", "paper")), "submitted_on": day, **values})
    freeze(survey.questionnaire)
    bulk_insert(rows)


def _answer(rng: random.Random, mean: float) -> int:
    """A 1–4 answer centred on ``mean`` (a rounded, clipped normal draw)."""
    return max(1, min(4, round(rng.gauss(mean, 0.6))))
