"""POST /api/v1/auth/token: exchange email and password for a bearer token; DELETE revokes it."""

from flask import current_app, g
from flask.views import MethodView
from flask_smorest import abort

from skm.extensions import db, limiter
from skm.platform.accounts.services import authenticate, issue_token, revoke_token
from skm.platform.api import API_PREFIX
from skm.platform.api.blueprint import Blueprint
from skm.platform.api.context import require_api_user
from skm.platform.api.schemas import TokenRequestSchema, TokenSchema

blp = Blueprint("auth_api", __name__, url_prefix=f"{API_PREFIX}/auth", description="Bearer tokens")


@blp.route("/token")
class Token(MethodView):
    decorators = [limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])]

    @blp.arguments(TokenRequestSchema)
    @blp.response(200, TokenSchema)
    def post(self, data):
        """Log in and receive a token (send it as ``Authorization: Bearer <token>``)."""
        user = authenticate(data["email"], data["password"])
        if user is None:
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
