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
