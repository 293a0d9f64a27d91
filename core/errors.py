"""Turning a service's ValidationError into field errors on the form that fed it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def form_add_service_errors(
    form: forms.Form, error: ValidationError, *, fields: dict[str, str] | None = None
) -> None:
    """Put each message on its field when the form has that field, else on the whole form.
    `fields` renames the service's field to the form's where they differ (a form that picks a
    person and unit together answers for the service's `user` and `unit`)."""
    renamed = fields or {}
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            target = renamed.get(name, name)
            form.add_error(target if target in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


# The code of a service's ValidationError that is about the state of what it changes (already
# answered, already done, already has a plan), not about the input: the same request may be
# right a moment earlier. Pages show it like any other error; the JSON API answers 409.
STATE_CONFLICT = "state_conflict"


def state_conflict(message: str, *, field: str | None = None) -> ValidationError:
    """A ValidationError that says the object is not in a state that allows the change."""
    error = ValidationError(message, code=STATE_CONFLICT)
    return ValidationError({field: error}) if field else error


def is_state_conflict(error: ValidationError) -> bool:
    """Every message of the error is a state conflict."""
    codes = [item.code for item in _leaves(error)]
    return bool(codes) and all(code == STATE_CONFLICT for code in codes)


def _leaves(error: ValidationError) -> list[ValidationError]:
    if hasattr(error, "error_dict"):
        return [leaf for errors in error.error_dict.values() for leaf in errors]
    return list(error.error_list)
