"""The small shapes every answer shares: people, units, children, municipalities."""

from __future__ import annotations

import uuid
from typing import Any

from core.api.types import Answer


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
