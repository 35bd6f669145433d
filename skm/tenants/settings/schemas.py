"""The agency's settings: one schema for the settings page, the API and every reader.

Each field has its API name (flat, as the page's form names it too) and its place in
``platform_tenants.settings`` (``attribute``, dotted for nesting). The places are those the
readers used before this schema existed (``report.head_name``, ``city``, ``sender_name`` …), so
rows stored earlier read as they are; :func:`skm.tenants.settings.stored.settings_view` maps the
few older shapes (``quiet_hours`` as a list, ``whatsapp_template_invitation``) onto this schema.
``name`` and ``short_name`` are columns of the tenant and are carried alongside.
"""

from __future__ import annotations

import re
from datetime import date

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema

from skm.tenants.invitations.models import ReminderPolicy

#: channels a contact without an email address can be invited through
PHONE_CHANNELS = ("sms", "whatsapp")

_MAX_LENGTH = _l("Paling banyak {max} karakter.")
_REQUIRED = {"required": _l("Wajib diisi."), "null": _l("Wajib diisi.")}
_NUMBER = {**_REQUIRED, "invalid": _l("Isi dengan bilangan bulat.")}
_TEXT = {"invalid": _l("Isi dengan teks.")}

#: alphanumeric sender id (≤ 11 characters, at least one letter), a phone number, or a Twilio Messaging Service SID
SMS_SENDER = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$|^\+[1-9][0-9]{7,14}$|^MG[0-9a-f]{32}$")
WHATSAPP_TEMPLATE = re.compile(r"^[a-z0-9_]{1,512}$")
#: an email display name: no line breaks (header injection), no address brackets or quotes
SENDER_NAME = re.compile(r'^[^\r\n<>"]*$')


def _text(max_length: int, attribute: str | None = None, **kwargs) -> fields.String:
    """An optional text (empty means unset) of at most ``max_length`` characters."""
    checks = [validate.Length(max=max_length, error=_MAX_LENGTH), *kwargs.pop("validate", [])]
    return fields.String(allow_none=True, attribute=attribute, dump_default=None, validate=checks,
                         error_messages=_TEXT, **kwargs)


def _whole(low: int, high: int, attribute: str, default) -> fields.Integer:
    return fields.Integer(attribute=attribute, dump_default=default, error_messages=_NUMBER,
                          validate=validate.Range(low, high, error=_l("Isi angka {min} sampai {max}.")))


def _reminder_default(name: str):
    return lambda: ReminderPolicy.DEFAULTS[name]


def _sending_hour(index: int):
    """The default sending window (QUIET_HOURS, 08:00–20:00) from the configuration."""
    return lambda: (current_app.config["QUIET_HOURS"] if has_app_context() else (8, 20))[index]


class Nip(fields.String):
    """An Indonesian civil servant number (NIP): 18 digits, stored without spaces.

    The digits are the birth date (YYYYMMDD), the year and month of appointment (YYYYMM), the sex
    (1 or 2) and a sequence number; spaces and dots people type between the groups are dropped.
    """

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        digits = re.sub(r"[\s.]", "", super()._deserialize(value, attr, data, **kwargs))
        if not re.fullmatch(r"[0-9]{18}", digits):
            raise ValidationError(_l("NIP terdiri atas 18 angka."))
        if _date(digits[:8]) is None:
            raise ValidationError(_l("Delapan angka pertama NIP adalah tanggal lahir (TTTTBBHH); tanggal itu tidak "
                                     "ada."))
        if _date(digits[8:14] + "01") is None:
            raise ValidationError(_l("Angka ke-9 sampai ke-14 NIP adalah tahun dan bulan pengangkatan (TTTTBB)."))
        if digits[14] not in "12":
            raise ValidationError(_l("Angka ke-15 NIP adalah jenis kelamin: 1 atau 2."))
        return digits


def _date(digits: str) -> date | None:
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


