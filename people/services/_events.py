"""The access events the account services write about a user, on their municipality's chain."""

from __future__ import annotations

import uuid
from typing import Any

from audit.models import Action
from audit.services import access_event_record
from municipalities.models import Municipality
from people.models import User
from people.selectors import municipalities_of_user


def _home_municipality(user: User | None) -> Municipality | None:
    # Security events go on the chain of the user's first municipality, so its administrators
    # can see them; users without one (operators, analysts) go on the national chain.
    return municipalities_of_user(user=user).first() if user is not None else None


def _user_event(
    *,
    user: User,
    action: Action,
    actor: User | None,
    actor_label: str | None = None,
    object_type: str = "people.user",
    object_id: str | int | uuid.UUID | None = None,
    purpose: str = "authentication",
    detail: dict[str, Any] | None = None,
) -> None:
    """An event about the user's account, on their municipality's chain."""
    access_event_record(
        actor=actor,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_id=object_id if object_id is not None else user.pk,
        municipality=_home_municipality(user),
        purpose=purpose,
        detail=detail,
    )


def _auth_event(*, user: User, action: Action) -> None:
    """An authentication event about the user, on their municipality's chain."""
    _user_event(user=user, actor=user, action=action)
