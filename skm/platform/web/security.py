"""Security headers on every answer."""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def init_app(app: Flask) -> None:
    wanted = (*HEADERS, HSTS) if app.config["SESSION_COOKIE_SECURE"] else HEADERS

    @app.after_request
    def _security_headers(response: Response) -> Response:
        """Each header unless the view set its own (one pass over the headers, not one per header)."""
        present = {name.lower() for name, _ in response.headers}
        for name, value in wanted:
            if name.lower() not in present:
                response.headers.add(name, value)
        return response
