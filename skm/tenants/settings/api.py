"""/api/v1/tenants/<slug>/settings: the agency's settings and its logo (tenant admins; platform admins read)."""

from __future__ import annotations

from flask import g, url_for
from flask.views import MethodView
from flask_smorest import abort
from flask_smorest.error_handler import ErrorSchema
from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError

from skm.extensions import db
from skm.platform.api.context import abort_input, require_capability, tenant_blueprint
from skm.platform.inputs.errors import InputError
from skm.platform.inputs.uploads import read_upload, upload_limit
from skm.tenants.settings.logo import stored_logo
from skm.tenants.settings.schemas import AgencySettingsOutSchema, AgencySettingsSchema, LogoSchema
from skm.tenants.settings.services import (
    discard_file,
    logo_response,
    remove_logo,
    replace_logo,
    update_settings,
)
from skm.tenants.settings.stored import current_shape

blp = tenant_blueprint("settings_api", __name__, "settings",
                       "The agency's settings: letterhead, head of agency, report texts, messaging, reminders")

IMAGE_RESPONSE = {"content": {"image/png": {"schema": {"type": "string", "format": "binary"}},
                              "image/jpeg": {"schema": {"type": "string", "format": "binary"}}}}


class LogoUploadSchema(Schema):
    logo = Upload(required=True, metadata={"description": "PNG or JPEG, at most SKM_LOGO_UPLOAD_MB (1 MB), "
                                                     "64–2000 px a side."})


def _logo(tenant) -> dict | None:
    logo = stored_logo(tenant.settings)
    if logo is None:
        return None
    return {**logo, "url": url_for("settings_api.Logo", tenant=tenant.slug)}


def _document(tenant) -> dict:
    """The stored settings as :class:`AgencySettingsOutSchema` dumps them (it fills in the defaults)."""
    shaped = {**current_shape(tenant.settings), "name": tenant.name, "short_name": tenant.short_name}
    if (logo := _logo(tenant)) is not None:
        shaped["letterhead"] = {**shaped["letterhead"], "logo": logo}
    return shaped


@blp.route("")
class Settings(MethodView):
    @blp.response(200, AgencySettingsOutSchema)
    def get(self):
        """Every setting, defaults filled in."""
        require_capability("read_settings")
        return _document(g.tenant)

    @blp.arguments(AgencySettingsSchema(partial=True))
    @blp.response(200, AgencySettingsOutSchema)
    def patch(self, changes):
        """Change some settings (tenant admins); ``null`` or an empty text clears an optional one.

        The result must hold as a whole: 422 names each field that does not, and nothing is stored.
        """
        require_capability("manage_settings")
        try:
            update_settings(g.tenant, changes)
        except ValidationError as exc:
            db.session.rollback()
            abort(422, message="The settings were not changed.", errors={"json": exc.messages})
        db.session.commit()
        return _document(g.tenant)


@blp.route("/logo")
class Logo(MethodView):
    @blp.doc(responses={"200": {"description": "The logo image.", **IMAGE_RESPONSE},
                        "404": {"description": "No logo uploaded."}})
    def get(self):
        """The uploaded logo (PNG or JPEG)."""
        require_capability("read_settings")
        return logo_response(g.tenant) or abort(404, message="No logo uploaded.")

    @upload_limit("logo", "SKM_LOGO_UPLOAD_BYTES")
    @blp.arguments(LogoUploadSchema, location="files")
    @blp.response(200, LogoSchema)
    @blp.alt_response(413, schema=ErrorSchema, description="The file is over its size limit: nothing was stored")
    def put(self, files):
        """Upload the logo (multipart field ``logo``); it is checked as an image before it is stored."""
        require_capability("manage_settings")
        try:
            old_key = replace_logo(g.tenant, read_upload(files["logo"]))
        except InputError as exc:
            db.session.rollback()
            abort_input(exc)
        db.session.commit()
        discard_file(old_key)
        return _logo(g.tenant)

    @blp.response(204)
    def delete(self):
        """Remove the logo; the report's letterhead is then drawn without one."""
        require_capability("manage_settings")
        old_key = remove_logo(g.tenant)
        db.session.commit()
        discard_file(old_key)
