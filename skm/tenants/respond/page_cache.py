"""Whole resident pages rendered once per cached form definition, with per-visit values filled in.

A fresh open-link or kiosk form, and the thank-you page after it, are the same HTML for every
resident who arrives through the same URL in the same language, except for two values: the CSRF
token and the form's nonce. Rendering the templates (a few dozen translation lookups and loops
over the elements) was the largest cost of a resident request, so the page is rendered once with
unguessable slot markers where those values go, kept on the form definition (so it expires with
it, see definitions) and filled per visit with two string replacements.

The key is the language and the full URL (path and query string), because the page shows links
to itself in the other language. The URL is the visitor's to choose, so each definition keeps at
most ``MAX_PAGES`` pages; beyond that pages are rendered afresh and not kept.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from flask import request

from skm.tenants.respond.definitions import SurveyDefinition

MAX_PAGES = 32
_MARK = secrets.token_hex(12)
CSRF_SLOT = f"csrf-{_MARK}"
NONCE_SLOT = f"nonce-{_MARK}"


def cached_page(survey: SurveyDefinition, kind: str, lang: str, render: Callable[[], str]) -> str:
    """The page ``kind`` for this request's URL and ``lang``: from the definition, or ``render()`` kept there."""
    key = (kind, lang, request.full_path)
    page = survey.pages.get(key)
    if page is None:
        page = render()
        if len(survey.pages) < MAX_PAGES:
            survey.pages[key] = page
    return page


def fill(page: str, *, csrf_token: str, nonce: str) -> str:
    """The page with this visit's CSRF token and nonce in their slots."""
    return page.replace(CSRF_SLOT, csrf_token).replace(NONCE_SLOT, nonce)
