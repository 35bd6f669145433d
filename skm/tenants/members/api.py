"""/api/v1/tenants/<slug>/users: the tenant's users, their roles and whether they may sign in."""

from flask import g
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from skm.platform.accounts.models import ROLES
from skm.platform.api.context import commit_change, require_capability, tenant_blueprint
from skm.platform.api.inputs import InputSchema
from skm.tenants.members.services import find_member, invite_member, members, update_member

blp = tenant_blueprint("members_api", __name__, "users", "A tenant's users and their roles")


class MemberSchema(Schema):
    id = fields.Integer(attribute="user.id")
    email = fields.String(attribute="user.email")
    name = fields.String(attribute="user.name")
    role = fields.String(validate=validate.OneOf(ROLES))
    active = fields.Boolean(attribute="user.is_enabled")
    has_password = fields.Function(lambda m: m.user.password_hash is not None)


class MemberCreateSchema(InputSchema):
    email = fields.String(required=True, validate=validate.Length(min=3, max=254))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    password = fields.String(load_only=True, validate=validate.Length(max=200))


class MemberUpdateSchema(InputSchema):
    role = fields.String(validate=validate.OneOf(ROLES))
    #: false deactivates the account: its sessions and tokens stop working on the next request
    active = fields.Boolean()


@blp.route("")
class Members(MethodView):
    @blp.response(200, MemberSchema(many=True))
    def get(self):
        require_capability("view")
        return members()

    @blp.arguments(MemberCreateSchema)
    @blp.response(201, MemberSchema)
    def post(self, data):
        """Add a user with a role; without a password they are asked to set one."""
        return commit_change(invite_member, g.tenant, data["email"], data["name"], data["role"],
                             data.get("password"), capability="manage_users")


@blp.route("/<int:user_id>")
class MemberById(MethodView):
    @blp.response(200, MemberSchema)
    def get(self, user_id: int):
        require_capability("view")
        return _member_or_404(user_id)

    @blp.arguments(MemberUpdateSchema)
    @blp.response(200, MemberSchema)
    def patch(self, data, user_id: int):
        """Change the role or deactivate (409 when the tenant would lose its last active admin, or
        when the user also belongs to another agency: then only a platform admin may deactivate)."""
        require_capability("manage_users")
        membership = _member_or_404(user_id)
        return commit_change(lambda: update_member(g.tenant, membership, data,
                                                   by_platform_admin=current_user.is_platform_admin),
                             capability="manage_users")


def _member_or_404(user_id: int):
    membership = find_member(g.tenant, user_id)
    if membership is None:
        abort(404, message="No such user in this tenant.")
    return membership
