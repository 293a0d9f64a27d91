"""The access log's pages are served by an index, so they cost the same however long it is."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from audit.selectors import access_events_for_child

pytestmark = pytest.mark.django_db


def _plan(sql: str, params: tuple[object, ...]) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # On a small test table a scan and a sort are cheapest; make them dear, so the plan
            # shows whether an index serves the order (without one, it still has to sort).
            for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
                cursor.execute(f"SET LOCAL {setting} = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def test_a_childs_log_page_newest_first_is_read_in_index_order_without_sorting():
    page = access_events_for_child(child_id=uuid.uuid4())[25:50]
    plan = _plan(*page.query.sql_with_params())
    # On PostgreSQL each month partition has its own copy of the index, named after it
    # (audit_accessevent_2026_12_child_id_id_idx, audit migration 0010).
    index = "audit_event_child_newest" if connection.vendor == "sqlite" else "_child_id_id_idx"
    assert index in plan
    # Without an index in this order the database reads all the child's events and sorts them.
    assert "Sort  (" not in plan  # a Sort node; a Merge Append has a "Sort Key" line
    assert "TEMP B-TREE" not in plan
