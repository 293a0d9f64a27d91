"""The JSON API's change feed (`GET /api/v1/changes`): ids, types and times of what changed
among the objects the caller may see, for integrations that sync. No personal data, so reading
it records nothing; reading a changed object afterwards is recorded as always."""

from __future__ import annotations

from typing import Any

from core.api import int_field, invalid, iso_datetime, operation, optional_id, text_field
from people.http import AuthenticatedHttpRequest
from teams.selectors_changes import Change, Cursor, CursorError, changes_visible

CURSOR_MAX = 8000
LIMIT_DEFAULT, LIMIT_MAX = 50, 100
CHANGES_QUERY = {
    "after": text_field(
        CURSOR_MAX,
        required=False,
        multiline=False,
        description="The `next` of the previous page; without it, the feed starts at the "
        "beginning.",
    ),
    "limit": int_field(
        1, LIMIT_MAX, required=False, default=LIMIT_DEFAULT, description="Changes per page."
    ),
}


def change_json(change: Change) -> dict[str, Any]:
    return {
        "type": change.object_type,
        "id": change.object_id,
        "change": change.change,
        "changed_at": iso_datetime(change.changed_at),
        "child": optional_id(change.child_id),
        "team": optional_id(change.team_id),
    }


@operation(
    summary="What changed among the objects you may see: ids, types and times",
    description="The access log's writes on teams, their members, consents, plans, log, "
    "meetings, tasks and hand-overs, and concerns, that you may see now. No names or texts, "
    "and reading the feed is not recorded in any child's access log. Keep `next` and send it "
    "as `after`; `has_more` says whether to ask again at once. See docs/api.md.",
    response="ChangePage",
    query=CHANGES_QUERY,
)
def change_list(request: AuthenticatedHttpRequest, *, query: dict[str, Any]) -> dict[str, Any]:
    try:
        after = Cursor.decode(query["after"]) if query.get("after") else Cursor(seen={})
    except CursorError as error:
        raise invalid({"after": error.messages}) from None
    page = changes_visible(user=request.user, after=after, limit=query["limit"])
    return {
        "items": [change_json(change) for change in page.items],
        "next": page.next.encode(),
        "has_more": page.has_more,
    }
