"""The agency's logo: checked as an image with Pillow, re-encoded, kept in the tenant's storage folder.

Only PNG and JPEG of ``MIN_SIDE``–``MAX_SIDE`` pixels a side are taken (their size in bytes is
capped before they are read: ``SKM_LOGO_UPLOAD_BYTES``, skm/platform/inputs/uploads.py).
The file is decoded and written again, so what is stored is a plain image (no EXIF location of
a phone photo, nothing else appended). Its key, ``<tenant id>/settings/logo-<digest>.<ext>``, is
ours, never a name from the upload. The record lives at ``settings["letterhead"]["logo"]``; an
older row's ``settings["logo"]`` (a file path for the reports) is still read by :func:`logo_file`.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import warnings
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from skm.platform.inputs.errors import InputError
from skm.tenants.reports.storage import storage

MIN_SIDE, MAX_SIDE = 64, 2000
FORMATS = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg")}


def checked_image(data: bytes) -> Image.Image:
    """The decoded image, or an :class:`InputError` on ``logo`` telling what is wrong with it."""
    if not data:
        raise InputError("logo", _l("Pilih berkas gambar logo."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                raise InputError("logo", _l("Logo harus gambar PNG atau JPEG."))
            _check_size(*image.size)
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as exc:
        raise InputError("logo", _l("Berkas ini bukan gambar PNG atau JPEG yang utuh.")) from exc
    return image


def _check_size(width: int, height: int) -> None:
    if not all(MIN_SIDE <= side <= MAX_SIDE for side in (width, height)):
        raise InputError("logo", _l("Logo harus %(low)s–%(high)s piksel pada tiap sisi; gambar ini %(w)s × %(h)s.",
                                    low=MIN_SIDE, high=MAX_SIDE, w=width, h=height))


def store_logo(tenant_id: int, data: bytes) -> dict[str, Any]:
    """Check and store an uploaded logo; return its record (key, content type, size in pixels and bytes)."""
    image = checked_image(data)
    content_type, extension = FORMATS[image.format]
    encoded = io.BytesIO()
    image.save(encoded, format=image.format, **({"quality": 92} if image.format == "JPEG" else {}))
    body = encoded.getvalue()
    key = f"{tenant_id}/settings/logo-{hashlib.sha256(body).hexdigest()[:16]}.{extension}"
    folder = storage()
    scratch = folder.scratch_dir() / f"{uuid.uuid4().hex}.part"
    scratch.write_bytes(body)
    size = folder.put(key, scratch)
    return {"key": key, "content_type": content_type, "width": image.width, "height": image.height, "size": size}


def stored_logo(settings: dict[str, Any] | None) -> dict[str, Any] | None:
    """The uploaded logo's record, if any."""
    letterhead = (settings or {}).get("letterhead")
    logo = letterhead.get("logo") if isinstance(letterhead, dict) else None
    return logo if isinstance(logo, dict) and logo.get("key") else None


def logo_file(settings: dict[str, Any] | None) -> Path | None:
    """The logo the reports draw: the uploaded one, else an older row's ``logo`` path; None if unreadable."""
    if (logo := stored_logo(settings)) is not None:
        path = storage().local_path(logo["key"])
    elif isinstance(name := (settings or {}).get("logo"), str) and name:
        path = Path(name)
        if not path.is_absolute():
            path = Path(current_app.config["SKM_STORAGE_DIR"]) / path
    else:
        return None
    return path if path is not None and path.is_file() else None
