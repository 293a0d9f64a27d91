"""Validators shared by several apps."""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumbers import shortnumberinfo

# The EU's harmonised numbers for services of social value (116 000–116 999): helplines such
# as 116 111 and 116 006, not all of them known to the phone-number library yet.
_HARMONISED = re.compile(r"^116\d{3}$")


def validate_phone_number(value: str) -> None:
    """A real phone number: Norwegian (with or without +47), Norwegian short numbers such as
    116 111 or 113, or an international number with its country code."""
    if _HARMONISED.match(re.sub(r"\s", "", value)):
        return
    try:
        number = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and (
        phonenumbers.is_valid_number(number)
        or shortnumberinfo.is_valid_short_number_for_region(number, "NO")
    ):
        return
    raise ValidationError(
        _("%(value)s is not a valid phone number. Write it as 35 54 60 00 or +47 35 54 60 00."),
        params={"value": value},
        code="invalid_phone",
    )
