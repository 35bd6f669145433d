"""Central admin pages: tenants, their status and their admins."""

from sqlalchemy import func, select

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from tests.conftest import login


def _platform_admin(client, make_user):
    make_user("pusat@kotimkab.go.id", platform_admin=True)
    login(client, "pusat@kotimkab.go.id")


def test_tenant_list_shows_status_and_user_counts(client, make_tenant, make_user):
    tenant = make_tenant("pdam", "PDAM Tirta Mentaya")
    make_user("a@pdam.id", tenant=tenant)
    make_user("b@pdam.id", tenant=tenant, role="viewer")
    _platform_admin(client, make_user)
    page = client.get("/admin/tenants")
    assert page.status_code == 200
    assert "PDAM Tirta Mentaya" in page.text and "Aktif" in page.text
    assert "<td>2</td>" in page.text


def test_new_tenant_help_text_shows_the_address_placeholder(client, make_user):
    _platform_admin(client, make_user)
    assert "dipakai di alamat /t/&lt;kode&gt;/." in client.get("/admin/tenants/new").text


def test_create_tenant_then_duplicate_is_refused(client, make_user):
    _platform_admin(client, make_user)
    response = client.post("/admin/tenants/new", data={"slug": "rsud", "name": "RSUD dr. Murjani",
                                                       "timezone": "Asia/Jakarta"})
    assert response.status_code == 302
    again = client.post("/admin/tenants/new", data={"slug": "rsud", "name": "Lain", "timezone": "Asia/Jakarta"})
    assert again.status_code == 400
    assert "Instansi dengan kode ini sudah ada." in again.text
    assert db.session.scalar(select(func.count()).select_from(Tenant)) == 1


def test_a_refused_tenant_is_explained_in_the_page_language(client, make_tenant, make_user):
    make_tenant("rsud")
    _platform_admin(client, make_user)
    form = {"slug": "rsud", "name": "Lain", "timezone": "Asia/Jakarta"}
    indonesian = client.post("/admin/tenants/new", data=form)
    english = client.post("/admin/tenants/new?lang=en", data=form)
    assert indonesian.status_code == english.status_code == 400
    assert "Instansi dengan kode ini sudah ada." in indonesian.text
    assert "An agency with this code already exists." in english.text
    assert "Instansi dengan kode ini sudah ada." not in english.text


def test_bad_slug_is_refused_with_the_field_named(client, make_user):
    _platform_admin(client, make_user)
    for slug in ("../x", "x" * 300, "Huruf Besar", "admin"):
        response = client.post("/admin/tenants/new", data={"slug": slug, "name": "X", "timezone": "Asia/Jakarta"})
        assert response.status_code == 400, slug
        assert 'id="slug-error"' in response.text
    assert db.session.scalar(select(func.count()).select_from(Tenant)) == 0


def test_suspend_blocks_staff_and_reactivate_restores(client, app, make_tenant, make_user):
    tenant = make_tenant("disdukcapil")
    make_user("staf@dukcapil.id", tenant=tenant)
    _platform_admin(client, make_user)
    assert client.post("/admin/tenants/disdukcapil/suspended").status_code == 302
    staff = app.test_client()
    login(staff, "staf@dukcapil.id")
    blocked = staff.get("/t/disdukcapil/")
    assert blocked.status_code == 403 and "ditangguhkan" in blocked.text
    client.post("/admin/tenants/disdukcapil/active")
    assert staff.get("/t/disdukcapil/").status_code == 200


def test_add_tenant_admin_who_can_then_manage_users(client, app, make_tenant, make_user):
    make_tenant("dpmptsp")
    _platform_admin(client, make_user)
    response = client.post("/admin/tenants/dpmptsp/admins",
                           data={"email": "kepala@dpmptsp.id", "name": "Kepala", "password": "Perizinan-2026"})
    assert response.status_code == 302
    admin = app.test_client()
    login(admin, "kepala@dpmptsp.id", "Perizinan-2026")
    added = admin.post("/t/dpmptsp/users/", data={"email": "staf@dpmptsp.id", "name": "Staf", "role": "staff"})
    assert added.status_code == 302
    assert "staf@dpmptsp.id" in admin.get("/t/dpmptsp/users/").text


def test_weak_password_for_new_admin_is_refused(client, make_tenant, make_user):
    make_tenant("dpmptsp")
    _platform_admin(client, make_user)
    response = client.post("/admin/tenants/dpmptsp/admins",
                           data={"email": "kepala@dpmptsp.id", "name": "Kepala", "password": "12345"})
    assert response.status_code == 400
    assert 'id="password-error"' in response.text


def test_platform_admin_opens_a_tenant_read_only(client, make_tenant, make_user):
    make_tenant("rsud")
    _platform_admin(client, make_user)
    page = client.get("/t/rsud/")
    assert page.status_code == 200 and "hanya baca" in page.text


def test_tenant_staff_cannot_reach_the_central_admin(client, make_tenant, make_user):
    make_user("staf@pdam.id", tenant=make_tenant("pdam"))
    login(client, "staf@pdam.id")
    assert client.get("/admin/").status_code == 403
    assert client.post("/admin/tenants/new", data={"slug": "x", "name": "X"}).status_code == 403
