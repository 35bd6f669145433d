"""One exception for invalid input, shared by services, pages and the API."""

from __future__ import annotations

from flask_babel.speaklater import LazyString


class InputError(ValueError):
    """Invalid input; ``field`` names it, ``message`` tells a person what to fix.

    Services raise it with a lazy Indonesian string (``_l("... %(x)s", x=...)``), translated only
    when ``message`` is read: a page gets its request's language, the CLI and workers Indonesian
    (unless they force a locale). ``conflict`` marks a clash with existing data (a duplicate),
    answered 409 by the API.
    """

    def __init__(self, field: str, message: str | LazyString, *, conflict: bool = False):
        super().__init__(field, message)
        self.field = field
        self.conflict = conflict
        self._message = message

    @property
    def message(self) -> str:
        """The message in the current language, as a plain ``str`` (safe for JSON and the terminal)."""
        return str(self._message)

    @property
    def status(self) -> int:
        return 409 if self.conflict else 422

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"
