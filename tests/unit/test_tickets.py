"""Ticket signatures: bound to tenant and survey, verifiable by every listed key."""

from __future__ import annotations

import pytest

from skm.tenants.respond.tickets import mint_tickets, ticket_keys, verify_ticket

CONFIG = {"SECRET_KEY": "s3cret", "SKM_TICKET_KEYS": None}


def test_a_ticket_verifies_only_for_its_survey_and_tenant():
    keys = ticket_keys(CONFIG)
    [(ticket_id, ticket)] = mint_tickets(keys, 1, 7, 1)
    assert ticket.startswith("k0.") and verify_ticket(keys, 1, 7, ticket) == ticket_id
    assert verify_ticket(keys, 1, 8, ticket) is None
    assert verify_ticket(keys, 2, 7, ticket) is None
    assert verify_ticket(ticket_keys({**CONFIG, "SECRET_KEY": "other"}), 1, 7, ticket) is None
    for broken in ("", "k0", ticket + "=", ticket.replace("k0.", "k9."), "k0..x", "a" * 500):
        assert verify_ticket(keys, 1, 7, broken) is None


def test_keys_rotate_first_signs_all_verify():
    old = ticket_keys({"SKM_TICKET_KEYS": "k1:0123456789abcdef0123"})
    new = ticket_keys({"SKM_TICKET_KEYS": "k2:fedcba9876543210fedc, k1:0123456789abcdef0123"})
    [(ticket_id, ticket)] = mint_tickets(old, 1, 7, 1)
    assert verify_ticket(new, 1, 7, ticket) == ticket_id
    assert mint_tickets(new, 1, 7, 1)[0][1].startswith("k2.")


@pytest.mark.parametrize("raw", ["k1", "k1:short", "bad id:0123456789abcdef0123", ":0123456789abcdef0123"])
def test_malformed_key_settings_are_refused(raw):
    with pytest.raises(ValueError, match="SKM_TICKET_KEYS"):
        ticket_keys({"SKM_TICKET_KEYS": raw})
