"""/api/v1/users/<uid|me>: a user's own account (or any account, for platform admins).

The user themself and platform admins may read the account, list its live API tokens and
revoke them; the user changes their own password (the current one required); platform admins
deactivate or reactivate any account.
"""

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from skm.extensions import db
from skm.platform.accounts.models import User
from skm.platform.accounts.services import change_password, find_token, live_tokens, revoke_token, set_active
from skm.platform.api import API_PREFIX
from skm.platform.api.blueprint import Blueprint
from skm.platform.api.context import committed, require_api_user
from skm.platform.api.inputs import InputSchema

blp = Blueprint("users_api", __name__, url_prefix=f"{API_PREFIX}/users", description="Accounts and API tokens")


class UserSchema(Schema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    active = fields.Boolean(attribute="is_enabled")
    platform_admin = fields.Boolean(attribute="is_platform_admin")
    last_login_at = fields.DateTime(allow_none=True)


class UserUpdateSchema(InputSchema):
    active = fields.Boolean(required=True)


class PasswordChangeSchema(InputSchema):
    current_password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=200))
    new_password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=200))


class ApiTokenSchema(Schema):
    id = fields.Integer()
    created_at = fields.DateTime()
    expires_at = fields.DateTime()


@blp.route("/<user_ref>")
class UserById(MethodView):
    @blp.response(200, UserSchema)
    def get(self, user_ref: str):
        """``me`` or a user id: the user themself or a platform admin."""
        return _load(user_ref)

    @blp.arguments(UserUpdateSchema)
    @blp.response(200, UserSchema)
    def patch(self, data, user_ref: str):
        """Deactivate or reactivate the account everywhere (platform admins; 409 for a tenant's last
        active admin). Its sessions and tokens stop working on the next request."""
        user = _load(user_ref)
        if not current_user.is_platform_admin:
            abort(403, message="Only platform admins may do this.")
        committed(set_active, user, data["active"])
        return user


@blp.route("/<user_ref>/password")
class Password(MethodView):
    @blp.arguments(PasswordChangeSchema)
    @blp.response(204)
    def post(self, data, user_ref: str):
        """Change your own password (the current one is required; 422 names the field at fault)."""
        user = _load(user_ref)
        if user.id != current_user.id:
            abort(403, message="Only the user themself may change a password; send a reset link instead.")
        committed(change_password, user, data["current_password"], data["new_password"])


@blp.route("/<user_ref>/tokens")
class Tokens(MethodView):
    @blp.response(200, ApiTokenSchema(many=True))
    def get(self, user_ref: str):
        """The account's API tokens that still work (the token itself is never shown again)."""
        return live_tokens(_load(user_ref))


@blp.route("/<user_ref>/tokens/<int:token_id>")
class TokenById(MethodView):
    @blp.response(204)
    def delete(self, user_ref: str, token_id: int):
        """Revoke one token: it stops working at once."""
        row = find_token(_load(user_ref), token_id)
        if row is None:
            abort(404, message="No such token.")
        committed(revoke_token, row)


def _load(user_ref: str) -> User:
    """``me`` or the id of the current user; any user for platform admins; 404 otherwise."""
    require_api_user()
    if user_ref == "me" or user_ref == str(current_user.id):
        return current_user._get_current_object()
    user = db.session.get(User, int(user_ref)) if user_ref.isdigit() and current_user.is_platform_admin else None
    if user is None:
        abort(404, message="No such user.")
    return user
