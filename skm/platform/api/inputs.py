"""What every API input schema refuses before a value can reach the database.

PostgreSQL's ``integer`` holds -2**31 … 2**31-1 and its text types cannot hold a NUL character;
either, sent through, fails as a database error (a 500). Every schema that reads a request
derives from :class:`InputSchema`, which bounds each integer field to ``integer`` and refuses NUL
in each text field (nested in lists and dicts too), so the answer is a 422 naming the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask_babel import force_locale
from marshmallow import Schema, ValidationError, fields, validate

from skm.platform.data.db_types import INT32_MAX, INT32_MIN, NUL


def refuse_nul(value: str) -> None:
    """Marshmallow validator: a text may not contain a NUL character."""
    if NUL in value:
        raise ValidationError("Text may not contain NUL characters.")


def _guard(field: fields.Field) -> None:
    """Add the integer bound or the NUL refusal to ``field`` and to the fields inside it."""
    if isinstance(field, fields.Integer):
        field.validators.append(validate.Range(min=INT32_MIN, max=INT32_MAX))
    elif isinstance(field, fields.String):
        field.validators.append(refuse_nul)
    elif isinstance(field, fields.List):
        _guard(field.inner)
    elif isinstance(field, fields.Dict):
        for inner in (field.key_field, field.value_field):
            if inner is not None:
                _guard(inner)


def in_english(messages):
    """Validation messages as English text (they nest in dicts and lists).

    A schema a page shares with the API (skm/tenants/results/filters.py) has Indonesian-first,
    lazily translated messages; the API answers in English whatever the request's language.
    """
    if isinstance(messages, dict):
        return {key: in_english(value) for key, value in messages.items()}
    if isinstance(messages, list):
        return [in_english(message) for message in messages]
    with force_locale("en"):
        return str(messages)


class InputSchema(Schema):
    """Base of the schemas that read requests (bodies and query strings).

    The guards are added once, when the schema is instantiated (flask-smorest does that when a
    view is decorated), so validating a request costs one extra check per field.
    """

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        _guard(field_obj)


class Choice(fields.String):
    """One of ``codes``, given as the code or as a name in ``lookup`` (case-folded name → code).

    The value loads as the code, matched case-insensitively; the OpenAPI document lists the codes
    as the field's ``enum`` (from the ``OneOf`` validator, which the loaded code always passes).
    """

    def __init__(self, codes: Iterable[str], lookup: Mapping[str, str] | None = None, **kwargs):
        self.codes = tuple(codes)
        self.lookup = {**{code.casefold(): code for code in self.codes}, **(lookup or {})}
        super().__init__(validate=validate.OneOf(self.codes), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        code = self.lookup.get(text.strip().casefold())
        if code is None:
            raise ValidationError(f"Choose one of: {', '.join(self.codes)}.")
        return code
