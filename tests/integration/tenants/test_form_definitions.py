"""The cached form definitions mirror the models they stand for (skm/tenants/respond/definitions.py).

Resident links and the API's one-statement POST use the definitions, invitations the ORM rows,
with the same templates and services. This test serves the form, the thank-you page and an
answer from the ORM rows wrapped so that every attribute read of them is noted, and fails
naming each attribute that the definition of its model lacks: add it to the definition.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.questionnaires.models import Questionnaire, QuestionnaireElement
from skm.tenants.respond import services, views
from skm.tenants.respond.definitions import (
    ElementDefinition,
    QuestionnaireDefinition,
    ServiceTypeDefinition,
    SurveyDefinition,
    TenantDefinition,
)
from skm.tenants.responses import api
from skm.tenants.surveys.models import ServiceType, Survey
from tests.respond_support import ANSWERS, open_survey

MIRRORS = {Tenant: TenantDefinition, Survey: SurveyDefinition, Questionnaire: QuestionnaireDefinition,
           QuestionnaireElement: ElementDefinition, ServiceType: ServiceTypeDefinition}


class Recorder:
    """A model row that notes each attribute read of it (and of the rows and lists it leads to) in ``reads``."""

    def __init__(self, row, reads: set) -> None:
        object.__setattr__(self, "_row", row)
        object.__setattr__(self, "_reads", reads)

    def __getattr__(self, name: str):
        row, reads = object.__getattribute__(self, "_row"), object.__getattribute__(self, "_reads")
        reads.add((type(row), name))
        return _recorded(getattr(row, name), reads)


def _recorded(value, reads: set):
    if type(value) in MIRRORS:
        return Recorder(value, reads)
    if isinstance(value, list):
        return [_recorded(item, reads) for item in value]
    return value


def _has(definition: type, name: str) -> bool:
    return name in {f.name for f in fields(definition)} or hasattr(definition, name)


@dataclass
class Posted:
    """A posted form as read_form sees it."""

    values: dict

    def get(self, name, default=None):
        return self.values.get(name, default)


def test_every_model_attribute_the_form_reads_is_in_its_definition(make_tenant, data_app):
    tenant = make_tenant("dpmptsp", "DPMPTSP Kabupaten Kotawaringin Timur")
    survey = open_survey(tenant, service_types=("Izin Usaha", "PBG"))
    survey.profile_fields = ["service_type", "gender", "age", "education", "occupation"]
    db.session.commit()
    reads: set = set()
    path = f"/s/{tenant.slug}/{survey.public_code}"
    with data_app.test_request_context(path, method="POST", data={**ANSWERS, "gender": "P"}), tenant_scope(tenant.id):
        visit = services.Visit(tenant=Recorder(tenant, reads), survey=Recorder(survey, reads), channel="kiosk")
        services.check_open(visit)
        views._render(visit, "n" * 22, None, kiosk=True, errors={"U1": ["Pilih salah satu jawaban."]})
        form = Posted({**ANSWERS, "service_type": str(survey.service_types[0].id), "gender": "P", "age": "30"})
        services.store_answer(visit, services.read_form(visit.survey, form), "n" * 22)
        api._submission(visit.survey, {"answers": ANSWERS, "service_type": "PBG"})
        visit.ticket_id = "rendered-afresh"  # not from the page cache, which only definitions have
        views._thanks(visit, kiosk=True)
    assert {model for model, _ in reads} == set(MIRRORS), "the form no longer reads some model: update MIRRORS"
    missing = sorted(f"{model.__name__}.{name}" for model, name in reads if not _has(MIRRORS[model], name))
    assert not missing, f"read by the form but missing from its definition: {missing}"
