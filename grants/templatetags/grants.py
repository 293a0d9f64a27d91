"""Amounts in plain Norwegian on the grant pages: `{{ amount|kroner }}`."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats

from grants import text

register = template.Library()


@register.filter
def kroner(amount: int | None) -> str:
    return text.kroner(amount)


@register.filter
def one_decimal(value: Decimal | None) -> str:
    """A ratio with one decimal in the reader's language ('1,5'), or a dash."""
    if value is None:
        return "–"
    return formats.number_format(value, decimal_pos=1)
