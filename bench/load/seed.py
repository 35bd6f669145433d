"""The load test's data: the demo regency (``skm demo --no-serve``) plus one open survey per agency for the run.

The demo's own surveys (a year of sample answers each) are what staff browse and report on; the
answers of the run go to a fresh survey per agency, open from ten days ago for a month, so that
the driver counts exactly the rows the run stored, whatever day the test runs on.
"""

from __future__ import annotations

import subprocess
from datetime import timedelta

from sqlalchemy import select

from bench.load.stack import BIN, ROOT
from skm import create_app
from skm.extensions import db
from skm.platform.agencies.services import find_tenant
from skm.platform.data.tenancy import tenant_scope
from skm.platform.demo import DEMO_PASSWORD, PLATFORM_ADMIN, TENANTS
from skm.tenants.demo_data import DEMO_TITLE, PROFILES
from skm.tenants.questionnaires.services import standard_questionnaire
from skm.tenants.responses.services import local_today
from skm.tenants.surveys.models import Survey
from skm.tenants.surveys.services import change_status, create_survey

LOAD_TITLE = "SKM Uji Beban"
#: the agency that runs the campaign (the largest population served)
CAMPAIGN_AGENCY = "disdukcapil"


def seed(env: dict[str, str]) -> dict:
    """Create the demo regency and the run's surveys; return the plan the locust users read."""
    subprocess.run([str(BIN / "skm"), "demo", "--no-serve"], env=env, cwd=ROOT, check=True, capture_output=True)
    app = create_app()
    with app.app_context():
        agencies = [_agency(slug) for slug, _name, _short in TENANTS]
        db.session.commit()
        for engine in db.engines.values():
            engine.dispose()
    return {"password": DEMO_PASSWORD, "central": PLATFORM_ADMIN[0], "agencies": agencies,
            "campaign": next(a for a in agencies if a["slug"] == CAMPAIGN_AGENCY)}


def _agency(slug: str) -> dict:
    tenant = find_tenant(slug)
    with tenant_scope(tenant.id):
        today = local_today(tenant)
        survey = create_survey({"title": LOAD_TITLE, "questionnaire_id": standard_questionnaire().id,
                                "starts_on": today - timedelta(days=10), "ends_on": today + timedelta(days=30),
                                "population": PROFILES[slug][1], "service_types": list(PROFILES[slug][0])})
        change_status(survey, "open")
        demo = db.session.scalar(select(Survey.id).where(Survey.title == DEMO_TITLE))
        return {"slug": slug, "admin": f"admin@{slug}.kotimkab.go.id", "load_survey": survey.id,
                "demo_survey": demo, "open_link": f"/s/{slug}/{survey.public_code}"}
