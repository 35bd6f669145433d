"""Email addresses and phone numbers checked, with the reason in our own words and language.

email-validator and phonenumbers explain problems in English only, so passing their text on
gave staff "Email tidak valid: An email address must have an @-sign." Their reasons are mapped
here to our own messages; a reason we do not recognise gets the general message.
"""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from phonenumbers import NumberParseException, ValidationResult

TOO_SHORT, TOO_LONG = _l("terlalu pendek"), _l("terlalu panjang")
#: (a phrase of email-validator's explanation, our reason): the first phrase found wins
EMAIL_REASONS = (
    ("must have an @-sign", _l("tidak ada tanda @")),
    ("something before the @-sign", _l("tidak ada apa pun sebelum tanda @")),
    ("something after the @-sign", _l("tidak ada apa pun setelah tanda @")),
    ("too long", TOO_LONG),
    ("part after the @-sign", _l("nama domain setelah tanda @ tidak valid")),
    ("period", _l("titik di tempat yang tidak diizinkan")),
    ("hyphen", _l("tanda hubung di tempat yang tidak diizinkan")),
    ("character", _l("ada karakter yang tidak diizinkan")),
    ("ASCII", _l("ada karakter yang tidak diizinkan")),
)
PHONE_PARSE_REASONS = {
    NumberParseException.NOT_A_NUMBER: _l("bukan nomor telepon"),
    NumberParseException.INVALID_COUNTRY_CODE: _l("kode negara tidak dikenal"),
    NumberParseException.TOO_SHORT_AFTER_IDD: TOO_SHORT,
    NumberParseException.TOO_SHORT_NSN: TOO_SHORT,
    NumberParseException.TOO_LONG: TOO_LONG,
}
PHONE_LENGTH_REASONS = {
    ValidationResult.TOO_SHORT: TOO_SHORT,
    ValidationResult.TOO_LONG: TOO_LONG,
    ValidationResult.INVALID_LENGTH: _l("jumlah digit tidak sesuai"),
    ValidationResult.INVALID_COUNTRY_CODE: _l("kode negara tidak dikenal"),
}


def normalise_email(raw: str) -> str:
    """The normalised, lower-case address (syntax only, no DNS); raises ValueError with our reason."""
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        reason = next((ours for phrase, ours in EMAIL_REASONS if phrase in str(exc)), None)
        raise ValueError(_l("Email tidak valid: %(detail)s", detail=reason) if reason
                         else _l("Email tidak valid")) from None


def normalise_phone(raw: str) -> str:
    """E.164, reading national numbers as Indonesian (``0812…`` → ``+62812…``); raises ValueError with our reason."""
    try:
        number = phonenumbers.parse(raw, "ID")
    except NumberParseException as exc:
        raise _phone_error(PHONE_PARSE_REASONS.get(exc.error_type)) from None
    if not phonenumbers.is_valid_number(number):
        raise _phone_error(PHONE_LENGTH_REASONS.get(phonenumbers.is_possible_number_with_reason(number)))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _phone_error(reason) -> ValueError:
    return ValueError(_l("Nomor telepon tidak valid: %(detail)s", detail=reason) if reason
                      else _l("Nomor telepon tidak valid"))
