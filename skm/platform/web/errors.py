"""Error answers: JSON in flask-smorest's shape under /api, friendly pages elsewhere."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from skm.extensions import api, db

logger = logging.getLogger(__name__)


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def init_app(app: Flask) -> None:
    # flask-smorest registers its JSON handler app-wide; this one replaces it and delegates.
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if is_api_request():
            return api.handle_http_exception(error)
        return render_template("errors/error.html", error=error, is_csrf=isinstance(error, CSRFError)), error.code

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        logger.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return _http_error(InternalServerError())
