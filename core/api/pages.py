"""The one paginator of both APIs: a page of a list in two queries (the count and the slice),
and the envelope /api/v1/ answers it in (its response schema, `page_schema`). The public HSDS
API (directory/api.py) wraps the same page in the standard's envelope."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet

R = TypeVar("R")


@dataclass(frozen=True)
class Page(Generic[R]):
    """Page `number` (from 1) of a list of `total_items`, `per_page` at a time."""

    items: list[R]
    number: int
    per_page: int
    total_items: int

    @property
    def total_pages(self) -> int:
        return math.ceil(self.total_items / self.per_page)


def page_of(items: QuerySet[Any, R], *, number: int, per_page: int) -> Page[R]:
    """The page in two queries whatever its size; past the end it is empty, without asking the
    database for it."""
    total = items.count()
    start = (number - 1) * per_page
    rows = list(items[start : start + per_page]) if start < total else []
    return Page(items=rows, number=number, per_page=per_page, total_items=total)


def page_schema(item: Any) -> Any:
    """The response schema of a page of `item` (an `Answer` with its EXAMPLE)."""
    from pydantic import create_model

    from core.api.types import Answer

    model: Any = create_model(
        f"{item.__name__}Page",
        __base__=Answer,
        items=(list[item], ...),
        page=(int, ...),
        per_page=(int, ...),
        total_items=(int, ...),
        total_pages=(int, ...),
    )
    model.EXAMPLE = {
        "items": [item.EXAMPLE],
        "page": 1,
        "per_page": 25,
        "total_items": 1,
        "total_pages": 1,
    }
    return model


def page_answer(
    query: Any, items: QuerySet[Any], *, seen: Callable[[list[Any]], None] | None = None
) -> dict[str, Any]:
    """A list of /api/v1/ (docs/api.md): the page `query.page` and `query.per_page` ask for,
    its items as they are (the response schema writes them); `seen` is told which items are
    answered (to record the reads)."""
    page = page_of(items, number=query.page, per_page=query.per_page)
    if seen is not None:
        seen(page.items)
    return {
        "items": page.items,
        "page": page.number,
        "per_page": page.per_page,
        "total_items": page.total_items,
        "total_pages": page.total_pages,
    }
