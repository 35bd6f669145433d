"""The open-link submission limit: one counter per client address, kept in Flask-Limiter's storage.

Open, kiosk and ticket links share one limit (``SKM_OPEN_LINK_RATE_LIMIT``) per client address,
counted on POST only. Flask-Limiter's decorator resolves every limit of the application on each
call, which cost more CPU than the INSERT of the answer; this one counter goes straight to the
limiter's strategy and storage (Redis in production). When the storage is unreachable the
submission is let through: a rate limit never costs a resident their answer.

Flask-Limiter itself is kept away from resident pages: its before-request hook resolves every
limit of the application on every request, even one its filters exempt, and its after-request
and teardown hooks look up its per-request context; together they cost a resident's form GET and
POST about an eighth of their instructions. The hooks are wrapped to skip the resident blueprint; views
with a decorated limit (the login) still check it themselves.

The wrapping uses Flask-Limiter's private names, on purpose. Its public way (a request filter,
or ``limiter.exempt`` on the blueprint) still runs all three hooks: measured with
bench/respond_instructions.py it costs about 15% of a resident completion's instructions
(4.23 M instead of 3.67 M), far above the 5% that private names are worth. So Flask-Limiter's
version is pinned to the range tested (pyproject.toml) and tests/unit/test_flask_limiter_hooks.py
fails, naming them, on an upgrade that renames them.
"""

from __future__ import annotations

from functools import lru_cache, partial

from flask import Flask, current_app, request
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse

from skm.extensions import limiter

SCOPE = "open_links"


def count_open_submission() -> bool:
    """Count this request's submission against its client's limit; False beyond it."""
    limit = _limit(current_app.config["SKM_OPEN_LINK_RATE_LIMIT"])
    try:
        return limiter.limiter.hit(limit, SCOPE, get_remote_address())
    except Exception:  # any storage failure: count nothing rather than refuse
        current_app.logger.warning("open-link rate limit storage unreachable; submission not counted", exc_info=True)
        return True


@lru_cache(maxsize=8)
def _limit(text: str) -> RateLimitItem:
    return parse(text)


def spare_from_flask_limiter(app: Flask, blueprint: str) -> None:
    """Skip the request hooks Limiter.init_app registered for the requests of ``blueprint``.

    They are private to Flask-Limiter (see above): if an upgrade renames one, this raises at app
    creation.
    """
    before, after, teardown = (app.before_request_funcs[None], app.after_request_funcs[None],
                               app.teardown_request_funcs[None])
    check = limiter._check_request_limit
    before[before.index(check)] = lambda: None if request.blueprint == blueprint else check()
    headers = next(hook for hook in after if isinstance(hook, partial) and hook.args == (limiter,))
    after[after.index(headers)] = lambda response: response if request.blueprint == blueprint else headers(response)
    release = limiter._Limiter__release_context
    teardown[teardown.index(release)] = lambda exc=None: None if request.blueprint == blueprint else release(exc)
