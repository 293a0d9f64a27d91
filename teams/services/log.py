"""The notes and decisions members write in the stafettlogg (`teamlog`, which the other
services write to as well)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import Action
from people.models import User
from teamlog.models import LogEntry, LogKind
from teamlog.services import log_write
from teams.models import Team
from teams.services._shared import _audit


@transaction.atomic
def log_note_add(*, actor: User, team: Team, kind: str, text: str) -> LogEntry:
    if kind not in (LogKind.NOTE, LogKind.DECISION):
        raise ValidationError({"kind": _("Choose note or decision.")})
    if not text.strip():
        raise ValidationError({"text": _("Write what happened.")})
    entry = log_write(concern=team.concern, team=team, kind=kind, author=actor, text=text.strip())
    _audit(actor, team, Action.CREATE, "log_entry", entry.pk, "writing in the log")
    return entry
