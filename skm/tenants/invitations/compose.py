"""Render the message for one invitation: texts from templates/emails and templates/sms.

The workers send it (skm/workers/delivery.py); the invitation pages preview it.

Links are ``{SKM_BASE_URL}/r/<token>`` and ``{SKM_BASE_URL}/u/<opt-out token>``. The Message-ID
is stable per invitation and message (``invitation`` or reminder number), so a rare resend
after a crash is recognisable as the same message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app

from skm.platform.messaging.gsm7 import sms_name
from skm.tenants.invitations.optout import unsubscribe_token
from skm.tenants.invitations.tokens import ensure_link_token
from skm.tenants.settings.services import agency_settings


@dataclass
class Outgoing:
    """One rendered message for one invitation."""

    invitation_id: int
    kind: str
    to: str
    text: str
    subject: str = ""
    html: str = ""
    sender_name: str = ""
    message_id: str = ""
    unsubscribe_url: str = ""
    language: str = "id"
    #: for WhatsApp template messages: the template's body parameters
    parameters: list[str] = field(default_factory=list)
    #: per-tenant sender settings (SMS sender id, WhatsApp phone-number id and template)
    settings: dict = field(default_factory=dict)


UNSUBSCRIBE_LABEL = {"id": "Berhenti menerima pesan", "en": "Unsubscribe"}


@dataclass(frozen=True)
class Sender:
    """What a message needs to know about the tenant and survey."""

    tenant_id: int
    tenant_name: str
    survey_title: str
    #: the agency's settings by their API names (skm.tenants.settings), defaults filled in
    settings: dict
    #: the name where space is short (SMS); the full name when the agency set none
    short_name: str | None = None

    @classmethod
    def of(cls, tenant, survey) -> Sender:
        return cls(tenant.id, tenant.name, survey.title, agency_settings(tenant), tenant.short_name)


def compose(invitation, sender: Sender, kind: str, round_: int) -> Outgoing:
    """The rendered message (the invitation must have its contact; ``round_`` 0 = the invitation)."""
    base = current_app.config["SKM_BASE_URL"]
    language = invitation.language if invitation.language in UNSUBSCRIBE_LABEL else "id"
    context = {
        "name": invitation.name, "tenant_name": sender.tenant_name, "survey_title": sender.survey_title,
        "sms_name": sms_name(sender.short_name or sender.tenant_name),
        "link": f"{base}/r/{ensure_link_token(invitation)}",
        "unsubscribe_url": f"{base}/u/{unsubscribe_token(invitation)}", "language": language,
    }
    domain = current_app.config["MAIL_FROM"].partition("@")[2] or "localhost"
    message = Outgoing(invitation_id=invitation.id, kind=kind, to=invitation.email or invitation.phone, text="",
                       sender_name=sender.settings.get("sender_name") or sender.tenant_name,
                       message_id=f"<skm-{invitation.tenant_id}-{invitation.id}-{kind}{round_ or ''}@{domain}>",
                       unsubscribe_url=context["unsubscribe_url"], language=language,
                       parameters=[sender.tenant_name, context["link"]], settings=sender.settings)
    if invitation.channel == "email":
        _email_parts(message, kind, context)
    else:
        message.text = _render(f"sms/{kind}_{language}.txt", **context).strip()
    return message


def _email_parts(message: Outgoing, kind: str, context: dict) -> None:
    template = current_app.jinja_env.get_template(f"emails/{kind}_{context['language']}.txt")
    module = template.make_module(context)
    message.subject, message.text = module.subject, str(module).strip() + "\n"
    paragraphs = [p.replace("\n", " ") for p in message.text.split("\n\n")
                  if context["link"] not in p and context["unsubscribe_url"] not in p]
    message.html = _render("emails/message.html", paragraphs=paragraphs, subject=message.subject,
                                   unsubscribe_label=UNSUBSCRIBE_LABEL[context["language"]], **context)


def _render(template_name: str, **context) -> str:
    """Render without request context processors (workers have no request)."""
    return current_app.jinja_env.get_template(template_name).render(**context)
