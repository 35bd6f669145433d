"""Survey writes: create, edit, open, close; service types. Functions flush; callers commit."""

from __future__ import annotations

import logging
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from skm.extensions import db
from skm.platform.audit import record
from skm.platform.data.db_types import INT32_MAX
from skm.platform.inputs.errors import InputError
from skm.tenants.questionnaires.models import Questionnaire
from skm.tenants.responses.models import Response
from skm.tenants.results.engine import legacy_weights_fit
from skm.tenants.surveys.models import (
    FIRST_DAY,
    LAST_DAY,
    PROFILE_FIELDS,
    WEIGHT_MODES,
    IllegalTransition,
    ServiceType,
    Survey,
    SurveyServiceType,
)

logger = logging.getLogger(__name__)

#: the statuses as the pages name them (the badge in templates/tenants/surveys/_status.html)
STATUS_NAMES = {"draft": _l("draf"), "open": _l("dibuka"), "closed": _l("ditutup")}
LEGACY_MISFIT = _l("Bobot lama 0,111 hanya berlaku untuk kuesioner dengan 9 unsur berbobot sama.")
#: the audit action of each status a survey can move to
STATUS_ACTIONS = {"open": "survey.opened", "closed": "survey.closed"}


def service_type_named(name: str) -> ServiceType:
    """The active tenant's service type called ``name``, created when new."""
    name = name.strip()
    if not name or len(name) > 120:
        raise InputError("service_types", _l("Nama jenis layanan harus 1–120 karakter."))
    found = db.session.scalar(select(ServiceType).where(ServiceType.name == name))
    if found is None:
        found = ServiceType(name=name)
        db.session.add(found)
        db.session.flush()
    return found


def create_survey(data: dict) -> Survey:
    """Create a draft survey from validated-shape ``data`` (title, questionnaire_id, dates, …)."""
    survey = Survey(status="draft")
    _apply(survey, data, creating=True)
    db.session.add(survey)
    db.session.flush()
    _set_service_types(survey, data.get("service_types") or [])
    record("survey.created", target=survey, title=survey.title)
    return survey


def update_survey(survey: Survey, data: dict) -> Survey:
    """Edit a survey; the questionnaire cannot change once the survey has been opened."""
    if "questionnaire_id" in data and data["questionnaire_id"] != survey.questionnaire_id and survey.status != "draft":
        raise InputError("questionnaire_id", _l("Kuesioner survei yang sudah dibuka tidak dapat diganti."))
    _apply(survey, data, creating=False)
    if "service_types" in data:
        _set_service_types(survey, data["service_types"] or [])
    db.session.flush()
    return survey


def change_status(survey: Survey, status: str) -> Survey:
    try:
        survey.move_to(status)
    except IllegalTransition:
        raise InputError("status", _l("Survei berstatus “%(current)s” tidak dapat diubah menjadi “%(target)s”.",
                                      current=STATUS_NAMES[survey.status], target=STATUS_NAMES.get(status, status)),
                         conflict=True) from None
    record(STATUS_ACTIONS[status], target=survey)
    db.session.flush()
    return survey


def find_survey(survey_id: int) -> Survey | None:
    """The active tenant's survey (the tenant guard hides everyone else's)."""
    return db.session.get(Survey, survey_id)


def list_surveys() -> list[Survey]:
    return list(db.session.scalars(select(Survey).order_by(Survey.starts_on.desc(), Survey.id.desc())))


def _apply(survey: Survey, data: dict, *, creating: bool) -> None:
    if creating or "title" in data:
        title = str(data.get("title") or "").strip()
        if not title or len(title) > 200:
            raise InputError("title", _l("Judul harus 1–200 karakter."))
        survey.title = title
    if creating or "questionnaire_id" in data:
        questionnaire = db.session.get(Questionnaire, data.get("questionnaire_id") or 0)
        if questionnaire is None:
            raise InputError("questionnaire_id", _l("Kuesioner tidak ditemukan di instansi ini."))
        survey.questionnaire = questionnaire
    _apply_period(survey, data)
    if "population" in data:
        population = data["population"]
        if population is not None and (not isinstance(population, int) or not 1 <= population <= INT32_MAX):
            raise InputError("population", _l("Populasi harus bilangan bulat dari 1 sampai %(max)s.", max=INT32_MAX))
        survey.population = population
    if "weights" in data:
        if data["weights"] not in WEIGHT_MODES:
            raise InputError("weights", _l("Bobot harus salah satu dari: %(choices)s.",
                                           choices=", ".join(WEIGHT_MODES)))
        survey.weights = data["weights"]
    _check_weights(survey)
    if "profile_fields" in data:
        unknown = set(data["profile_fields"]) - set(PROFILE_FIELDS)
        if unknown:
            raise InputError("profile_fields", _l("Pertanyaan profil tidak dikenal: %(fields)s.",
                                                   fields=", ".join(sorted(unknown))))
        survey.profile_fields = [f for f in PROFILE_FIELDS if f in data["profile_fields"]]
    elif creating:
        survey.profile_fields = list(PROFILE_FIELDS)


def _apply_period(survey: Survey, data: dict) -> None:
    """Set the first and last day, each within FIRST_DAY…LAST_DAY, the last not before the first."""
    starts_on = data.get("starts_on", survey.starts_on)
    ends_on = data.get("ends_on", survey.ends_on)
    if not isinstance(starts_on, date):
        raise InputError("starts_on", _l("Isi tanggal pertama periode survei."))
    if not isinstance(ends_on, date):
        raise InputError("ends_on", _l("Isi tanggal terakhir periode survei."))
    for name, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if not FIRST_DAY <= day <= LAST_DAY:
            raise InputError(name, _l("Tanggal harus antara %(first)s dan %(last)s.",
                                      first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat()))
    if ends_on < starts_on:
        raise InputError("ends_on", _l("Periode harus berakhir pada atau setelah tanggal pertamanya."))
    survey.starts_on, survey.ends_on = starts_on, ends_on


def _check_weights(survey: Survey) -> None:
    """Refuse ``legacy-0.111`` on a questionnaire it does not fit (its results could not be computed)."""
    if survey.weights == "legacy-0.111" and not legacy_weights_fit(
            [element.weight_fraction for element in survey.questionnaire.elements]):
        raise InputError("weights", LEGACY_MISFIT)


def _set_service_types(survey: Survey, names: list[str]) -> None:
    wanted = {service_type_named(name).id for name in names}
    links = list(db.session.scalars(select(SurveyServiceType).where(SurveyServiceType.survey_id == survey.id)))
    for link in links:
        if link.service_type_id not in wanted:
            db.session.delete(link)
    for service_type_id in wanted - {link.service_type_id for link in links}:
        db.session.add(SurveyServiceType(survey_id=survey.id, service_type_id=service_type_id))
    db.session.flush()
    db.session.expire(survey, ["service_types"])


def respondent_counts() -> dict[int, int]:
    """Respondents per survey of the active tenant, in one query."""
    rows = db.session.execute(select(Response.survey_id, func.count()).group_by(Response.survey_id))
    return {survey_id: count for survey_id, count in rows}