class AgencySettingsSchema(Schema):
    """Everything a tenant admin sets for the agency (see the module docstring for the storage)."""

    name = fields.String(required=True, error_messages=_REQUIRED,
                         validate=validate.Length(min=1, max=200, error=_MAX_LENGTH))
    short_name = _text(40, metadata={"description": "Where space is short: SMS texts, posters."})
    region = _text(120, metadata={"description": "First line of the letterhead, e.g. PEMERINTAH KABUPATEN …"})
    address_lines = fields.List(
        fields.String(error_messages=_TEXT,
                      validate=validate.Length(min=1, max=120, error=_l("Tiap baris 1 sampai {max} karakter."))),
        attribute="letterhead.address_lines", dump_default=list,
        error_messages={"null": _l("Kirim daftar kosong [] untuk mengosongkan."),
                        "invalid": _l("Kirim daftar baris teks.")},
        validate=validate.Length(max=4, error=_l("Paling banyak {max} baris alamat.")),
        metadata={"description": "Letterhead lines under the agency's name: address, telephone, website."})
    head_name = _text(120, "report.head_name")
    head_title = _text(160, "report.head_title",
                       metadata={"description": "Above the signature; default: Kepala <agency name>."})
    head_nip = Nip(allow_none=True, dump_default=None, attribute="report.head_nip", error_messages=_TEXT,
                   metadata={"description": "18 digits, spaces and dots between the groups allowed."})
    report_place = _text(80, "city", metadata={"description": "Where the report is signed, e.g. Sampit."})
    report_background = _text(5000, "report.background")
    report_background_en = _text(5000, "report.background_en")
    report_team = _text(2000, "report.team")
    report_team_en = _text(2000, "report.team_en")
    sender_name = _text(100, validate=[validate.Regexp(SENDER_NAME, error=_l(
        "Tanpa baris baru, tanda kutip atau tanda < >."))])
    sms_sender_id = _text(34, validate=[validate.Regexp(SMS_SENDER, error=_l(
        "Gunakan ID pengirim 1–11 huruf/angka (minimal satu huruf), nomor telepon +62…, atau SID layanan "
        "pesan (MG…)."))])
    whatsapp_phone_number_id = _text(20, validate=[validate.Regexp(r"^[0-9]+$", error=_l(
        "ID nomor telepon WhatsApp hanya berisi angka."))])
    whatsapp_template = fields.String(dump_default="skm_invitation", error_messages=_REQUIRED,
                                      validate=validate.Regexp(WHATSAPP_TEMPLATE, error=_l(
                                          "Nama templat: huruf kecil, angka dan garis bawah.")))
    whatsapp_template_reminder = _text(512, validate=[validate.Regexp(WHATSAPP_TEMPLATE, error=_l(
        "Nama templat: huruf kecil, angka dan garis bawah."))])
    default_channel = fields.String(
        dump_default="sms", error_messages=_REQUIRED,
        validate=validate.OneOf(PHONE_CHANNELS, error=_l("Pilih salah satu: {choices}.")),
        metadata={"description": "How contacts without an email address are invited."})
    reminder_first_after_days = _whole(1, 30, "reminders.first_after_days", _reminder_default("first_after_days"))
    reminder_max = _whole(0, 5, "reminders.max_reminders", _reminder_default("max_reminders"))
    reminder_interval_days = _whole(1, 30, "reminders.interval_days", _reminder_default("interval_days"))
    send_from_hour = _whole(0, 23, "reminders.send_from_hour", _sending_hour(0))
    send_until_hour = _whole(1, 24, "reminders.send_until_hour", _sending_hour(1))

    def handle_error(self, error: ValidationError, data, *, many: bool, **kwargs) -> None:
        """Raise the errors as lists of plain strings, translated now (flask-smorest's JSON shape)."""
        raise ValidationError(_as_lists(error.messages), data=data, valid_data=error.valid_data)

    @pre_load
    def _blank_is_unset(self, data, **kwargs):
        """Trim texts; an empty text clears the setting (as an empty form field does)."""
        if not isinstance(data, dict):
            return data
        return {key: (value.strip() or None) if isinstance(value, str) else value for key, value in data.items()}

    @validates_schema
    def _consistent(self, data, **kwargs) -> None:
        """Checks across fields, where both are given (a partial change is checked again merged)."""
        reminders = data.get("reminders", {})
        start, end = reminders.get("send_from_hour"), reminders.get("send_until_hour")
        if start is not None and end is not None and start >= end:
            raise ValidationError(_l("Jam akhir harus setelah jam mulai."), "send_until_hour")
        if data.get("default_channel") == "whatsapp" and not data.get("whatsapp_phone_number_id", "unchanged"):
            raise ValidationError(_l("Isi dulu ID nomor telepon WhatsApp."), "default_channel")


def _as_lists(messages):
    """``{field: [message, …]}`` with plain strings, however marshmallow nested or wrapped them."""
    if isinstance(messages, dict):
        return {key: _as_lists(value) for key, value in messages.items()}
    if isinstance(messages, list):
        return [item if isinstance(item, dict) else str(item) for item in map(_flat, messages)]
    return [str(messages)]


def _flat(item):
    return _as_lists(item) if isinstance(item, dict) else item


class LogoSchema(Schema):
    """The stored logo (read-only: upload it through ``…/settings/logo``)."""

    url = fields.String(metadata={"description": "Where to fetch the image (the same authorisation)."})
    content_type = fields.String(validate=validate.OneOf(("image/png", "image/jpeg")))
    width = fields.Integer()
    height = fields.Integer()
    size = fields.Integer(metadata={"description": "Bytes."})


class AgencySettingsOutSchema(AgencySettingsSchema):
    logo = fields.Nested(LogoSchema, allow_none=True, dump_only=True, attribute="letterhead.logo", dump_default=None)
