"""Turning a service's ValidationError into field errors on the form that fed it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def form_add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put each message on its field when the form has that field, else on the whole form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
