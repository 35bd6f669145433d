"""Resident pages: the survey form behind every kind of link, its thank-you and friendly refusals.

No login: each view resolves the tenant from the link and enters its scope (see services).
Every form posts back to its own URL (with ``?lang=`` kept) and commits at most once.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from skm.extensions import csrf, db
from skm.platform.malls.links import mall_definition
from skm.platform.web.i18n import LANGUAGES, select_locale
from skm.tenants.respond import page_cache, services, visit_key
from skm.tenants.respond.messages import field_messages
from skm.tenants.respond.services import LinkUnavailable, Visit
from skm.tenants.respond.throttle import count_open_submission, spare_from_flask_limiter
from skm.tenants.respond.tickets import ticket_keys, verify_ticket
from skm.tenants.responses.profile import CHOICES
from skm.tenants.responses.services import ResponseInvalid

bp = Blueprint("respond", __name__)
csrf.exempt(bp)  # resident forms carry a token of their own (see visit_key)
#: 😞 😕 😊 😄 for scores 1–4: Unicode 6.0 faces, present even in old phones' fonts
FACES = ("\U0001F61E", "\U0001F615", "\U0001F60A", "\U0001F604")


bp.record_once(lambda state: spare_from_flask_limiter(state.app, bp.name))
bp.after_request(visit_key.keep)


@bp.route("/r/<token>", methods=("GET", "POST"))
def invitation(token: str):
    visit = services.invitation_visit(token)
    services.check_open(visit)
    language = visit.invitation.language
    if request.method == "GET" and "lang" not in request.args and language != "id" and language in LANGUAGES:
        return redirect(url_for(".invitation", token=token, lang=language))  # the invitee's language first
    return _form(visit, fixed_service_type=visit.invitation.service_type_id)


@bp.route("/s/<slug>/<code>", methods=("GET", "POST"))
def open_link(slug: str, code: str):
    if request.args.get("mode") == "kiosk":
        return _kiosk(slug, code)
    visit = services.open_link_visit(slug, code)
    services.check_open(visit)
    return _form(visit, fixed_service_type=request.args.get("st"))


@bp.route("/s/<slug>/<code>/kiosk", methods=("GET", "POST"))
def kiosk(slug: str, code: str):
    return _kiosk(slug, code)


def _kiosk(slug: str, code: str):
    visit = services.open_link_visit(slug, code, channel="kiosk")
    services.check_open(visit)
    return _kiosk_form(visit, fixed_service_type=request.args.get("st"))


def _kiosk_form(visit: Visit, fixed_service_type=None):
    response = _form(visit, fixed_service_type=fixed_service_type, kiosk=True)
    response.headers["Cache-Control"] = "no-store"  # nothing of one resident is shown to the next
    return response


@bp.get("/m/<mall>")
def mall(mall: str):
    return _mall_page(mall, kiosk=False)


@bp.get("/m/<mall>/kiosk")
def mall_kiosk(mall: str):
    return _mall_page(mall, kiosk=True)


@bp.route("/m/<mall>/<int:counter>", methods=("GET", "POST"))
def mall_counter(mall: str, counter: int):
    visit = services.mall_visit(mall, counter)
    services.check_open(visit)
    return _form(visit)


@bp.route("/m/<mall>/<int:counter>/kiosk", methods=("GET", "POST"))
def mall_counter_kiosk(mall: str, counter: int):
    visit = services.mall_visit(mall, counter, channel="kiosk")
    services.check_open(visit)
    return _kiosk_form(visit)


def _mall_page(slug: str, kiosk: bool):
    """The mall's agencies, each a link to its counter's form: plain HTML, no script."""
    found = mall_definition(slug)
    if found is None:
        raise LinkUnavailable("unknown", 404)
    return render_template("respond/mall.html", mall=found, kiosk=kiosk, lang=_lang())


@bp.route("/s/<slug>/<code>/t/<ticket>", methods=("GET", "POST"))
def ticket(slug: str, code: str, ticket: str):
    visit = services.open_link_visit(slug, code, channel="ticket")
    visit.ticket_id = verify_ticket(ticket_keys(current_app.config), visit.tenant.id, visit.survey.id, ticket)
    if visit.ticket_id is None:
        raise LinkUnavailable("unknown", 404)
    services.check_open(visit)
    if request.method == "GET" and services.ticket_used(visit):
        raise LinkUnavailable("answered", 410, visit.tenant)
    return _form(visit)


def _form(visit: Visit, fixed_service_type=None, kiosk: bool = False):
    """GET: a fresh form. POST: store and thank, or the form again with messages and every answer kept.

    A POST whose CSRF token or nonce does not match its cookie gets the thank-you page if its answer
    is already stored (a resend after the kiosk renewed its cookie), else the form back with its
    answers, this visit's nonce and token (a forged POST, or a cookie gone since the form was served);
    an open link's POST over its address's rate limit, or sent too soon after the visit began, gets
    the form back with its answers (429).
    """
    if request.method == "GET":
        return _render(visit, _nonce(visit), fixed_service_type, kiosk)
    # counted before the token check, so that a flood of bad tokens is counted too
    if visit.invitation is None and not count_open_submission():
        errors = {"form": _("Terlalu banyak jawaban dari jaringan ini dalam waktu singkat. Tunggu sebentar, "
                            "lalu tekan Kirim jawaban lagi.")}
        return _render(visit, request.form.get("nonce", ""), fixed_service_type, kiosk, errors=errors, status=429)
    nonce = request.form.get("nonce", "")
    if not visit_key.form_valid(request.form.get("csrf_token"), nonce, _nonce(visit)):
        if services.nonce_used(visit, nonce):
            return _thanks(visit, kiosk)
        errors = {"form": _("Jawaban belum terkirim. Periksa jawaban Anda di bawah, lalu tekan Kirim jawaban lagi.")}
        return _render(visit, _nonce(visit), fixed_service_type, kiosk, errors=errors, status=400)
    if visit.invitation is None and _too_fast():
        errors = {"form": _("Jawaban belum terkirim: formulir dikirim terlalu cepat. Periksa jawaban Anda di bawah, "
                            "lalu tekan Kirim jawaban lagi.")}
        return _render(visit, nonce, fixed_service_type, kiosk, errors=errors, status=429)
    submission = services.read_form(visit.survey, request.form, fixed_service_type)
    try:
        services.store_answer(visit, submission, nonce)
    except ResponseInvalid as exc:
        messages = field_messages(exc.errors, submission)
        return _render(visit, nonce, fixed_service_type, kiosk, errors=messages, status=422)
    if kiosk:
        visit_key.renew()  # the next resident gets a fresh nonce and token
    return _thanks(visit, kiosk)


def _too_fast() -> bool:
    """Posted sooner after the visit began than a person fills in a form (``SKM_OPEN_LINK_MIN_SECONDS``).

    The visit began no later than the form was shown, so a person is never taken for a script;
    one who is fast gets the form back with their answers and sends it again.
    """
    age = visit_key.posted_age()
    return age is not None and age < current_app.config["SKM_OPEN_LINK_MIN_SECONDS"]


def _nonce(visit: Visit) -> str:
    """The form's nonce: one per survey and visit key.

    Going back after submitting reloads the form and the browser restores the ticked answers
    into it; with the same nonce, submitting that again stores nothing new. The kiosk renews
    the visit key after each answer.
    """
    invitation = visit.invitation.id if visit.invitation else None  # two invitations on one phone: two answers
    return visit_key.nonce(visit_key.current(), visit.survey.id, invitation)


def _render(visit: Visit, nonce: str, fixed_service_type, kiosk: bool, errors=None, status: int = 200):
    """The form: in full when it shows messages or belongs to an invitation, else from the page cache."""
    lang, token = _lang(), visit_key.csrf_token(visit_key.current())
    if errors or not _cacheable(visit):
        html = _form_html(visit, lang, nonce, token, fixed_service_type, kiosk, errors)
    else:
        page = page_cache.cached_page(visit.survey, "form", lang, lambda: _form_html(
            visit, lang, page_cache.NONCE_SLOT, page_cache.CSRF_SLOT, fixed_service_type, kiosk))
        html = page_cache.fill(page, csrf_token=token, nonce=nonce)
    response = current_app.response_class(html, status=status)
    response.headers["Cache-Control"] = "private"  # its CSRF token and nonce belong to this visitor's cookie
    return response


def _form_html(visit: Visit, lang: str, nonce: str, csrf_token: str, fixed_service_type, kiosk: bool,
               errors=None) -> str:
    """The form page (the page cache passes its slots as ``nonce`` and ``csrf_token``)."""
    return render_template(
        "respond/form.html", visit=visit, tenant=visit.tenant, survey=visit.survey,
        elements=visit.survey.questionnaire.elements, profile=services.asked_profile(visit.survey),
        choices=CHOICES, answers=request.form if request.method == "POST" else {}, errors=errors or {},
        nonce=nonce, csrf_token=csrf_token, fixed_service_type=fixed_service_type, kiosk=kiosk, faces=FACES, lang=lang)


def _thanks(visit: Visit, kiosk: bool):
    seconds = current_app.config["SKM_KIOSK_RESET_SECONDS"]

    def render() -> str:
        return render_template("respond/thanks.html", tenant=visit.tenant, kiosk=kiosk, reset_seconds=seconds,
                               restart_url=_kiosk_start(visit) if kiosk else None, mall=visit.mall)

    html = page_cache.cached_page(visit.survey, "thanks", _lang(), render) if _cacheable(visit) else render()
    response = current_app.response_class(html)
    if kiosk:
        # an HTTP Refresh header (the meta refresh's twin): a fresh, empty form in the default language
        response.headers["Refresh"] = f"{seconds}; url={_kiosk_start(visit)}"
    return response


def _kiosk_start(visit: Visit) -> str:
    """Where a kiosk starts again after an answer: its empty form, or at a mall the list of agencies."""
    if visit.mall is not None:
        return url_for(".mall_kiosk", mall=visit.mall.slug, lang="id")
    return url_for(".kiosk", slug=visit.tenant.slug, code=visit.survey.public_code, lang="id")


def _cacheable(visit: Visit) -> bool:
    """Open, kiosk and mall links show the same pages to everyone; invitations and tickets are rendered per visit."""
    return visit.invitation is None and visit.ticket_id is None


def _lang() -> str:
    """The page's language; asked of the selector directly (Flask-Babel's get_locale also parses a Locale)."""
    return select_locale()


@bp.app_template_global()
def respond_lang_url(lang: str) -> str:
    """The current resident page in another language (other query arguments kept)."""
    args = {**request.args.to_dict(), "lang": lang}
    return url_for(request.endpoint, **(request.view_args or {}), **args)


@bp.errorhandler(LinkUnavailable)
def _unavailable(exc: LinkUnavailable):
    db.session.rollback()
    return render_template("respond/message.html", reason=exc.reason, tenant=exc.tenant), exc.status


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    reason = {404: "unknown", 429: "too_many"}.get(exc.code, "error")
    return render_template("respond/message.html", reason=reason), exc.code

