"""The search over the whole country (the HSDS API's `search` without an organisation): the
candidates are narrowed in the database before the ranking (directory.search, `narrow`). What
it narrows to must hold every service the ranking would keep, so these tests compare the
narrowed ranking with the one over every candidate, on the demo directory, for the search
quality tables' queries. PostgreSQL only: SQLite's full-text query was bounded already.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from directory import search
from directory.demo import demo_directory_seed
from directory.models import Service
from directory.selectors.ranking import SearchFilters, _ranked, service_ranking
from directory.tests.test_search_quality import QUERIES
from directory.tests.test_search_quality_young import HELD_OUT
from directory.tests.test_search_quality_young import QUERIES as YOUNG_QUERIES
from tests.factories import municipality

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the narrowing is PostgreSQL's"
)

# Found only through the thesaurus (the need the words point to), through compounds and
# inflections, and through a typo's trigrams: with no place given, each must still be found.
NO_PLACE = [
    ("deppa", "psykolog"),
    ("fravær", "skolefravær"),
    ("skulefråvær", "skolefravær"),
    ("helsesykeplier", "helsesykepleier"),
    ("psykologer", "Kommunepsykolog"),
    ("jobb", "Ungdomsveileder i NAV"),
]


@pytest.fixture(scope="module")
def demo_directory(django_db_setup, django_db_blocker):
    """The demo directory once for the module, rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        municipality("4001")
        municipality("4003")
        demo_directory_seed()
        yield
        transaction.set_rollback(True)


def _whole_country(text: str, *, narrow: bool, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ranked ids and scores of every service for the text, narrowed or not."""
    if not narrow:
        original = search.search_candidates

        def unnarrowed(*args, **kwargs):
            kwargs["narrow"] = False
            return original(*args, **kwargs)

        monkeypatch.setattr("directory.selectors.ranking.search_candidates", unnarrowed)
    rows, _understood, _danger = _ranked(text, SearchFilters(), Service.objects.order_by())
    monkeypatch.undo()
    return [f"{row.name} {row.text:.4f} {row.expansion:.4f}" for row in rows]


def _queries() -> list[str]:
    return sorted(
        {query for query, *_rest in QUERIES} | {case.query for case in (*YOUNG_QUERIES, *HELD_OUT)}
    )


@pytest.mark.django_db
def test_narrowing_ranks_as_every_candidate_would(demo_directory, monkeypatch):
    """Below the bound, the narrowed candidates give the very ranking of all the candidates:
    the same services, in the same order, with the same scores."""
    differing = []
    for query in _queries():
        narrowed = _whole_country(query, narrow=True, monkeypatch=monkeypatch)
        every = _whole_country(query, narrow=False, monkeypatch=monkeypatch)
        if narrowed != every:
            differing.append(f"{query!r}: {narrowed[:5]} != {every[:5]}")
    assert len(_queries()) > 60
    assert differing == [], "\n".join(differing)


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "expected"), NO_PLACE)
def test_with_no_place_the_thesaurus_compounds_and_typos_still_find(
    demo_directory, query, expected
):
    ids = service_ranking(text=query, scope=Service.objects.order_by())
    names = dict(Service.objects.filter(id__in=ids[:5]).values_list("id", "name"))
    top = [names[service_id] for service_id in ids[:5]]
    assert any(expected.lower() in name.lower() for name in top), top


@pytest.mark.django_db
def test_a_service_found_only_through_its_need_is_kept(demo_directory):
    """ "deppa" is in no service's text: the services of the need it points to are found
    through `keep`, not through the index."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM directory_service_search "
            "WHERE document @@ to_tsquery('simple', 'depp:*') OR words LIKE '%%depp%%'"
        )
        assert cursor.fetchone()[0] == 0
    assert service_ranking(text="deppa", scope=Service.objects.order_by())


@pytest.mark.django_db
def test_the_bound_keeps_the_best(demo_directory, monkeypatch):
    every = service_ranking(text="helsesykepleier", scope=Service.objects.order_by())
    assert len(every) > 3
    monkeypatch.setattr(search, "MAX_CANDIDATES", 3)
    bounded = service_ranking(text="helsesykepleier", scope=Service.objects.order_by())
    assert 0 < len(bounded) <= 3
    assert bounded[0] == every[0]


@pytest.mark.django_db
def test_the_narrowing_settings_end_with_its_statement(demo_directory):
    """The planner and similarity settings of the narrowed statement do not stay for the
    statements after it, in the caller's transaction either."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        before = cursor.fetchone()[0]
        assert service_ranking(text="helsesykeplier", scope=Service.objects.order_by())
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == before == "on"
        cursor.execute("SELECT current_setting('pg_trgm.word_similarity_threshold')")
        assert float(cursor.fetchone()[0]) != search.FUZZY_THRESHOLD
