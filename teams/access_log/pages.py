"""A page of a child's access log, in plain rows."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from audit.models import AccessEvent
from audit.selectors import access_events_for_child
from children.access_log.words import Audience
from children.models import Child
from teams.access_log.rows import AccessRow, access_rows

ACCESS_LOG_PAGE_SIZE = 25


@dataclass(frozen=True)
class AccessLogPage:
    """One page of a child's access log in plain words, and the page for the links to others."""

    page: Page
    rows: list[AccessRow]


def access_log_page(
    *,
    child: Child,
    audience: Audience,
    page_number: str | int | None,
    events: QuerySet[AccessEvent] | None = None,
    unnamed_consents: Collection[uuid.UUID] = (),
) -> AccessLogPage:
    """`ACCESS_LOG_PAGE_SIZE` events of the child's log (`events`, else all of them), newest
    first, as rows (`children.access_log`); a page number out of range gives the last page.
    A fixed number of queries, whatever the length of the log."""
    if events is None:
        events = access_events_for_child(child_id=child.pk)
    page = Paginator(events, ACCESS_LOG_PAGE_SIZE).get_page(page_number)
    rows = access_rows(
        page.object_list, children=[child], audience=audience, unnamed_consents=unnamed_consents
    )
    return AccessLogPage(page=page, rows=rows)
