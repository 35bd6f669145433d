"""The one-click opt-out page names the agency the resident stops hearing from."""

from __future__ import annotations

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.invitations.models import Invitation
from skm.tenants.invitations.optout import unsubscribe_token
from tests.respond_support import invite, open_survey

AGENCY = "Perumda Air Minum Tirta Mentaya"


def _link(tenant) -> str:
    survey = open_survey(tenant)
    invite(tenant, survey, email="ani@mail.id")
    with tenant_scope(tenant.id):
        return f"/u/{unsubscribe_token(db.session.query(Invitation).one())}"


def test_unsubscribe_page_names_the_agency(make_tenant, client):
    link = _link(make_tenant("pdam", AGENCY))
    asked = client.get(link).get_data(as_text=True)
    assert f"Tidak ingin menerima undangan dan pengingat survei dari {AGENCY} lagi?" in asked
    done = client.post(link).get_data(as_text=True)
    assert f"Anda tidak akan menerima pesan survei lagi dari {AGENCY}." in done
    assert "instansi ini" not in asked + done


def test_unsubscribe_page_in_english(make_tenant, client):
    link = _link(make_tenant("pdam", AGENCY))
    assert f"from {AGENCY}?" in client.get(f"{link}?lang=en").get_data(as_text=True)
