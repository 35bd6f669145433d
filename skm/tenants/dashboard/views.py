"""The tenant's home page: its surveys with status, respondents and IKM."""

from flask import Blueprint, g, render_template

from skm.platform.accounts.access import require
from skm.tenants.followups.services import overdue_by_survey
from skm.tenants.responses.services import local_today
from skm.tenants.results.queries import survey_result
from skm.tenants.surveys.services import list_surveys

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@require("view")
def dashboard():
    results = [(survey, survey_result(survey)) for survey in list_surveys()]
    return render_template("tenants/dashboard/index.html", tenant=g.tenant, results=results,
                           overdue=overdue_by_survey(local_today(g.tenant)))
