"""/api/v1/tenants: the tenant lifecycle (platform admins) and a tenant's own record (members)."""

from flask.views import MethodView
from flask_smorest import abort
from sqlalchemy import select

from skm.extensions import db
from skm.platform.accounts.access import enter_tenant
from skm.platform.accounts.services import user_counts
from skm.platform.agencies.models import Tenant
from skm.platform.agencies.services import create_tenant, set_status, update_tenant
from skm.platform.api import API_PREFIX
from skm.platform.api.blueprint import Blueprint
from skm.platform.api.context import abort_input, paginated, require_api_platform_admin, require_api_user
from skm.platform.api.schemas import TenantCreateSchema, TenantSchema, TenantUpdateSchema
from skm.platform.inputs.errors import InputError

blp = Blueprint("tenants_api", __name__, url_prefix=f"{API_PREFIX}/tenants", description="Tenants (agencies)")


def _with_count(tenant: Tenant, counts: dict[int, int]) -> dict:
    """The tenant's fields plus its number of users, for :class:`TenantSchema`."""
    fields = ("slug", "name", "short_name", "status", "timezone", "created_at")
    return {**{name: getattr(tenant, name) for name in fields}, "user_count": counts.get(tenant.id, 0)}


@blp.route("")
class Tenants(MethodView):
    @blp.response(200, TenantSchema(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """Every tenant with its status and user count (platform admins)."""
        require_api_platform_admin()
        rows = paginated(select(Tenant).order_by(Tenant.slug), pagination_parameters)
        counts = user_counts()
        return [_with_count(t, counts) for t in rows]

    @blp.arguments(TenantCreateSchema)
    @blp.response(201, TenantSchema)
    def post(self, data):
        """Create a tenant with its standard questionnaire (platform admins)."""
        require_api_platform_admin()
        try:
            tenant = create_tenant(data["slug"], data["name"], data["timezone"], data.get("short_name"))
        except InputError as exc:
            db.session.rollback()
            abort_input(exc)
        db.session.commit()
        return _with_count(tenant, {})


@blp.route("/<slug>")
class TenantBySlug(MethodView):
    @blp.response(200, TenantSchema)
    def get(self, slug):
        """One tenant: for its members and platform admins; 404 for everyone else."""
        require_api_user()
        return _with_count(enter_tenant(slug), user_counts())

    @blp.arguments(TenantUpdateSchema)
    @blp.response(200, TenantSchema)
    def patch(self, data, slug):
        """Rename, change the timezone, suspend or reactivate (platform admins)."""
        tenant = _admin_load(slug)
        if "status" in data:
            set_status(tenant, data.pop("status"))
        update_tenant(tenant, data)
        db.session.commit()
        return _with_count(tenant, user_counts())


@blp.route("/<slug>/<any(suspend, reactivate):action>")
class TenantStatus(MethodView):
    @blp.response(200, TenantSchema)
    def post(self, slug, action):
        """Suspend (the tenant then serves nothing to its staff or residents) or reactivate."""
        tenant = _admin_load(slug)
        set_status(tenant, {"suspend": "suspended", "reactivate": "active"}[action])
        db.session.commit()
        return _with_count(tenant, user_counts())


def _admin_load(slug: str) -> Tenant:
    require_api_platform_admin()
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        abort(404, message="No such tenant.")
    return tenant
