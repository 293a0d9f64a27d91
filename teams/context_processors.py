"""What the page header needs from the team: how many things wait for the user."""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest

from people.models import User
from people.selectors import user_fully_logged_in
from teams.work_selectors import work_action_count


def _count(user: object) -> int:
    if not isinstance(user, User) or not user_fully_logged_in(user=user):
        return 0
    return work_action_count(user=user)


def work_count(request: HttpRequest) -> dict[str, Any]:
    """The count beside "My work" in the header: two queries, and only when a page shows it
    (templates call the function, which counts once per request)."""
    user = getattr(request, "user", None)
    return {"work_count": functools.cache(lambda: _count(user))}
