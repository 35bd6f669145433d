"""The form definition behind an open, kiosk, ticket or mall link, kept per process for a few seconds.

This is where the resident fast path's cache is described. Every GET and POST of
``/s/<slug>/<code>…`` and ``/m/<mall>/<counter>`` (and every response POSTed through the API, see
skm/tenants/responses/api.py) needs the same read-only facts: the tenant's name,
logo and timezone, the survey's dates and profile questions, the questionnaire's elements and
the survey's service types. Loading them through the ORM (one joined SELECT of a few dozen rows
turned into objects) was the largest part of a resident request, so each worker process keeps
them as frozen dataclasses for ``SKM_FORM_CACHE_SECONDS`` (0 turns the cache off).

Correctness never depends on this cache. The answer's INSERT selects from the survey and its
tenant and inserts only while the survey is open that day and the tenant active
(:func:`skm.tenants.responses.services.store_if_open`); when it inserts nothing the link is
looked up afresh to tell "closed meanwhile" from "already stored". A form shown from a definition
a few seconds old may therefore belong to a survey closed since: its submission gets the friendly
"closed" page and stores nothing. Text edits to a questionnaire that nobody answered yet show
once the definition expires. Each definition also keeps its resident pages rendered once (see
page_cache), and the mall's own definition is kept the same way (skm/platform/malls/links.py).

Invitation links use the ORM rows of the survey (their answer is stored through the ORM, see
skm/tenants/respond/services.py) and the tenant's definition, so the same templates and services
read rows and definitions alike: the dataclasses below mirror the models under the models' names,
and tests/integration/tenants/test_form_definitions.py fails when the form reads a model
attribute its definition lacks.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.questionnaires.models import Questionnaire, QuestionnaireElement
from skm.tenants.surveys.models import Survey

_EXTENSION = "skm_form_definitions"
T = TypeVar("T")


@dataclass(frozen=True)
class TenantDefinition:
    id: int
    slug: str
    name: str
    timezone: str
    status: str
    logo: str | None

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    @property
    def settings(self) -> dict[str, str | None]:
        """The settings the resident layout reads (the logo), like ``Tenant.settings``."""
        return {"logo": self.logo}


@dataclass(frozen=True)
class ElementDefinition:
    code: str
    slot: int
    question_id: str
    question_en: str
    options_id: tuple[str, ...]
    options_en: tuple[str, ...]
    allow_not_applicable: bool

    def question(self, lang: str = "id") -> str:
        return self.question_en if lang == "en" else self.question_id

    def options(self, lang: str = "id") -> tuple[str, ...]:
        return self.options_en if lang == "en" else self.options_id


@dataclass(frozen=True)
class QuestionnaireDefinition:
    id: int
    is_frozen: bool
    elements: tuple[ElementDefinition, ...]


@dataclass(frozen=True)
class ServiceTypeDefinition:
    id: int
    name: str


@dataclass(frozen=True)
class SurveyDefinition:
    """The survey as its form needs it; ``pages`` holds its resident pages rendered once (see page_cache)."""

    id: int
    tenant_id: int
    title: str
    status: str
    starts_on: date
    ends_on: date
    public_code: str
    profile_fields: tuple[str, ...]
    questionnaire_id: int
    questionnaire: QuestionnaireDefinition
    service_types: tuple[ServiceTypeDefinition, ...]
    pages: dict[tuple[str, str, str], str] = field(default_factory=dict, compare=False, repr=False)


def form_definition(slug: str, code: str, *, fresh: bool = False) -> tuple[TenantDefinition, SurveyDefinition] | None:
    """The tenant and survey behind ``/s/<slug>/<code>``, None for an unknown link.

    From this process's cache unless expired or ``fresh``; unknown links are not cached.
    """
    return kept_briefly(("form", slug, code), lambda: _load(slug, Survey.public_code == code), fresh=fresh)


def api_definition(slug: str, survey_id: int) -> tuple[TenantDefinition, SurveyDefinition] | None:
    """The tenant and survey behind ``/api/v1/tenants/<slug>/surveys/<survey_id>``, cached like a link's.

    It tells nothing about who may use them: the caller checks that in the statement it runs
    (see skm/tenants/responses/api.py).
    """
    return kept_briefly(("api", slug, survey_id), lambda: _load(slug, Survey.id == survey_id))


def kept_briefly(key: Hashable, load: Callable[[], T | None], *, fresh: bool = False) -> T | None:
    """``load()``'s value, kept in this process under ``key`` for ``SKM_FORM_CACHE_SECONDS``.

    None (an unknown link) is not kept; ``fresh`` loads anew.
    """
    seconds = current_app.config["SKM_FORM_CACHE_SECONDS"]
    cache = current_app.extensions.setdefault(_EXTENSION, {})
    now = time.monotonic()
    cached = cache.get(key)
    if cached is not None and cached[0] > now and not fresh:
        return cached[1]
    found = load()
    if found is not None and seconds > 0:
        cache[key] = (now + seconds, found)
    return found


def _load(slug: str, criterion) -> tuple[TenantDefinition, SurveyDefinition] | None:
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        return None
    with tenant_scope(tenant.id):  # the slug names the tenant; the caller enters its scope too
        survey = db.session.scalars(
            select(Survey)
            .options(joinedload(Survey.questionnaire).joinedload(Questionnaire.elements),
                     joinedload(Survey.service_types))
            .where(criterion)
        ).unique().first()
        return None if survey is None else (tenant_definition(tenant), _survey(survey))


def tenant_definition(tenant: Tenant) -> TenantDefinition:
    return TenantDefinition(id=tenant.id, slug=tenant.slug, name=tenant.name, timezone=tenant.timezone,
                            status=tenant.status, logo=(tenant.settings or {}).get("logo"))


def _survey(survey: Survey) -> SurveyDefinition:
    questionnaire = survey.questionnaire
    return SurveyDefinition(
        id=survey.id, tenant_id=survey.tenant_id, title=survey.title, status=survey.status,
        starts_on=survey.starts_on, ends_on=survey.ends_on, public_code=survey.public_code,
        profile_fields=tuple(survey.profile_fields or ()), questionnaire_id=survey.questionnaire_id,
        questionnaire=QuestionnaireDefinition(id=questionnaire.id, is_frozen=questionnaire.is_frozen,
                                              elements=tuple(map(_element, questionnaire.elements))),
        service_types=tuple(ServiceTypeDefinition(id=st.id, name=st.name) for st in survey.service_types))


def _element(element: QuestionnaireElement) -> ElementDefinition:
    return ElementDefinition(code=element.code, slot=element.slot, question_id=element.question_id,
                             question_en=element.question_en, options_id=tuple(element.options_id),
                             options_en=tuple(element.options_en),
                             allow_not_applicable=element.allow_not_applicable)
