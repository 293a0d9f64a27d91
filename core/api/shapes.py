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


# --- the same shapes as response schemas (django-ninja) ---------------------------------------

from core.api.types import Answer  # noqa: E402


class UserRef(Answer):
    """A staff user."""

    id: int
    name: str
    EXAMPLE = {"id": 17, "name": "Ola Hansen"}

    @staticmethod
    def resolve_name(user: Any) -> str:
        return str(user["name"]) if isinstance(user, dict) else str(user.display_name())


class UnitRef(Answer):
    id: uuid.UUID
    name: str
    EXAMPLE = {"id": "6d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a", "name": "Heistad skole"}


class ChildRef(Answer):
    """Who an item is about: the name, never the identity number."""

    id: uuid.UUID
    given_name: str
    family_name: str
    EXAMPLE = {
        "id": "3f1c2b9e-5d7a-4e8b-9c0d-1a2b3c4d5e6f",
        "given_name": "Sara",
        "family_name": "Nordmann",
    }


class MunicipalityRef(Answer):
    number: str
    name: str
    EXAMPLE = {"number": "4001", "name": "Porsgrunn"}
