"""The mall manager's page: the mall's combined results for a period (platform admins see every mall).

A mall that is not the user's answers 404. Nothing here enters a tenant: each agency's figures
come from :mod:`skm.platform.malls.results`.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from skm.platform.malls.models import Mall
from skm.platform.malls.results import current_period, mall_results
from skm.platform.malls.services import find_mall, managed_malls, may_view
from skm.tenants.results.periods import Period

bp = Blueprint("malls", __name__, url_prefix="/mall")


@bp.get("/")
@login_required
def index():
    return render_template("platform/malls/index.html", malls=managed_malls(current_user))


@bp.get("/<slug>/")
@login_required
def results(slug: str):
    mall = visible_mall(slug)
    period, error = _period(mall)
    return render_template("platform/malls/results.html", mall=mall, results=mall_results(mall, period),
                           period_error=error), 400 if error else 200


def visible_mall(slug: str) -> Mall:
    mall = find_mall(slug)
    if mall is None or not may_view(current_user, mall):
        abort(404)
    return mall


def _period(mall: Mall) -> tuple[Period, str | None]:
    """The period asked for in ``?period=``, or this quarter (with the reason when the code was wrong)."""
    code = request.args.get("period", "").strip()
    if not code:
        return current_period(mall), None
    try:
        return Period.parse(code), None
    except ValueError as exc:
        return current_period(mall), str(exc)
