"""Full-text search over services, with the best tool of each database behind one interface.

PostgreSQL: the `norwegian` text-search configuration (stemming: helsesykepleieren →
helsesykepleier, psykologer → psykolog), prefix matching on stems (mobba → mobb* finds mobbing),
and pg_trgm word similarity for typos. SQLite: an FTS5 table with the trigram tokenizer, queried
with the trigrams of each word, so inflections and most typos still overlap.
The index lives in `directory_service_search` (see migration 0002) and is written here only.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

from django.db import connection

from directory.models import Attribute, Language, Service

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_WORDS = 8
FUZZY_THRESHOLD = 0.45
MIN_WORD_COVERAGE = 0.75
# The scope is a fixed SQL fragment with placeholders; user text only ever goes in parameters.
SQLITE_SCOPE = (
    " AND service_id IN (SELECT service_id FROM directory_servicearea "
    "WHERE municipality_id = %s UNION SELECT id FROM directory_service WHERE is_national)"
)
SQLITE_NATIONAL_ONLY = " AND service_id IN (SELECT id FROM directory_service WHERE is_national)"
FTS5_QUERY = (
    "SELECT service_id, words FROM directory_service_search "
    "WHERE directory_service_search MATCH %s{scope} "
    "ORDER BY bm25(directory_service_search) LIMIT %s"
)


def query_words(text: str) -> list[str]:
    """The lower-cased words of a query, at most MAX_QUERY_WORDS."""
    return [word.lower() for word in _WORD.findall(text)][:MAX_QUERY_WORDS]


def _texts_for(services: list[Service]) -> dict[uuid.UUID, tuple[str, str, str]]:
    """(most important, body, where) texts per service, from one query per related table."""
    ids = [service.id for service in services]
    terms: dict[uuid.UUID, list[str]] = {service_id: [] for service_id in ids}
    for attribute in Attribute.objects.filter(
        link_entity="service", link_id__in=ids
    ).select_related("taxonomy_term"):
        term = attribute.taxonomy_term
        terms[attribute.link_id] += [term.name, term.name_en]
    languages: dict[uuid.UUID, list[str]] = {service_id: [] for service_id in ids}
    for service_id, name, code in Language.objects.filter(service_id__in=ids).values_list(
        "service_id", "name", "code"
    ):
        languages[service_id] += [name, code]
    places: dict[uuid.UUID, list[str]] = {service_id: [] for service_id in ids}
    for service_id, city, area in Service.objects.filter(id__in=ids).values_list(
        "id", "service_at_locations__location__addresses__city", "service_areas__name"
    ):
        places[service_id] += [city or "", area or ""]
    result = {}
    for service in services:
        first = " ".join(
            [service.name, service.alternate_name, service.organization.name, *terms[service.id]]
        )
        body = " ".join(
            [
                service.description,
                service.eligibility_description,
                service.application_process,
                service.organization.name,
                service.referral_from,
            ]
        )
        where = " ".join([*places[service.id], *languages[service.id]])
        result[service.id] = (first, body, where)
    return result


def search_index_update(*, service_ids: Iterable[uuid.UUID]) -> None:
    """Re-index these services (and drop the rows of any that no longer exist).

    Runs in the caller's transaction, so the index changes together with the services.
    """
    ids = list(service_ids)
    if not ids:
        return
    services = list(Service.objects.filter(id__in=ids).select_related("organization"))
    texts = _texts_for(services)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DELETE FROM directory_service_search WHERE service_id = ANY(%s)", [ids])
            # Trigrams only over the names (service, organisation, categories): that is where
            # typos and compounds matter, and word similarity over whole texts is slow and vague.
            cursor.executemany(
                "INSERT INTO directory_service_search (service_id, document, words) VALUES "
                "(%s, setweight(to_tsvector('norwegian', %s), 'A') || "
                "setweight(to_tsvector('norwegian', %s), 'B') || "
                "setweight(to_tsvector('norwegian', %s), 'C'), lower(%s))",
                [
                    (service_id, first, body, where, first)
                    for service_id, (first, body, where) in texts.items()
                ],
            )
        else:
            placeholders = ",".join("%s" for _ in ids)
            # Stored as Django stores UUIDs in SQLite (32 hex digits), so the scope's join matches.
            cursor.execute(
                f"DELETE FROM directory_service_search WHERE service_id IN ({placeholders})",  # noqa: S608
                [service_id.hex for service_id in ids],
            )
            cursor.executemany(
                "INSERT INTO directory_service_search (service_id, words) VALUES (%s, %s)",
                [
                    (service_id.hex, f"{first} {body} {where}".lower())
                    for service_id, (first, body, where) in texts.items()
                ],
            )


def search_index_rebuild(*, batch_size: int = 500) -> int:
    """Index every service again; returns how many."""
    ids = list(Service.objects.values_list("id", flat=True))
    for start in range(0, len(ids), batch_size):
        search_index_update(service_ids=ids[start : start + batch_size])
    return len(ids)


NATIONAL_ONLY = "national"


def search_text(
    text: str, *, municipality_number: str | None = None, fuzzy: bool = True, limit: int = 200
) -> dict[uuid.UUID, float]:
    """Services whose text matches, with a relevance score (higher is better)."""
    scores, _expansion = search_scores(
        text, municipality_number=municipality_number, fuzzy=fuzzy, limit=limit
    )
    return scores


def search_scores(
    text: str,
    *,
    expansion: str = "",
    municipality_number: str | None = None,
    fuzzy: bool = True,
    limit: int = 200,
) -> tuple[dict[uuid.UUID, float], dict[uuid.UUID, float]]:
    """Services whose text matches, with a relevance score (higher is better).

    Returns the scores for the text and, separately, for the expansion words (the needs the
    thesaurus found), from one statement on PostgreSQL. With a municipality number, only its
    services and the national ones are searched; with NATIONAL_ONLY, only national services;
    with None, all. `fuzzy=False` leaves out typo matching.
    """
    words = [word for word in query_words(text) if len(word) >= 2]
    if not words:
        return {}, {}
    if connection.vendor == "postgresql":
        fuzzy_words = [word for word in words if len(word) >= 4] if fuzzy else []
        return _search_postgresql(
            " ".join(words), expansion, fuzzy_words, limit, municipality_number
        )
    scores = _search_sqlite(words, limit, municipality_number)
    extra_words = query_words(expansion)
    return scores, (_search_sqlite(extra_words, limit, municipality_number) if extra_words else {})


# Scope: the municipality's services and the national ones, materialised first so that the
# full-text and similarity tests run on a few dozen rows instead of the whole country.
_PG_SCOPED = """
    WITH scope AS MATERIALIZED (
        SELECT service_id FROM directory_servicearea WHERE municipality_id = %s
        UNION SELECT id FROM directory_service WHERE is_national
    ), rows AS MATERIALIZED (
        SELECT s.service_id, s.document, s.words
        FROM directory_service_search s JOIN scope USING (service_id)
    )
