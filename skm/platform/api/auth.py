"""/api/v1/auth: exchange email and password for a bearer token (DELETE revokes it); ask for a reset link."""

from flask import current_app, g
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from skm.extensions import db, limiter
from skm.platform.accounts.password_links import request_reset
from skm.platform.accounts.services import authenticate, issue_token, revoke_token
from skm.platform.api import API_PREFIX
from skm.platform.api.blueprint import Blueprint
from skm.platform.api.context import require_api_user
from skm.platform.api.inputs import InputSchema
from skm.platform.api.schemas import TokenRequestSchema, TokenSchema

blp = Blueprint("auth_api", __name__, url_prefix=f"{API_PREFIX}/auth", description="Bearer tokens")

RESET_ANSWER = "If the address belongs to an active account, a link to set a new password is on its way."


class PasswordResetSchema(InputSchema):
    email = fields.String(required=True, validate=validate.Length(min=3, max=254))


class AcceptedSchema(Schema):
    message = fields.String()


@blp.route("/token")
class Token(MethodView):
    decorators = [limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])]

    @blp.arguments(TokenRequestSchema)
    @blp.response(200, TokenSchema)
    def post(self, data):
        """Log in and receive a token (send it as ``Authorization: Bearer <token>``)."""
        user = authenticate(data["email"], data["password"], via="api")
        if user is None:
            db.session.commit()  # the failed attempt's audit entry
            abort(401, message="Wrong email or password.")
        token, row = issue_token(user)
        db.session.commit()
        return {"token": token, "expires_at": row.expires_at}

    @blp.response(204)
    def delete(self):
        """Revoke the token used for this request."""
        require_api_user()
        revoke_token(g.api_token)
        db.session.commit()


@blp.route("/password-reset")
class PasswordReset(MethodView):
    decorators = [limiter.limit(lambda: current_app.config["PASSWORD_RESET_RATE_LIMIT"], methods=["POST"])]

    @blp.arguments(PasswordResetSchema)
    @blp.response(202, AcceptedSchema)
    def post(self, data):
        """Email a single-use, expiring reset link; the answer is the same whether or not the address exists."""
        request_reset(data["email"])
        db.session.commit()
        return {"message": RESET_ANSWER}
