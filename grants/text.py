"""Amounts and dates as a Norwegian reader writes them."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

NBSP = "\xa0"


def kroner(amount: int | None) -> str:
    """'250 000 kr' (thin grouping with no-break spaces); a dash when there is no amount."""
    if amount is None:
        return "–"
    grouped = f"{amount:,}".replace(",", NBSP)
    return _("%(amount)s kr") % {"amount": grouped}


def amount_range(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return _("Not stated by the owner")
    if high is None:
        return _("From %(low)s") % {"low": kroner(low)}
    if low is None:
        return _("Up to %(high)s") % {"high": kroner(high)}
    return f"{kroner(low)} – {kroner(high)}"


def percent(value: Decimal) -> str:
    """'9,8 %' in bokmål, '9.8 %' in English."""
    return f"{formats.number_format(value, decimal_pos=1)}{NBSP}%"
