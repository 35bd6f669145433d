"""Public endpoints of messaging: the one-click opt-out link and the providers' webhooks.

- ``/u/<token>``: GET asks for confirmation, POST opts out (also RFC 8058 one-click
  ``List-Unsubscribe-Post`` from mail providers, which sends no CSRF token: the link's signed,
  per-contact token is what authorises it).
- ``/hooks/sms/inbound`` and ``/hooks/sms/status``: the generic gateway, authenticated by the
  shared secret SMS_WEBHOOK_SECRET in ``X-SKM-Webhook-Secret``.
- ``/hooks/twilio/inbound`` and ``/hooks/twilio/status``: Twilio, authenticated by its
  ``X-Twilio-Signature`` (HMAC-SHA1 of the URL and sorted form parameters with the auth token).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from sqlalchemy import or_, select, update

from skm.extensions import csrf, db
from skm.platform.agencies.models import Tenant
from skm.platform.data.tenancy import ALL_TENANTS, platform_scope, tenant_scope
from skm.tenants.invitations.models import Invitation
from skm.tenants.invitations.optout import contact_hash, contact_of, read_unsubscribe_token, record_opt_out

bp = Blueprint("messaging_hooks", __name__)
logger = logging.getLogger(__name__)
STOP_WORDS = {"stop", "berhenti", "unreg", "unsubscribe"}
#: provider status -> ours; only a message already sent can become delivered, bounced or failed
STATUSES = {"delivered": "delivered", "read": "delivered", "undelivered": "bounced", "bounced": "bounced",
            "failed": "failed"}


@bp.route("/u/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    found = read_unsubscribe_token(token)
    tenant = db.session.get(Tenant, found[0]) if found else None
    if tenant is None:
        abort(404)
    if request.method == "GET":
        return render_template("invitations/unsubscribe.html", done=False, agency=tenant.name)
    tenant_id, invitation_id, hashed = found
    with tenant_scope(tenant_id):
        invitation = db.session.get(Invitation, invitation_id)
        contact = contact_of(invitation) if invitation is not None else None
        record_opt_out(hashed, "link", contact if contact and contact_hash(contact) == hashed else None)
        db.session.commit()
    return render_template("invitations/unsubscribe.html", done=True, agency=tenant.name)


def _check_shared_secret() -> None:
    secret = current_app.config["SMS_WEBHOOK_SECRET"]
    given = request.headers.get("X-SKM-Webhook-Secret", "")
    if not secret or not hmac.compare_digest(secret.encode(), given.encode()):
        abort(403)


def twilio_signature(url: str, params: dict[str, str], token: str) -> str:
    payload = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()).decode()


def _check_twilio() -> None:
    token = current_app.config["TWILIO_AUTH_TOKEN"]
    url = current_app.config["SKM_BASE_URL"] + request.path
    expected = twilio_signature(url, request.form.to_dict(), token or "")
    if not token or not hmac.compare_digest(expected, request.headers.get("X-Twilio-Signature", "")):
        abort(403)


@bp.post("/hooks/sms/inbound")
@csrf.exempt
def sms_inbound():
    _check_shared_secret()
    data = request.get_json(silent=True) or {}
    return jsonify(opted_out=_inbound(str(data.get("from", "")), str(data.get("message", ""))))


@bp.post("/hooks/twilio/inbound")
@csrf.exempt
def twilio_inbound():
    _check_twilio()
    _inbound(request.form.get("From", ""), request.form.get("Body", ""))
    return "<Response/>", 200, {"Content-Type": "text/xml"}


@bp.post("/hooks/sms/status")
@csrf.exempt
def sms_status():
    _check_shared_secret()
    data = request.get_json(silent=True) or {}
    return jsonify(updated=_status(str(data.get("id", "")), str(data.get("status", "")).lower()))


@bp.post("/hooks/twilio/status")
@csrf.exempt
def twilio_status():
    _check_twilio()
    _status(request.form.get("MessageSid", ""), request.form.get("MessageStatus", "").lower())
    return "", 204


def _inbound(phone: str, text: str) -> int:
    """A reply STOP opts the number out of every tenant that invited it; return how many tenants."""
    if text.strip().lower() not in STOP_WORDS or not phone:
        return 0
    with platform_scope("SMS STOP reply: the tenants that invited the number"):
        tenants = set(db.session.scalars(select(Invitation.tenant_id).where(Invitation.phone == phone)
                                         .execution_options(**ALL_TENANTS)))
    db.session.rollback()
    for tenant_id in tenants:
        with tenant_scope(tenant_id):
            record_opt_out(contact_hash(phone), "sms", phone)
            db.session.commit()
    logger.info("STOP from an SMS contact: opted out of %s tenants", len(tenants))
    return len(tenants)


def _status(provider_id: str, status: str) -> int:
    if not provider_id or status not in STATUSES:
        return 0
    with platform_scope("delivery report: the invitation of a provider's message id"):
        result = db.session.execute(
            update(Invitation).where(Invitation.provider_message_id == provider_id,
                                     or_(Invitation.status == "sent", Invitation.status == "delivered"))
            .values(status=STATUSES[status]).execution_options(synchronize_session=False, **ALL_TENANTS))
        db.session.commit()
    return result.rowcount
