"""The change feed of the JSON API (`GET /api/v1/changes`, docs/api.md#the-change-feed): which
objects the user may see were created, changed or deleted, and when – ids and times only.

It is read from the access log's write events rather than from `updated_at` columns: every
service already records each write there, in the transaction that makes it, with the object's
type and id and the child it is about, so the feed has every kind of object at once, deletions
included. Write events are sealed into their municipality's chain at once, under the chain
head's lock held until the writer commits, so in each chain the sequence numbers become visible
in order: a reader never sees number n+1 before number n. The cursor is therefore, per chain, the
last number handed out, and a change committed while a client pages can never be skipped (an
`updated_at` cursor can skip one, since a transaction may commit after a later one's time).

Reading the feed shows no personal data and records nothing: no read event. Reading a changed
object afterwards goes through its access helper and is recorded as always."""

from __future__ import annotations

import base64
import binascii
import json
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from audit.models import NATIONAL_CHAIN, AccessEvent, Action
from concerns.access import concerns_visible
from people.models import User
from people.selectors import unit_ids_of_user
from teams.models import Team
from teams.selectors import memberships_with_access

# What the feed reports about a team's child, as the services name it in the access log: the
# parts of the team that /api/v1/ shows. A team itself and a concern are matched by their own
# id as well, since a child may have had another team or concern the user does not see.
TEAM_PART_TYPES = (
    "team_member",
    "unit_invitation",
    "consent",
    "plan",
    "goal",
    "measure",
    "evaluation",
    "log_entry",
    "meeting",
    "task",
    "handover",
)
TEAM_TYPE = "team"
CONCERN_TYPE = "concern"
CHANGE_TYPES = (TEAM_TYPE, CONCERN_TYPE, *TEAM_PART_TYPES)
CHANGES: dict[str, str] = {
    Action.CREATE.value: "created",
    Action.UPDATE.value: "updated",
    Action.DELETE.value: "deleted",
}

CURSOR_VERSION = 1
# Chains a cursor may name: one per municipality (357) and the national one, with room to spare.
MAX_CURSOR_CHAINS = 1000
_CHAIN = re.compile(rf"^(\d{{4}}|{NATIONAL_CHAIN})$")


class CursorError(ValidationError):
    pass


