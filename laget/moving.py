"""Moving a child's case to another municipality: every row that carries the tenancy key.

`teams.services.handovers.handover_respond` calls `case_rows_move` (through
`settings.CASE_MOVE`) when the receiver accepts a move, inside its transaction; it stands here,
on top, because the rows belong to apps on every layer (children up to plans and the portal).
The access log is not moved: its events stay, append-only, on the chain they were written to,
and the move itself writes a "moved out" and a "moved in" event (audit.services.
access_events_record_move). `laget/tests/test_moving.py` fails when a table with a
municipality and a child is missing from `CASE_TABLES`."""

from __future__ import annotations

import uuid

from django.db.models import Model

from children.models import Child, Guardian
from concerns.models import ChildWelfareReport, Concern, UnitMeasure
from consents.models import Consent, SharingDecision
from municipalities.models import Municipality
from plans.models import Plan
from portal.models import HealthInformationChoice
from teamlog.models import LogEntry
from teams.models import Task, Team
from transitions.models import Transition

# Each table whose rows carry the municipality, and the path from a row to its child. Tables
# reached through one of these (team members, meetings, goals, measures …) carry none and
# follow their parent, in the database's wall too (tenancy's BY_PARENT).
CASE_TABLES: list[tuple[type[Model], str]] = [
    (Child, "pk"),
    (Guardian, "child_id"),
    (Concern, "child_id"),
    (UnitMeasure, "concern__child_id"),
    (ChildWelfareReport, "child_id"),
    (Consent, "child_id"),
    (SharingDecision, "child_id"),
    (Team, "child_id"),
    (Task, "child_id"),
    (LogEntry, "child_id"),
    (Plan, "team__child_id"),
    (HealthInformationChoice, "child_id"),
    (Transition, "team__child_id"),
]


def case_rows_move(
    *, child_id: uuid.UUID, from_municipality: Municipality, to_municipality: Municipality
) -> dict[str, int]:
    """Give every row of the child's case in `from_municipality` the new municipality; how many
    rows of each table moved. Runs in the caller's transaction (a move is all or nothing); on
    PostgreSQL the caller's scope must reach both municipalities (the receiver of a hand-over
    does: `laget.database_scope`)."""
    moved: dict[str, int] = {}
    for model, path in CASE_TABLES:
        moved[model._meta.label] = _rows_move(
            model, path, child_id, from_municipality, to_municipality
        )
    if moved[Child._meta.label] != 1:
        # A scope that does not reach the old municipality would move nothing, silently.
        raise CaseMoveError("The child's record was not found in the old municipality.")
    return moved


class CaseMoveError(RuntimeError):
    """The move cannot be completed; the caller's transaction is rolled back."""


def _rows_move(
    model: type[Model],
    path: str,
    child_id: uuid.UUID,
    from_municipality: Municipality,
    to_municipality: Municipality,
) -> int:
    return model._default_manager.filter(
        **{path: child_id, "municipality": from_municipality}
    ).update(municipality=to_municipality)
