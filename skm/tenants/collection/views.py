"""Staff pages for collecting answers at a counter: links, QR codes (PNG, SVG) and A4 posters."""

from __future__ import annotations

from flask import Blueprint, g, render_template, request

from skm.platform.accounts.access import require
from skm.tenants.collection.poster import poster_pdf
from skm.tenants.collection.qr import qr_png, qr_svg
from skm.tenants.collection.services import attachment, counter_service, open_link_url, survey_or_404

bp = Blueprint("collection", __name__, url_prefix="/surveys/<int:survey_id>/collection")


@bp.get("/")
@require("view")
def index(survey_id: int):
    survey = survey_or_404(survey_id)
    return render_template("tenants/collection/index.html", survey=survey, open_url=open_link_url(g.tenant, survey),
                           kiosk_url=open_link_url(g.tenant, survey, kiosk=True))


@bp.get("/qr.png")
@require("view")
def qr_code_png(survey_id: int):
    url, name = _counter_link(survey_id)
    return attachment(qr_png(url), "image/png", f"{name}.png")


@bp.get("/qr.svg")
@require("view")
def qr_code_svg(survey_id: int):
    url, name = _counter_link(survey_id)
    return attachment(qr_svg(url), "image/svg+xml", f"{name}.svg")


@bp.get("/poster.pdf")
@require("view")
def poster(survey_id: int):
    survey = survey_or_404(survey_id)
    service = counter_service(survey, request.args.get("st"))
    pdf = poster_pdf(agency=g.tenant.name, service=service.name if service else None, survey_title=survey.title,
                     url=open_link_url(g.tenant, survey, service))
    return attachment(pdf, "application/pdf", f"poster-skm-{survey.id}{'-' + str(service.id) if service else ''}.pdf")


def _counter_link(survey_id: int) -> tuple[str, str]:
    survey = survey_or_404(survey_id)
    service = counter_service(survey, request.args.get("st"))
    return open_link_url(g.tenant, survey, service), f"qr-skm-{survey.id}{'-' + str(service.id) if service else ''}"
