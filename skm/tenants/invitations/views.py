"""Staff pages for a survey's invitations: counts and rows, contact upload, send, message preview."""

from types import SimpleNamespace

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from skm.extensions import db
from skm.platform.accounts.access import can, require
from skm.platform.inputs.spreadsheets import AnswerFileError
from skm.platform.inputs.uploads import read_upload, upload_limit
from skm.platform.messaging.gsm7 import segments
from skm.platform.messaging.outbox_mode import outbox_folders
from skm.platform.web.page_changes import commit_or_flash
from skm.tenants.invitations.campaigns import add_contacts, send_invitations, send_pending, status_counts
from skm.tenants.invitations.compose import Sender, compose
from skm.tenants.invitations.contacts import read_contact_file, validate_contacts
from skm.tenants.invitations.forms import SendForm, UploadForm
from skm.tenants.invitations.queries import invitation_page, load_survey, service_type_lookup

bp = Blueprint("invitations", __name__, url_prefix="/surveys/<int:survey_id>/invitations")
PAGE_SIZE = 100


def _survey(survey_id: int):
    survey = load_survey(survey_id)
    if survey is None:
        abort(404)
    return survey


def _page(survey, upload_form, result=None, status=200):
    page = max(1, request.args.get("page", 1, type=int))
    rows, total = invitation_page(survey, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    editable = can("edit")
    return render_template("tenants/invitations/list.html", survey=survey, counts=status_counts(survey), rows=rows,
                           total=total, page=page, pages=max(1, -(-total // PAGE_SIZE)), result=result,
                           upload_form=upload_form if editable else None,
                           send_form=SendForm() if editable else None, outbox=outbox_folders()), status


@bp.get("/")
@require("view")
def list_invitations(survey_id):
    return _page(_survey(survey_id), UploadForm())


@bp.post("/")
@upload_limit("contacts", "SKM_CONTACT_UPLOAD_BYTES")
@require("edit")
def upload(survey_id):
    survey = _survey(survey_id)
    form = UploadForm()
    if not form.validate_on_submit():
        return _page(survey, form, status=400)
    try:
        contact_file = read_contact_file(read_upload(form.contacts.data), form.contacts.data.filename,
                                         current_app.config["SKM_CONTACT_ROWS_MAX"])
    except (AnswerFileError, ValueError) as exc:
        form.contacts.errors.append(str(exc))
        return _page(survey, form, status=400)
    result = add_contacts(g.tenant, survey, validate_contacts(contact_file.rows, service_type_lookup(survey)))
    if form.send_now.data:
        send_invitations(g.tenant, survey, result.new_ids)
    db.session.commit()
    flash(_("%(n)s kontak diterima, %(r)s ditolak.", n=result.accepted, r=len(result.rejected)), "success")
    shown = result.as_dict()
    shown["rejected"] = contact_file.with_sheet_rows(shown["rejected"])
    return _page(survey, UploadForm(formdata=None), result=shown)


@bp.post("/send")
@require("edit")
def send(survey_id):
    survey = _survey(survey_id)
    if SendForm().validate_on_submit() and (saved := commit_or_flash(lambda: send_pending(g.tenant, survey))):
        flash(_sent_message(saved.value), "success")
    return redirect(url_for(".list_invitations", survey_id=survey.id))


def _sent_message(count: int) -> str:
    """"Sent", or in the outbox mode where the messages went instead (they reach no resident)."""
    folders = outbox_folders()
    if not folders:
        return _("%(n)s undangan dikirim.", n=count)
    return _("%(n)s undangan diproses. Mode demo: pesan tidak sampai ke warga, tetapi ditulis ke %(folders)s.",
             n=count, folders=", ".join(str(folder) for folder in folders.values()))


@bp.get("/preview")
@require("view")
def preview(survey_id):
    """Each message as a resident would get it, for a sample contact (nothing is stored)."""
    survey = _survey(survey_id)
    sender = Sender.of(g.tenant, survey)
    samples = []
    for kind in ("invitation", "reminder"):
        for language in ("id", "en"):
            for channel, email, phone in (("email", "warga@contoh.id", None), ("sms", None, "+6281200000000")):
                invitation = SimpleNamespace(id=0, tenant_id=g.tenant.id, name="Budi", language=language,
                                             channel=channel, token_nonce="0" * 32, email=email, phone=phone)
                message = compose(invitation, sender, kind, 1)
                samples.append((kind, language, channel, message, segments(message.text)))
    return render_template("tenants/invitations/preview.html", survey=survey, samples=samples)
