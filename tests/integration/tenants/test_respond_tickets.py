"""Ticket links minted through the API: valid once, signed per survey, keys rotatable."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.responses.models import Response
from tests.respond_support import form, open_survey

OLD_KEYS = "k1:old-secret-0123456789abcdef"
ROTATED_KEYS = "k2:new-secret-0123456789abcdef," + OLD_KEYS


@pytest.fixture
def printer(make_tenant, make_user, bearer):
    tenant = make_tenant("disdukcapil", "Disdukcapil Kotim")
    headers = bearer(make_user("loket@disdukcapil.id", tenant=tenant, role="staff"))
    return tenant, open_survey(tenant), headers


def _mint(client, tenant, survey, headers, **body):
    return client.post(f"/api/v1/tenants/{tenant.slug}/surveys/{survey.id}/tickets", json=body, headers=headers)


def _path(url: str) -> str:
    return urlsplit(url).path


def _stored(tenant) -> list[Response]:
    db.session.expire_all()
    with tenant_scope(tenant.id):
        return db.session.scalars(select(Response)).all()


def test_a_ticket_link_accepts_one_response(client, printer):
    tenant, survey, headers = printer
    minted = _mint(client, tenant, survey, headers, count=3)
    assert minted.status_code == 201
    tickets = minted.get_json()["tickets"]
    assert len(tickets) == 3 and len({t["ticket_id"] for t in tickets}) == 3
    path = _path(tickets[0]["url"])
    assert path.startswith(f"/s/{tenant.slug}/{survey.public_code}/t/")
    assert client.get(path).status_code == 200
    assert client.post(path, data=form(nonce="a" * 22)).status_code == 200
    again = client.post(path, data=form(nonce="b" * 22))
    assert again.status_code == 410 and "sudah diisi" in again.get_data(as_text=True)
    assert client.get(path).status_code == 410
    [response] = _stored(tenant)
    assert (response.channel, response.submission_key) == ("ticket", f"t:{tickets[0]['ticket_id']}")
    assert client.post(_path(tickets[1]["url"]), data=form()).status_code == 200
    assert len(_stored(tenant)) == 2


def test_forged_and_foreign_tickets_answer_404(client, printer):
    tenant, survey, headers = printer
    other = open_survey(tenant)
    path = _path(_mint(client, tenant, survey, headers, count=1).get_json()["tickets"][0]["url"])
    forged = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    assert client.get(forged).status_code == 404
    assert client.post(forged, data=form()).status_code == 404
    assert client.get(path.replace(survey.public_code, other.public_code)).status_code == 404
    assert client.get(path + "x").status_code == 404
    assert _stored(tenant) == []


def test_a_rotated_key_keeps_printed_tickets_valid(make_app, printer, bearer):
    tenant, survey, headers = printer
    old = make_app(SKM_TICKET_KEYS=OLD_KEYS).test_client()
    path = _path(_mint(old, tenant, survey, headers, count=1).get_json()["tickets"][0]["url"])
    rotated = make_app(SKM_TICKET_KEYS=ROTATED_KEYS).test_client()
    fresh = _mint(rotated, tenant, survey, headers, count=1).get_json()
    assert fresh["key_id"] == "k2"
    assert rotated.post(path, data=form()).status_code == 200
    assert old.get(_path(fresh["tickets"][0]["url"])).status_code == 404  # unknown key id
    assert len(_stored(tenant)) == 1


def test_tickets_as_csv_in_bulk(client, printer):
    tenant, survey, headers = printer
    minted = _mint(client, tenant, survey, headers, count=5000, format="csv")
    assert minted.status_code == 201 and minted.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(minted.get_data(as_text=True))))
    assert len(rows) == 5000 and len({r["ticket_id"] for r in rows}) == 5000


@pytest.mark.parametrize("body", [{"count": 5001}, {"count": 0}, {}, {"count": 2, "format": "xml"}])
def test_bad_ticket_requests_name_the_field(client, printer, body):
    tenant, survey, headers = printer
    answer = _mint(client, tenant, survey, headers, **body)
    assert answer.status_code == 422
    assert set(answer.get_json()["errors"]["json"]) <= {"count", "format"}


def test_ticket_api_needs_a_member_with_edit_rights(client, printer, make_tenant, make_user, bearer):
    tenant, survey, _ = printer
    assert _mint(client, tenant, survey, {}, count=1).status_code == 401
    viewer = bearer(make_user("lihat@disdukcapil.id", tenant=tenant, role="viewer"))
    assert _mint(client, tenant, survey, viewer, count=1).status_code == 403
    other = make_tenant("rsud")
    outsider = bearer(make_user("admin@rsud.id", tenant=other, role="admin"))
    assert _mint(client, tenant, survey, outsider, count=1).status_code == 404
    other_survey = open_survey(other)
    own = bearer(make_user("staf2@disdukcapil.id", tenant=tenant, role="staff"))
    assert _mint(client, tenant, other_survey, own, count=1).status_code == 404
