"""The narrowed national search's planner settings outside any caller's transaction (the HSDS
API's case): they end with the transaction they are set in, with no statement to reset them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory import search
from directory.models import Service

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the narrowed statement is PostgreSQL's"
)


@pytest.mark.django_db(transaction=True)
def test_the_settings_end_with_the_statements_own_transaction():
    assert not connection.in_atomic_block
    with CaptureQueriesContext(connection) as captured:
        assert search._pg_rows_narrowed(Service.objects.order_by().values_list("id")) == []
    statements = [query["sql"] for query in captured.captured_queries]
    assert not [sql for sql in statements if sql.startswith("RESET")]
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
        # Empty on a connection where pg_trgm was never loaded: the setting was only a
        # placeholder, gone with the transaction.
        cursor.execute("SELECT current_setting('pg_trgm.word_similarity_threshold', true)")
        threshold = cursor.fetchone()[0]
        assert not threshold or float(threshold) != search.FUZZY_THRESHOLD
