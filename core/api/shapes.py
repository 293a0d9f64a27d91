"""Pages of lists, and the small shapes every resource shares (people, units, children, times)."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.utils import timezone

T = TypeVar("T")


def paginate(
    query: Mapping[str, Any],
    items: QuerySet[Any],
    serialize: Callable[[list[Any]], list[dict[str, Any]]],
    *,
    seen: Callable[[list[Any]], None] | None = None,
) -> dict[str, Any]:
    """One page of `items` in two queries (count and slice) plus what `serialize` needs;
    `seen` is told which items are answered (to record the reads)."""
    number, per_page = query["page"], query["per_page"]
    total = items.count()
    start = (number - 1) * per_page
    page = list(items[start : start + per_page]) if start < total else []
    if seen is not None:
        seen(page)
    return {
        "items": serialize(page),
        "page": number,
        "per_page": per_page,
        "total_items": total,
        "total_pages": math.ceil(total / per_page),
    }


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
