"""The one way a page commits a change (the shape Indico's request handlers give every request).

A page calls a service; services never commit. :func:`commit_form` validates the form, runs the
change, commits, and hands back what the change returned; when the form or the service refuses,
the service's :class:`InputError` is shown at its field, the session is rolled back, and nothing of
the attempt is stored. :func:`commit_or_flash` does the same for a button with no fields to mark.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash
from flask_wtf import FlaskForm

from skm.extensions import db
from skm.platform.inputs.errors import InputError


@dataclass(frozen=True)
class Saved:
    """A committed change and what it returned (which may itself be None)."""

    value: Any


def commit_form(form: FlaskForm, change: Callable[[], Any]) -> Saved | None:
    """Validate ``form``, run ``change()`` and commit; None (rolled back, errors on the form) when refused."""
    if form.validate_on_submit():
        try:
            return _committed(change)
        except InputError as exc:
            attach_error(form, exc)
    db.session.rollback()
    return None


def commit_or_flash(change: Callable[[], Any]) -> Saved | None:
    """Run ``change()`` and commit; None (rolled back, the message flashed) when the service refuses."""
    try:
        return _committed(change)
    except InputError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return None


def _committed(change: Callable[[], Any]) -> Saved:
    value = change()
    db.session.commit()
    return Saved(value)


def attach_error(form: FlaskForm, exc: InputError) -> None:
    """Show a service's InputError next to its field, or above the form when no field matches."""
    field = getattr(form, exc.field, None)
    if field is not None and hasattr(field, "errors") and not callable(field.errors):
        field.errors = [*field.errors, exc.message]
    else:
        form.form_errors.append(exc.message)
