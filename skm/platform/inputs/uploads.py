"""Upload size limits: the body is capped before anything reads it, the file checked once read.

A view that takes a file declares its limit with :func:`upload_limit`: the form or multipart
field, and the config key of its size in bytes. :func:`cap_request_body` runs before every other
hook (the NUL guard and CSRF parse the form) and lowers the request's ``max_content_length`` to
that size plus room for the form's other fields. Werkzeug then refuses a larger body with a 413
while it parses the form, before the view runs, whether the body announced its length or comes
chunked through a proxy with none. :func:`read_upload` reads the file one byte past the limit, no
further. :func:`explained` turns any 413 into one naming the field and the limit, which the error
handler answers as a page in the visitor's language or as JSON; nothing has been stored by then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, request
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge

#: the CSRF token, the other fields and the multipart headers around the file
FORM_ROOM = 64 * 1024


@dataclass(frozen=True)
class UploadLimit:
    field: str
    config_key: str

    @property
    def size(self) -> int:
        return current_app.config[self.config_key]


class UploadTooLarge(RequestEntityTooLarge):
    """A 413 naming what was too large: ``field`` (``None``: the whole body, ``""``: a form field)."""

    def __init__(self, field: str | None, size: int):
        super().__init__()
        self.field, self.size = field, size


def upload_limit(field: str, config_key: str) -> Callable:
    """Declare the upload a view takes; put it under the route decorator (or on a MethodView's method)."""

    def tag(view: Callable) -> Callable:
        view.upload_limit = UploadLimit(field, config_key)
        return view

    return tag


def declared_limit() -> UploadLimit | None:
    """The upload limit of the view this request goes to, if it takes one."""
    view = current_app.view_functions.get(request.endpoint)
    view = getattr(getattr(view, "view_class", None), request.method.lower(), view)
    return getattr(view, "upload_limit", None)


def cap_request_body() -> None:
    """Before any hook reads the form: an upload's body may hold the file and a little more."""
    if request.method in ("POST", "PUT") and (limit := declared_limit()) is not None:
        request.max_content_length = limit.size + FORM_ROOM


def read_upload(upload: FileStorage) -> bytes:
    """The uploaded file's bytes, or :class:`UploadTooLarge` past this view's limit."""
    limit = declared_limit()
    data = upload.stream.read(limit.size + 1)
    if len(data) > limit.size:
        raise UploadTooLarge(limit.field, limit.size)
    return data


def explained(error: RequestEntityTooLarge) -> UploadTooLarge:
    """A 413 with what was too large: the view's upload, one form field, or the whole body."""
    if isinstance(error, UploadTooLarge):
        return error
    if request.url_rule is not None and (limit := declared_limit()) is not None:
        return UploadTooLarge(limit.field, limit.size)
    length, body_limit = request.content_length, request.max_content_length
    if length is not None and body_limit is not None and length <= body_limit:
        # the body fits: Werkzeug refused one form field over MAX_FORM_MEMORY_SIZE
        return UploadTooLarge("", current_app.config["MAX_FORM_MEMORY_SIZE"])
    return UploadTooLarge(None, body_limit or current_app.config["MAX_CONTENT_LENGTH"])


def size_text(size: int) -> str:
    """``5 MB``, ``1.5 MB``, ``500 KB``: sizes as the limits are configured (1 MB = 1024 KB)."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    return f"{-(-size // 1024)} KB"
