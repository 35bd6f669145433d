"""Contact rows: normalisation, reasons for rejection, merging duplicates, CSV/XLSX files, rate limits."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from skm.tenants.invitations.contacts import read_contact_file, validate_contacts
from skm.workers import ratelimit

SERVICES = {"loket": 7, "7": 7}


@pytest.fixture
def request_ctx(app):
    with app.test_request_context("/"):
        yield


@pytest.mark.parametrize(("raw", "e164"), [("081234567890", "+6281234567890"), ("0812-3456-7890", "+6281234567890"),
                                           ("+62 812 3456 7890", "+6281234567890"), ("6281234567890", "+6281234567890"),
                                           ("(0536) 321234", "+62536321234")])
def test_indonesian_numbers_are_written_in_e164(request_ctx, raw, e164):
    (contact,) = validate_contacts([{"phone": raw}], SERVICES).contacts
    assert contact.phone == e164


def test_bad_rows_are_rejected_with_reasons_and_duplicates_merged(request_ctx):
    rows = [{"email": "Ani@Mail.ID", "service_type": "LOKET"}, {"email": "ani@mail.id", "phone": "0812345678901",
                                                                "name": "Ani"},
            {"email": "a@"}, {"phone": "0812"}, {}, "not an object", {"email": "b@mail.id", "language": "fr"},
            {"email": "c@mail.id", "service_type": "Kasir"}, {"phone": "0812-3456-78901", "email": "d@mail.id"}]
    result = validate_contacts(rows, SERVICES)
    (ani,) = result.contacts
    assert (ani.email, ani.phone, ani.name, ani.service_type_id) == ("ani@mail.id", "+62812345678901", "Ani", 7)
    reasons = {r["index"]: r["reason"] for r in result.rejected}
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7, 8]
    assert "Email" in reasons[2] and "telepon" in reasons[3] and "wajib" in reasons[4]
    assert "Bahasa" in reasons[6] and "Kasir" in reasons[7] and "Bertentangan" in reasons[8]
    assert result.merged == 1


def test_contact_files_csv_and_xlsx(request_ctx):
    csv = b"Nama,Email,No HP,Bahasa\nAni,ani@mail.id,,en\n,,,\nBudi,,081234567890,id\n"
    assert read_contact_file(io.BytesIO(csv), "kontak.csv").rows == [
        {"name": "Ani", "email": "ani@mail.id", "language": "en"},
        {"name": "Budi", "phone": "081234567890", "language": "id"}]
    book = Workbook()
    book.active.append(["email", "phone"])
    book.active.append(["ani@mail.id", 81234567890])
    data = io.BytesIO()
    book.save(data)
    assert read_contact_file(io.BytesIO(data.getvalue()), "kontak.xlsx").rows == [
        {"email": "ani@mail.id", "phone": "81234567890"}]
    with pytest.raises(ValueError, match="email atau phone"):
        read_contact_file(io.BytesIO(b"nama\nAni\n"), "kontak.csv")


def test_rejections_from_a_file_name_the_row_of_the_sheet(request_ctx):
    # rows 1-2 blank, header on row 3, blank row 4, a quoted two-line name in row 7 (one sheet row)
    csv = b'\n\nemail,nama\n\nani@mail.id,Ani\nbukan-email,Rusak\n,"Tanpa\nKontak"\n\n\nbudi@mail.id,Budi\n'
    contact_file = read_contact_file(io.BytesIO(csv), "kontak.csv")
    assert contact_file.sheet_rows == [5, 6, 7, 10]
    rejected = contact_file.with_sheet_rows(validate_contacts(contact_file.rows, SERVICES).rejected)
    assert [(r["index"], r["row"]) for r in rejected] == [(1, 6), (2, 7)]


def test_the_token_bucket_grants_a_burst_then_the_rate(app):
    with app.app_context():
        assert ratelimit.take(1, "sms", 8, rate=5) == 5
        assert ratelimit.take(1, "sms", 8, rate=5) == 0
        assert ratelimit.take(2, "sms", 8, rate=5) == 5  # per tenant
        assert ratelimit.take(1, "email", 3, rate=5) == 3  # per channel


BAD_CONTACTS = [
    ({"email": "budi"}, "Email tidak valid: tidak ada tanda @", "Invalid email: there is no @ sign"),
    ({"email": "budi@"}, "Email tidak valid: tidak ada apa pun setelah tanda @",
     "Invalid email: nothing after the @ sign"),
    ({"email": "budi@mail"}, "Email tidak valid: nama domain setelah tanda @ tidak valid",
     "Invalid email: the domain name after the @ sign is not valid"),
    ({"email": "bu di@mail.id"}, "Email tidak valid: ada karakter yang tidak diizinkan",
     "Invalid email: it contains a character that is not allowed"),
    ({"phone": "0812"}, "Nomor telepon tidak valid: terlalu pendek", "Invalid phone number: too short"),
    ({"phone": "nomor saya"}, "Nomor telepon tidak valid: bukan nomor telepon",
     "Invalid phone number: not a phone number"),
]


@pytest.mark.parametrize(("row", "indonesian", "english"), BAD_CONTACTS)
def test_reasons_speak_the_page_language_only(app, row, indonesian, english):
    for query, expected in (("/", indonesian), ("/?lang=en", english)):
        with app.test_request_context(query):
            (rejected,) = validate_contacts([row], SERVICES).rejected
            assert rejected["reason"] == expected
