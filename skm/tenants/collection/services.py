"""Resident link URLs of a survey (for QR codes, posters and tickets)."""

from __future__ import annotations

from flask import Response, abort, current_app, url_for
from sqlalchemy import select

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.tenants.surveys.models import ServiceType, Survey


def survey_or_404(survey_id: int) -> Survey:
    return db.one_or_404(select(Survey).where(Survey.id == survey_id))


def counter_service(survey: Survey, raw: str | None) -> ServiceType | None:
    """The survey's service type named by ``?st=`` (a service counter), None without one, 404 if foreign."""
    if not raw:
        return None
    for service_type in survey.service_types:
        if str(service_type.id) == raw:
            return service_type
    abort(404)


def absolute(path: str) -> str:
    return current_app.config["SKM_BASE_URL"] + path


def open_link_url(tenant: Tenant, survey: Survey, service_type: ServiceType | None = None, kiosk: bool = False) -> str:
    endpoint = "respond.kiosk" if kiosk else "respond.open_link"
    args = {"st": service_type.id} if service_type else {}
    return absolute(url_for(endpoint, slug=tenant.slug, code=survey.public_code, **args))


def ticket_url(tenant: Tenant, survey: Survey, ticket: str) -> str:
    return absolute(url_for("respond.ticket", slug=tenant.slug, code=survey.public_code, ticket=ticket))


def attachment(body: bytes, mimetype: str, filename: str) -> Response:
    """A download (QR code, poster) saved under ``filename``."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
