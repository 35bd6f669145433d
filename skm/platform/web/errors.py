"""Error answers: JSON in flask-smorest's shape under /api, friendly pages elsewhere."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from skm.extensions import api, db
from skm.platform.inputs.uploads import UploadTooLarge, explained, size_text

logger = logging.getLogger(__name__)


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def init_app(app: Flask) -> None:
    # flask-smorest registers its JSON handler app-wide; this one replaces it and delegates.
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if isinstance(error, RequestEntityTooLarge):
            return _too_large(explained(error))
        if is_api_request():
            return api.handle_http_exception(error)
        return render_template("errors/error.html", error=error, is_csrf=isinstance(error, CSRFError)), error.code

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        logger.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return _http_error(InternalServerError())


def _too_large(error: UploadTooLarge):
    """413 naming the field and the limit: JSON in flask-smorest's shape, or a page with a way back."""
    size = size_text(error.size)
    if is_api_request():
        message = _english_too_large(error.field, size)
        error.data = {"message": message, **({"errors": {"files": {error.field: [message]}}} if error.field else {})}
        return api.handle_http_exception(error)
    if error.field is None:
        error.description = _("Permintaan terlalu besar: maksimal %(size)s.", size=size)
    elif not error.field:
        error.description = _("Isian formulir terlalu besar: maksimal %(size)s per isian.", size=size)
    else:
        error.description = _("Berkas terlalu besar: maksimal %(size)s.", size=size)
    return render_template("errors/error.html", error=error, back=_same_site_referrer()), 413


def _english_too_large(field: str | None, size: str) -> str:
    if field is None:
        return f"Request body too large: at most {size}."
    return f"File too large: at most {size}." if field else f"A form field is too large: at most {size}."


def _same_site_referrer() -> str | None:
    """The page the visitor came from (the upload form), when it is one of ours."""
    referrer = request.referrer or ""
    return referrer if urlsplit(referrer).netloc == request.host else None