"""
_PG_NATIONAL_ONLY = """
    WITH rows AS MATERIALIZED (
        SELECT s.service_id, s.document, s.words
        FROM directory_service_search s JOIN directory_service d ON d.id = s.service_id
        WHERE d.is_national
    )
"""
# Only fixed fragments and placeholders are formatted in; user text goes in parameters.
_PG_QUERY = """{head}, q AS (
        SELECT to_tsquery('simple', string_agg(quote_literal(lexeme) || ':*', ' | ')) AS query
        FROM unnest(to_tsvector('norwegian', %s))
    ), e AS (
        SELECT to_tsquery('simple', string_agg(quote_literal(lexeme) || ':*', ' | ')) AS query
        FROM unnest(to_tsvector('norwegian', %s))
    )
    SELECT r.service_id,
           CASE WHEN (q.query IS NOT NULL AND r.document @@ q.query) OR {similar}
                THEN COALESCE(ts_rank(r.document, q.query), 0) + {similarity}
                ELSE 0 END AS score,
           COALESCE(ts_rank(r.document, e.query), 0) AS expansion
    FROM rows r, q, e
    WHERE (q.query IS NOT NULL AND r.document @@ q.query) OR {similar}
       OR (e.query IS NOT NULL AND r.document @@ e.query)
    ORDER BY score DESC, expansion DESC
    LIMIT %s"""
_PG_EVERYWHERE = """
    WITH rows AS (SELECT service_id, document, words FROM directory_service_search)
