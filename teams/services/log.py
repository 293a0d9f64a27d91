"""The stafettlogg: the lines the services write, and the notes and decisions members write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from concerns.models import Concern
from people.models import User
from teams.models import LogEntry, LogKind, Team
from teams.services._shared import _audit


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
    concern: Concern,
    kind: str,
    author: User | None,
    text: str | LogText,
    team: Team | None = None,
    author_label: str = "",
) -> LogEntry:
    """One line in the stafettlogg; called by the services inside their transaction. Free text
    (a note) is kept as written; a `LogText` is kept as message and values."""
    entry = LogEntry(
        municipality_id=concern.municipality_id,
        child_id=concern.child_id,
        concern=concern,
        team=team,
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


@transaction.atomic
def log_note_add(*, actor: User, team: Team, kind: str, text: str) -> LogEntry:
    if kind not in (LogKind.NOTE, LogKind.DECISION):
        raise ValidationError({"kind": _("Choose note or decision.")})
    if not text.strip():
        raise ValidationError({"text": _("Write what happened.")})
    entry = log_write(concern=team.concern, team=team, kind=kind, author=actor, text=text.strip())
    _audit(actor, team, Action.CREATE, "log_entry", entry.pk, "writing in the log")
    return entry
