"""``platform_tenants.settings`` read and written through :class:`AgencySettingsSchema`.

Readers get :func:`settings_view`: every setting by its API name, defaults filled in, whatever
the age of the stored row. Writers get :func:`merged_settings`: the stored row with the changes,
checked as a whole; keys the schema does not know (``rate_limits``, other report texts, the
logo) are kept as they are.
"""

from __future__ import annotations

import copy
from typing import Any

from skm.tenants.settings.schemas import AgencySettingsSchema

#: tenant columns the schema carries; they are not part of the JSON settings
COLUMNS = ("name", "short_name")
SCHEMA = AgencySettingsSchema(exclude=COLUMNS)


def settings_view(raw: dict[str, Any] | None) -> dict[str, Any]:
    """Every JSON-stored setting by its API name, with defaults (never fails on an old row)."""
    return SCHEMA.dump(current_shape(raw))


def current_shape(raw: dict[str, Any] | None) -> dict[str, Any]:
    """A copy of a stored row with the older shapes moved to where the schema reads them.

    ``quiet_hours: [8, 20]`` becomes the reminders' sending hours, ``whatsapp_template_invitation``
    the invitation template; without a ``default_channel``, WhatsApp where it is set up (as before).
    """
    shaped = copy.deepcopy(raw) if isinstance(raw, dict) else {}
    if not isinstance(shaped.get("reminders"), dict):
        shaped["reminders"] = {}
    hours = shaped.pop("quiet_hours", None)
    if isinstance(hours, list | tuple) and len(hours) == 2 and all(isinstance(h, int) for h in hours):
        shaped["reminders"].setdefault("send_from_hour", hours[0])
        shaped["reminders"].setdefault("send_until_hour", hours[1])
    if invitation_template := shaped.pop("whatsapp_template_invitation", None):
        shaped.setdefault("whatsapp_template", invitation_template)
    shaped.setdefault("default_channel", "whatsapp" if shaped.get("whatsapp_phone_number_id") else "sms")
    return shaped


def merged_settings(raw: dict[str, Any] | None, changes: dict[str, Any]) -> dict[str, Any]:
    """The row to store: ``raw`` with ``changes`` (the schema's load output, maybe partial).

    Raises :class:`marshmallow.ValidationError` naming the fields when the whole is not valid
    (e.g. a sending window whose end is before its start, with only one end changed).
    """
    merged = _deep_merge(current_shape(raw), changes)
    checked = SCHEMA.load(SCHEMA.dump(merged))
    return _deep_merge(merged, checked)


def _deep_merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    result = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _deep_merge(result[key], value)
        else:
            result[key] = value
    return result