"""


def _search_postgresql(
    text: str,
    expansion: str,
    fuzzy_words: list[str],
    limit: int,
    municipality_number: str | None,
) -> tuple[dict[uuid.UUID, float], dict[uuid.UUID, float]]:
    """Stemmed full text (every stem a prefix, OR-ed: a young person's three words need not all
    match, but more matches rank higher) plus trigram word similarity for typos and compounds,
    in one statement. Only placeholders are put into the SQL; user text goes in parameters."""
    if municipality_number == NATIONAL_ONLY:
        head, params = _PG_NATIONAL_ONLY, []
    elif municipality_number:
        head, params = _PG_SCOPED, [municipality_number]
    else:
        head, params = _PG_EVERYWHERE, []
    similarity = ", ".join("word_similarity(%s, r.words)" for _ in fuzzy_words)
    similar = " OR ".join("r.words %%> %s" for _ in fuzzy_words) or "FALSE"
    sql = _PG_QUERY.format(
        head=head,
        similarity=f"GREATEST({similarity})" if fuzzy_words else "0",
        similar=similar,
    )
    with connection.cursor() as cursor:
        if fuzzy_words:
            # Nynorsk and typos sit further from the indexed bokmål than pg_trgm's default.
            cursor.execute("SET pg_trgm.word_similarity_threshold = %s", [FUZZY_THRESHOLD])
        cursor.execute(
            sql,
            [*params, text, expansion, *fuzzy_words, *fuzzy_words, *fuzzy_words, limit],
        )
        rows = cursor.fetchall()
    return (
        {service_id: float(score) for service_id, score, _ in rows if score > 0},
        {service_id: float(extra) for service_id, _, extra in rows if extra > 0},
    )


def _trigrams(word: str) -> set[str]:
    return {word[i : i + 3] for i in range(len(word) - 2)}


def _search_sqlite(
    words: list[str], limit: int, municipality_number: str | None
) -> dict[uuid.UUID, float]:
    """FTS5 finds every row sharing a trigram with the query; each row then scores by how much
    of each query word it contains (a word present whole scores 1, a typo a little less), and
    rows that contain no query word to at least MIN_WORD_COVERAGE are dropped."""
    words = [word for word in words if len(word) >= 3]
    trigrams: list[str] = []
    for word in words:
        trigrams += [gram for gram in sorted(_trigrams(word)) if gram not in trigrams]
    # Words are \w+ only, so quoting each trigram is enough to make a safe FTS5 expression.
    expression = " OR ".join(f'"{gram}"' for gram in trigrams if len(gram) == 3)
    if not expression:
        return {}
    with connection.cursor() as cursor:
        if municipality_number == NATIONAL_ONLY:
            scope, params = SQLITE_NATIONAL_ONLY, []
        elif municipality_number:
            scope, params = SQLITE_SCOPE, [municipality_number]
        else:
            scope, params = "", []
        cursor.execute(FTS5_QUERY.format(scope=scope), [expression, *params, limit * 5])
        rows = cursor.fetchall()
    scores: dict[uuid.UUID, float] = {}
    for service_id, text in rows:
        present = _trigrams(text)
        coverage = [len(_trigrams(word) & present) / len(_trigrams(word)) for word in words]
        if max(coverage, default=0.0) >= MIN_WORD_COVERAGE:
            # Squared, so one word found whole outweighs several found in pieces.
            scores[uuid.UUID(service_id)] = sum(value * value for value in coverage)
    best = sorted(scores.items(), key=lambda item: item[1], reverse=True)[:limit]
    return dict(best)
