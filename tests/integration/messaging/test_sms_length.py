"""Every SMS template fits one GSM-7 segment (one billed message) in the worst case."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from skm.platform.messaging.gsm7 import NAME_LIMIT, fits_one_segment, is_gsm7, septets, sms_name
from skm.tenants.invitations.compose import Sender, compose

#: a production address of the usual length (the README names the limit: 32 characters)
BASE_URL = "https://survei.kotimkab.go.id"
NAMES = [
    "Dinas Pemberdayaan Masyarakat dan Desa K",  # exactly the 40-character limit
    "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Kotawaringin Timur",  # cut to fit
    "RSUD dr. Murjani Sampit",
    "Kantor Pertanahan “BPN” Kotim – Loket Ré",  # typographic quotes and dashes brought into GSM-7
]


def _sms(app, name: str, short_name: str | None, kind: str, language: str) -> str:
    sender = Sender(1, name, "SKM 2026", {}, short_name)
    invitation = SimpleNamespace(id=987654321, tenant_id=1, name="Budi", language=language, channel="sms",
                                 token_nonce="f" * 32, email=None, phone="+6281299998888")
    with app.app_context():
        return compose(invitation, sender, kind, 3).text


@pytest.mark.parametrize("kind", ["invitation", "reminder"])
@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("name", NAMES)
def test_every_sms_fits_one_segment_with_long_agency_names(make_app, name, kind, language):
    app = make_app(SKM_BASE_URL=BASE_URL)
    text = _sms(app, name, None, kind, language)
    assert fits_one_segment(text), f"{septets(text)} septets, GSM-7: {is_gsm7(text)}: {text}"
    assert f"{BASE_URL}/r/" in text and "STOP" in text


def test_the_agency_short_name_replaces_the_full_name(make_app):
    app = make_app(SKM_BASE_URL=BASE_URL)
    text = _sms(app, "Rumah Sakit Umum Daerah dr. Murjani Sampit", "RSUD dr. Murjani", "invitation", "id")
    assert text.startswith("RSUD dr. Murjani: ") and "Rumah Sakit" not in text


def test_the_reported_case_now_costs_one_message(make_app):
    """RSUD dr. Murjani Sampit with its link was 168 characters (two segments) before."""
    app = make_app(SKM_BASE_URL=BASE_URL)
    assert septets(_sms(app, "RSUD dr. Murjani Sampit", None, "invitation", "id")) <= 160


def test_names_are_cut_at_a_word_and_kept_in_the_alphabet():
    assert sms_name("Dinas Kependudukan dan Pencatatan Sipil Kabupaten") == "Dinas Kependudukan dan Pencatatan Sipil"
    assert len(sms_name("A" * 60)) == NAME_LIMIT
    assert sms_name("Kantor “BPN” – Loket Ş") == 'Kantor "BPN" - Loket S'
    assert is_gsm7(sms_name("Puskesmas 漢字"))
