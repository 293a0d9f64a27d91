"""Writing the team log (stafettlogg): the lines the services write, and the notes and decisions
members write. The caller's service runs the transaction and audits; `log_write` only adds the
line inside it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils import timezone

from people.models import User
from teamlog.models import LogEntry


class ConcernLike(Protocol):
    """What the log needs of a concern (`concerns.Concern`, which stands above the log)."""

    @property
    def pk(self) -> Any: ...
    @property
    def municipality_id(self) -> Any: ...
    @property
    def child_id(self) -> uuid.UUID: ...


class TeamLike(Protocol):
    """What the log needs of a team (`teams.Team`, which stands above the log)."""

    @property
    def pk(self) -> Any: ...


@dataclass(frozen=True)
class LogText:
    """A log line the system writes: kept as its English message and values, and translated
    when shown, so each reader sees it in their own language."""

    message: str
    params: dict[str, Any]


def log_text(message: str, params: dict[str, Any] | None = None) -> LogText:
    return LogText(message=message, params=params or {})


def log_write(
    *,
    concern: ConcernLike,
    kind: str,
    author: User | None,
    text: str | LogText,
    team: TeamLike | None = None,
    author_label: str = "",
) -> LogEntry:
    """One line in the stafettlogg; called by the services inside their transaction. Free text
    (a note) is kept as written; a `LogText` is kept as message and values."""
    entry = LogEntry(
        municipality_id=concern.municipality_id,
        child_id=concern.child_id,
        concern_id=concern.pk,
        team_id=team.pk if team is not None else None,
        kind=kind,
        author=author,
        author_label=author_label,
        occurred_at=timezone.now(),
    )
    if isinstance(text, LogText):
        entry.message, entry.params = text.message, text.params
    else:
        entry.text = text
    entry.save(force_insert=True)
    return entry
