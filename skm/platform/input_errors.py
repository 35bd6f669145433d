"""One exception for invalid input, shared by services, pages and the API."""

from __future__ import annotations


class InputError(ValueError):
    """Invalid input; ``field`` names it, ``message`` tells a person what to fix.

    ``conflict`` marks a clash with existing data (a duplicate), answered 409 by the API.
    """

    def __init__(self, field: str, message: str, *, conflict: bool = False):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.conflict = conflict

    @property
    def status(self) -> int:
        return 409 if self.conflict else 422
