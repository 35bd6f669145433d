"""Language choice: Indonesian first, English on request (``?lang=en``, kept in the session)."""

from __future__ import annotations

from flask import Flask, has_request_context, request, session
from flask_babel import get_locale

LANGUAGES = ("id", "en")


def select_locale() -> str:
    if not has_request_context():
        return "id"  # workers render in Indonesian unless they force a locale
    requested = request.args.get("lang")
    if requested in LANGUAGES:
        session["lang"] = requested
        return requested
    return session.get("lang", "id")


def init_app(app: Flask) -> None:
    @app.context_processor
    def _language() -> dict:
        return {"current_lang": str(get_locale() or "id"), "languages": LANGUAGES}
