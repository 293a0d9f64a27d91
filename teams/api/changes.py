"""The JSON API's change feed (`GET /api/v1/changes`): ids, types and times of what changed
among the objects the caller may see, for integrations that sync. No personal data, so reading
it records nothing; reading a changed object afterwards is recorded as always."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from ninja import Field, Query

from core.api import invalid
from core.api.app import ApiRouter
from core.api.types import Answer, LocalDateTime, QuerySchema, integer, text
from people.http import AuthenticatedHttpRequest
from teams.selectors_changes import CHANGE_TYPES, Cursor, CursorError, changes_visible

router = ApiRouter(area="teams", tag="teams")

CURSOR_MAX = 8000
LIMIT_DEFAULT, LIMIT_MAX = 50, 100


class ChangesQuery(QuerySchema):
    after: text(  # type: ignore[valid-type]
        CURSOR_MAX,
        required=False,
        multiline=False,
        description="The `next` of the previous page; without it, the feed starts at the "
        "beginning.",
        query=True,
    ) = ""
    limit: integer(  # type: ignore[valid-type]
        1, LIMIT_MAX, description="Changes per page.", query=True
    ) = LIMIT_DEFAULT


ChangeType = Literal[CHANGE_TYPES]  # type: ignore[valid-type]


class ChangeItem(Answer):
    """One write on an object you may see: what and when, never its content."""

    type: ChangeType = Field(validation_alias="object_type")
    id: str = Field(
        validation_alias="object_id", description="The object's id: a UUID, or an integer."
    )
    change: Literal["created", "updated", "deleted"]
    changed_at: LocalDateTime
    child: uuid.UUID | None = Field(validation_alias="child_id")
    team: uuid.UUID | None = Field(
        validation_alias="team_id",
        description="The team the object belongs to, when you see exactly one of the "
        "child's teams (for a concern: its team, if you see it).",
    )
    EXAMPLE = {
        "type": "task",
        "id": "0b6f1f7e-2a4c-4d3e-8f5a-6b7c8d9e0f1a",
        "change": "created",
        "changed_at": "2026-03-02T09:30:12.123456+01:00",
        "child": "3f1c2b9e-5d7a-4e8b-9c0d-1a2b3c4d5e6f",
        "team": "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b",
    }


class ChangePage(Answer):
    items: list[ChangeItem]
    next: str = Field(
        description="An opaque cursor: send it as `after` to get what came after this page."
    )
    has_more: bool
    EXAMPLE = {
        "items": [
            ChangeItem.EXAMPLE,
            {
                "type": "log_entry",
                "id": "1841",
                "change": "created",
                "changed_at": "2026-03-02T09:41:55.000001+01:00",
                "child": "3f1c2b9e-5d7a-4e8b-9c0d-1a2b3c4d5e6f",
                "team": "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b",
            },
        ],
        "next": "eyJ2IjoxLCJjIjp7IjQwMDEiOjkxMn19",
        "has_more": False,
    }


@router.operation(
    "GET",
    "/changes",
    name="changes",
    response=ChangePage,
    summary="What changed among the objects you may see: ids, types and times",
    description="The access log's writes on teams, their members, consents, plans, log, "
    "meetings, tasks and hand-overs, and concerns, that you may see now. No names or texts, "
    "and reading the feed is not recorded in any child's access log. Keep `next` and send it "
    "as `after`; `has_more` says whether to ask again at once. See docs/api.md.",
)
def change_list(request: AuthenticatedHttpRequest, query: Query[ChangesQuery]) -> dict[str, Any]:
    try:
        after = Cursor.decode(query.after) if query.after else Cursor(seen={})
    except CursorError as error:
        raise invalid({"after": error.messages}) from None
    page = changes_visible(user=request.user, after=after, limit=query.limit)
    return {"items": page.items, "next": page.next.encode(), "has_more": page.has_more}
