"""Fixtures for report tests: a tenant with a small survey of known answers."""

from __future__ import annotations

import random
from datetime import date

import pytest

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from tests.factories import insert_rows, make_survey

CODES = [f"U{i}" for i in range(1, 10)]


def answer_rows(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    return [{code: rng.choice((2, 3, 3, 4, 4)) for code in CODES} for _ in range(count)]


@pytest.fixture
def small_survey(make_tenant, make_user, storage_dir):
    """Tenant ``dpmptsp`` with a 30-respondent survey over two quarters, three service types, comments."""
    tenant = make_tenant("dpmptsp", "Dinas Penanaman Modal dan PTSP")
    make_user("staf@dpmptsp.id", tenant=tenant, role="staff")
    with tenant_scope(tenant.id):
        survey = make_survey("SKM Semester I 2026", service_types=("Perizinan Berusaha", "PBG", "Konsultasi"),
                             population=2400)
        services = [s.id for s in survey.service_types]
        rows = answer_rows(30)
        for i, row in enumerate(rows):
            insert_rows(survey, [row], tenant.id, service_type_id=services[i % 3], gender="LP"[i % 2],
                        age=18 + i * 2, education=["SMA", "S1", "D3"][i % 3], occupation=["PNS", "SWASTA"][i % 2],
                        submitted_on=date(2026, 2 + (i % 4) * 2, 10),
                        comment=None if i % 3 else f"Pelayanan cepat nomor {i}")
        db.session.commit()
        survey_id = survey.id
    return tenant, survey_id, rows
