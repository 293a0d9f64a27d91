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
# The scope is a fixed SQL fragment with placeholders; user text only ever goes in parameters.
FTS5_QUERY = (
    "SELECT service_id, -bm25(directory_service_search) FROM directory_service_search "
    "WHERE directory_service_search MATCH %s{scope} "
    "ORDER BY bm25(directory_service_search) LIMIT %s"
)


def _words(text: str) -> list[str]:
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


def search_text(
    text: str, *, municipality_number: str | None = None, limit: int = 200
) -> dict[uuid.UUID, float]:
    """Services whose text matches, with a relevance score (higher is better).

    With a municipality, only its services and the national ones are searched.
    """
    words = [word for word in _words(text) if len(word) >= 2]
    if not words:
        return {}
    scope, scope_params = "", []
    if municipality_number is not None:
        scope = (
            " AND service_id IN (SELECT service_id FROM directory_servicearea "
            "WHERE municipality_id = %s UNION ALL "
            "SELECT id FROM directory_service WHERE is_national)"
        )
        scope_params = [municipality_number]
    if connection.vendor == "postgresql":
        fuzzy = [word for word in words if len(word) >= 4]
        return _search_postgresql(" ".join(words), fuzzy, limit, scope, scope_params)
    return _search_sqlite(words, limit, scope, scope_params)


def _search_postgresql(
    text: str, fuzzy_words: list[str], limit: int, scope: str, scope_params: list[str]
) -> dict[uuid.UUID, float]:
    """Stemmed full text and trigram similarity, each from its own index with its own limit."""
    scores: dict[uuid.UUID, float] = {}
    with connection.cursor() as cursor:
        # Every stem becomes a prefix term, OR-ed: a young person's three words need not all
        # match, but a service matching more of them ranks higher.
        # The scope is a fixed SQL fragment with placeholders; user text only goes in parameters.
        full_text_sql = f"""
            WITH q AS (
                SELECT to_tsquery('simple', string_agg(quote_literal(lexeme) || ':*', ' | '))
                    AS query
                FROM unnest(to_tsvector('norwegian', %s))
            )
            SELECT s.service_id, ts_rank(s.document, q.query) AS rank
            FROM directory_service_search s, q
            WHERE q.query IS NOT NULL AND s.document @@ q.query {scope}
            ORDER BY rank DESC
            LIMIT %s
            """  # noqa: S608
        cursor.execute(full_text_sql, [text, *scope_params, limit])
        for service_id, rank in cursor.fetchall():
            scores[service_id] = float(rank)
        if fuzzy_words:
            # Nynorsk and typos sit further from the indexed bokmål than pg_trgm's default allows.
            cursor.execute("SET pg_trgm.word_similarity_threshold = %s", [FUZZY_THRESHOLD])
            similarity = "GREATEST(" + ", ".join("word_similarity(%s, words)" for _ in fuzzy_words)
            cursor.execute(
                f"SELECT service_id, {similarity}) AS similarity "  # noqa: S608 - placeholders only
                "FROM directory_service_search "
                "WHERE (" + " OR ".join("words %%> %s" for _ in fuzzy_words) + f"){scope} "
                "ORDER BY similarity DESC LIMIT %s",
                [*fuzzy_words, *fuzzy_words, *scope_params, limit],
            )
            for service_id, value in cursor.fetchall():
                scores[service_id] = scores.get(service_id, 0.0) + float(value)
    return scores


def _search_sqlite(
    words: list[str], limit: int, scope: str, scope_params: list[str]
) -> dict[uuid.UUID, float]:
    trigrams: list[str] = []
    for word in words:
        grams = [word[i : i + 3] for i in range(len(word) - 2)] or [word]
        trigrams += [gram for gram in grams if gram not in trigrams]
    # Words are \w+ only, so quoting each trigram is enough to make a safe FTS5 expression.
    expression = " OR ".join(f'"{gram}"' for gram in trigrams if len(gram) == 3)
    if not expression:
        return {}
    with connection.cursor() as cursor:
        fts5_sql = FTS5_QUERY.format(scope=scope)
        cursor.execute(fts5_sql, [expression, *scope_params, limit])
        return {uuid.UUID(row[0]): float(row[1]) for row in cursor.fetchall()}
