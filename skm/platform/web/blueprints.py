"""Every blueprint, registered explicitly (a small team greps, it does not discover)."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from skm.platform.admin.views import bp as admin_bp
    from skm.platform.api import register_api
    from skm.platform.audit.views import platform_bp as audit_admin_bp
    from skm.platform.auth.account import admin_bp as admin_users_bp
    from skm.platform.auth.account import bp as account_bp
    from skm.platform.auth.views import bp as auth_bp
    from skm.platform.data.tenancy import clear_tenant_scope
    from skm.platform.malls.admin_views import bp as mall_admin_bp
    from skm.platform.malls.views import bp as malls_bp
    from skm.platform.oversight.views import bp as oversight_bp
    from skm.platform.web import errors, health
    from skm.tenants import register_tenant_blueprints
    from skm.tenants.invitations.hooks import bp as messaging_hooks_bp
    from skm.tenants.publication.public import bp as public_bp
    from skm.tenants.respond.views import bp as respond_bp

    app.register_blueprint(health.bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(audit_admin_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(admin_users_bp)
    app.register_blueprint(oversight_bp)
    app.register_blueprint(mall_admin_bp)
    app.register_blueprint(malls_bp)
    register_tenant_blueprints(app)
    app.register_blueprint(respond_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(messaging_hooks_bp)
    register_api(app)
    errors.init_app(app)
    app.teardown_request(lambda exc=None: clear_tenant_scope())
