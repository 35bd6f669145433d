"""QR codes of resident links as PNG, SVG or a module matrix (for the poster)."""

from __future__ import annotations

import io

import qrcode
from qrcode.image.svg import SvgPathImage


def _code(url: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=4)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    _code(url).make_image().save(buffer)
    return buffer.getvalue()


def qr_svg(url: str) -> bytes:
    buffer = io.BytesIO()
    _code(url).make_image(image_factory=SvgPathImage).save(buffer)
    return buffer.getvalue()


def qr_matrix(url: str) -> list[list[bool]]:
    """Dark (True) and light modules, quiet zone included."""
    return _code(url).get_matrix()