@dataclass(frozen=True)
class Cursor:
    """Per chain (municipality number), the last sequence number the client has had."""

    seen: dict[str, int]

    def encode(self) -> str:
        data = {"v": CURSOR_VERSION, "c": dict(sorted(self.seen.items()))}
        raw = json.dumps(data, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> Cursor:
        """The cursor a previous page gave; CursorError for anything else."""
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
            data = json.loads(raw)
        except (binascii.Error, ValueError):
            raise _cursor_error() from None
        if not isinstance(data, dict) or data.get("v") != CURSOR_VERSION or set(data) != {"v", "c"}:
            raise _cursor_error()
        seen = data["c"]
        if not isinstance(seen, dict) or len(seen) > MAX_CURSOR_CHAINS:
            raise _cursor_error()
        for chain, sequence in seen.items():
            if not _CHAIN.match(chain) or type(sequence) is not int or not 0 <= sequence < 2**63:
                raise _cursor_error()
        return cls(seen=dict(seen))


def _cursor_error() -> CursorError:
    return CursorError(
        _("This is not a cursor from this feed: start without one, or use `next` of a page."),
        code="invalid_cursor",
    )


@dataclass(frozen=True)
class Change:
    object_type: str
    object_id: str
    change: str
    changed_at: datetime
    child_id: uuid.UUID | None
    team_id: uuid.UUID | None


@dataclass(frozen=True)
class ChangePage:
    items: list[Change]
    next: Cursor
    has_more: bool


@dataclass(frozen=True)
class _Visible:
    team_ids: dict[uuid.UUID, uuid.UUID]  # team -> child
    concern_ids: dict[uuid.UUID, uuid.UUID]  # concern -> child
    team_of_concern: dict[uuid.UUID, uuid.UUID]

    def team_of_child(self) -> dict[uuid.UUID, uuid.UUID | None]:
        """The team of each team child; None when the user sees more than one of its teams."""
        teams: dict[uuid.UUID, uuid.UUID | None] = {}
        for team_id, child_id in self.team_ids.items():
            teams[child_id] = None if child_id in teams else team_id
        return teams


def _visible(user: User) -> _Visible:
    """What the user sees, as literal ids (three small queries): the teams they have access to
    (`teams.access`: active member, consent in force) with their concern, and the concerns of
    their own units (`concerns.access`). The feed then filters the access log on these ids:
    `IN (subquery)` over the national tables made PostgreSQL join them before it filtered."""
    rows = memberships_with_access(user=user).values_list(
        "team_id", "team__child_id", "team__concern_id"
    )
    team_ids = {team: child for team, child, _concern in rows}
    concern_ids = {concern: child for _team, child, concern in rows}
    team_of_concern = {concern: team for team, _child, concern in rows}
    units = unit_ids_of_user(user=user)
    if units:
        own = concerns_visible(user=user, unit_ids=units).values_list("pk", "child_id")
        concern_ids.update(dict(own))
    return _Visible(team_ids=team_ids, concern_ids=concern_ids, team_of_concern=team_of_concern)


def _children_with_one_team(children: list[uuid.UUID]) -> list[uuid.UUID]:
    """Of these children, those who have had exactly one team (open or closed)."""
    if not children:
        return []
    counted = (
        Team.objects.filter(child_id__in=children)
        .values("child_id")
        .annotate(teams=Count("pk"))
        .filter(teams=1)
    )
    return sorted(row["child_id"] for row in counted)


def _after(cursor: Cursor) -> Q:
    """Events after the cursor: in each chain it names, past its number; any other chain whole."""
    known = ~Q(chain__in=list(cursor.seen)) if cursor.seen else Q()
    past = [Q(chain=chain, sequence__gt=number) for chain, number in cursor.seen.items()]
    return reduce(or_, [known, *past]) if past else known


def changes_visible(*, user: User, after: Cursor, limit: int) -> ChangePage:
    """The next `limit` changes the user may see after the cursor, and the cursor after them.

    A constant number of queries whatever the page size: the user's teams and concerns (three),
    then one over the access log. Changes come chain by chain, each chain in its sequence
    order: within a chain, the order the writes were committed in; not one order across
    municipalities. Writes nothing."""
    visible = _visible(user)
    team_children = sorted(set(visible.team_ids.values()))
    concern_children = sorted(set(visible.concern_ids.values()))
    if not team_children and not concern_children:
        return ChangePage(items=[], next=after, has_more=False)
    # A part of a team names its team in the event ("team" in the detail): only the parts of
    # the user's own teams, never those of another team of the same child (an old closed
    # team, or one the user is not on). Events written before they named it are shown only
    # where the child has had a single team, so nothing of another team can come with them.
    visible_teams = [str(pk) for pk in visible.team_ids]
    single = _children_with_one_team(team_children)
    what = (
        Q(
            child_id__in=team_children,
            object_type__in=TEAM_PART_TYPES,
            detail__team__in=visible_teams,
        )
        | Q(child_id__in=single, object_type__in=TEAM_PART_TYPES, detail__team__isnull=True)
        | Q(
            child_id__in=team_children,
            object_type=TEAM_TYPE,
            object_id__in=[str(pk) for pk in visible.team_ids],
        )
        | Q(
            child_id__in=concern_children,
            object_type=CONCERN_TYPE,
            object_id__in=[str(pk) for pk in visible.concern_ids],
        )
    )
    events = list(
        AccessEvent.objects.filter(
            what,
            _after(after),
            action__in=list(CHANGES),
            sequence__isnull=False,
        )
        .order_by("chain", "sequence")
        .values_list(
            "chain",
            "sequence",
            "action",
            "object_type",
            "object_id",
            "occurred_at",
            "child_id",
            "detail__team",
        )[: limit + 1]
    )
    has_more = len(events) > limit
    events = events[:limit]
    seen = dict(after.seen)
    team_of_child = visible.team_of_child()
    items = []
    for chain, sequence, action, object_type, object_id, occurred_at, child_id, team in events:
        # Filtered on sequence IS NOT NULL: every write is sealed at once.
        seen[chain] = max(seen.get(chain, 0), sequence or 0)
        if object_type == TEAM_TYPE:
            team_id: uuid.UUID | None = uuid.UUID(object_id)
        elif object_type == CONCERN_TYPE:
            team_id = visible.team_of_concern.get(uuid.UUID(object_id))
        elif team:
            team_id = uuid.UUID(team)
        else:
            team_id = team_of_child.get(child_id) if child_id is not None else None
        items.append(
            Change(
                object_type=object_type,
                object_id=object_id,
                change=CHANGES[action],
                changed_at=occurred_at,
                child_id=child_id,
                team_id=team_id,
            )
        )
    return ChangePage(items=items, next=Cursor(seen=seen), has_more=has_more)
