"""The small shapes every resource shares (people, units, children, times)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from django.utils import timezone

T = TypeVar("T")


def each(serialize: Callable[[T], dict[str, Any]]) -> Callable[[list[T]], list[dict[str, Any]]]:
    return lambda items: [serialize(item) for item in items]


def iso_datetime(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value is not None else None


def iso_date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def user_ref(user: Any) -> dict[str, Any] | None:
    """A staff user (`people.models.User`), or None."""
    return {"id": user.pk, "name": user.display_name()} if user is not None else None


def unit_ref(unit: Any) -> dict[str, Any]:
    return {"id": str(unit.pk), "name": unit.name}


def child_ref(child: Any) -> dict[str, Any]:
    """Who the item is about: the name only, never the identity number."""
    return {"id": str(child.pk), "given_name": child.given_name, "family_name": child.family_name}


def optional_id(value: uuid.UUID | None) -> str | None:
    return str(value) if value is not None else None
