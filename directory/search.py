"""Full-text search over services, with the best tool of each database behind one interface.

PostgreSQL: the `norwegian` text-search configuration (stemming: helsesykepleieren →
helsesykepleier, psykologer → psykolog), prefix matching on stems (mobba → mobb* finds mobbing),
and pg_trgm word similarity for typos. SQLite: an FTS5 table with the trigram tokenizer, queried
with the trigrams of each word, so inflections and most typos still overlap.
The index lives in `directory_service_search` (see migration 0002) and is written here only.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL

from core.datafiles import DataFileError, toml_read
from directory.models import (
    Attribute,
    ClassificationStatus,
    Language,
    Service,
    ServiceClassification,
)

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_WORDS = 8
# Nynorsk and typos sit further from the indexed bokmål than pg_trgm's default (0.6).
FUZZY_THRESHOLD = 0.45
MIN_WORD_COVERAGE = 0.75
SQLITE_LIMIT = 1000
# When the candidates are the whole country's (the HSDS API's search), at most this many of the
# services the words match are scored and ranked, the best by full-text rank and word similarity
# (as SQLITE_LIMIT bounds SQLite's full-text matches): the same bound as the API's results.
MAX_CANDIDATES = 1000
# A service a need of the words points to (see `keep`) ranks above any full-text rank when the
# candidates are bounded: the need weighs more than the text in the ranking too.
KEEP_RANK = 10.0
# The stop words of PostgreSQL's `norwegian` configuration (Snowball's list, bokmål and nynorsk):
# SQLite leaves out the same words, so "jeg blir slått" matches on "slått" in both, not on every
# text that says "blir".
_STOP_WORD_LIST = (
    "og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg "
    "men ett har om vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man "
    "kan hans hvor eller hva skal selv sjøl her alle vil bli ble blei blitt kunne inn når "
    "være kom noen noe ville dere deres kun ja etter ned skulle denne for deg si sine sitt "
    "mot å meget hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken hvilke "
    "sånn inni mellom vår hver hvem vors hvis både bare enn fordi før mange også slik vært "
    "båe begge siden dykk dykkar dei deira deires deim di då eg ein eit eitt elles honom "
    "hjå ho hoe henne hennar hennes hoss hossen ingi inkje korleis korso kva kvar kvarhelst "
    "kven kvi kvifor me medan mi mine mykje no nokon noka nokor noko nokre sia sidan so "
    "somt somme um upp vere vore verte vort varte vart"
)
STOP_WORDS = frozenset(_STOP_WORD_LIST.split())
# Words every entry of a directory of help could match: as text they rank nothing, only add
# noise ("akutt hjelp" is about "akutt"). The thesaurus still reads them ("hjelp nå").
DIRECTORY_STOP_WORDS = frozenset(
    {"hjelp", "hjelpe", "trenger", "treng", "tjeneste", "tjenester", "tilbud", "help", "need"}
)
# Words for whom a directory of help is: half the services' names say "barn" or "unge", so as
# text (and as typo similarity, which weighs much) they drown the other words of a query ("barnet
# snakker utydelig"). Left out when the query has other words to match; searched when it has not.
COMMON_WORDS = frozenset(
    [
        "barn",
        "barnet",
        "barna",
        "barnas",
        "ungen",
        "ungane",
        "ungene",
        "unge",
        "ungdom",
        "ungdommen",
        "ungdommar",
        "ungdommer",
        "child",
        "children",
        "kid",
        "kids",
    ]
)


def _common(word: str) -> bool:
    """A word for whom the directory is, or two of them joined (the query's compound variants
    join its words: "barn unge" also searches "barnunge")."""
    return word in COMMON_WORDS or any(
        word[:cut] in COMMON_WORDS and word[cut:] in COMMON_WORDS for cut in range(3, len(word) - 2)
    )


# The scope is the candidates' SQL as Django compiles it, with placeholders; user text only ever
# goes in parameters. Table and key names come from a SearchIndex, never from input.
FTS5_QUERY = (
    "SELECT {key}, words FROM {table} "
    "WHERE {table} MATCH %s AND {key} IN ({scope}) "
    "ORDER BY bm25({table}) LIMIT %s"
)


@dataclass(frozen=True)
class SearchIndex:
    """A table of search text kept by this module for one model (its rows keyed by the model's
    UUID primary key): on PostgreSQL (key uuid, document tsvector, words text), on SQLite an
    FTS5 table (key UNINDEXED, words) with the trigram tokenizer. `owner` is the model's table,
    which the scores correlate with. Another app's index (the knowledge base's) is one more of
    these and a migration that creates its table like directory's 0002."""

    table: str
    key: str
    owner: str


SERVICE_INDEX = SearchIndex(
    table="directory_service_search", key="service_id", owner="directory_service"
)


def text_words(text: str) -> list[str]:
    """The lower-cased words of a text, as the search splits it."""
    return [word.lower() for word in _WORD.findall(text)]


def query_words(text: str) -> list[str]:
    """The lower-cased words of a query, at most MAX_QUERY_WORDS."""
    return text_words(text)[: MAX_QUERY_WORDS + MAX_VARIANTS]


# Norwegian as people write it (issue 18), on both databases: each query also searches for these
# forms of its words. Nynorsk and English words map to the bokmål the services are written in;
# whole words first, then word parts (helsesjukepleiar → helsesykepleiar → helsesykepleier).
VARIANT_WORDS = {
    "eg": "jeg",
    "ikkje": "ikke",
    "kva": "hva",
    "heile": "hele",
    "tida": "tiden",
    "heime": "hjemme",
    "vener": "venner",
    "meir": "mer",
    "berre": "bare",
    "foreldra": "foreldre",
    "skilja": "skille",
    "skiljast": "skille",
    "jobbar": "jobber",
    "sjølv": "selv",
    "school": "skole",
    "nurse": "helsesykepleier",
    "summer": "sommer",
    "job": "jobb",
    "jobs": "jobb",
    "interpreter": "tolk",
    "bullying": "mobbing",
    "bullied": "mobbet",
    "dentist": "tannlege",
    "housing": "bolig",
    "pregnant": "gravid",
    "grief": "sorg",
    "debt": "gjeld",
    "doctor": "lege",
    "divorce": "skilsmisse",
    "psychologist": "psykolog",
    "drugs": "rusmidler",
    "alcohol": "alkohol",
    "lonely": "ensom",
    "leisure": "fritid",
    "kindergarten": "barnehage",
    "money": "penger",
    "violence": "vold",
    "abuse": "overgrep",
}
VARIANT_PARTS = (
    ("skule", "skole"),
    ("sjuk", "syk"),
    ("fråvær", "fravær"),
    ("pleiar", "pleier"),
    ("søster", "sykepleier"),
    ("tenkjer", "tenker"),
    ("tankar", "tanker"),
)
# Parts Norwegian compounds are made of in a directory of help: a word made of them (with or
# without a linking s or e) is split into them, both in a query and in a service's text when it
# is indexed ("skolefravær" finds "fravær fra skolen", "tannverk" finds "Tannhelsetjenesten"),
# and two query words that are such parts also search for their compound, both ways.
_COMPOUND_PART_LIST = (
    "skole skule fravær lese lesing skrive vansker sykepleier jobb sommer tann lege psykolog "
    "mobbe mobbing vold bolig fritid klubb kurs norsk sorg gruppe barnehage plass foreldre "
    "veiledning spise rus ungdom ungdoms bekymring melding gjeld regulering støtte kontakt "
    "avlastning terapeut tolk barn familie krise senter overgrep psykisk angst utstyr sentral "
    "kultur musikk jordmor vaksine stasjon hjelp råd rådgivning arbeid helse tjeneste tilbud "
    "problem søvn kort brudd samliv vern vakt verk smerte behandling pleie pleier samtale "
    "time timer trening idrett lærer elev klasse hjem bo leie stønad økonomi penger søknad "
    "tiltak team miljø kontor mor far mamma pappa baby sped konflikt mestring tanke tanker "
    "sted møte ferie aktivitet bistand avhengighet alkohol spill telefon linje chat ung unge "
    "voksen voksne sosial seksuell kjønn prevensjon gravid kontingent avgift lekse lekser "
    "undervisning"
)
COMPOUND_PARTS = frozenset(_COMPOUND_PART_LIST.split())
# Endings of definite and plural forms taken off a word of at least DEFINITE_MIN letters, so
# "helsesykepleieren" also searches as "helsesykepleier" where stemming does not help (SQLite).
DEFINITE_ENDINGS = ("ene", "en", "et", "er", "ar", "a", "n")
DEFINITE_ONLY = ("ene", "en", "et")
DEFINITE_MIN = 6
MAX_VARIANTS = 6
# Words shorter than this are not split when a text is indexed.
COMPOUND_MIN = 7


def base_form(word: str) -> str:
    """The word without a definite or plural ending: always when what is left is a known part,
    else only a definite ending on a long word (helsesykepleieren → helsesykepleier)."""
    endings = [ending for ending in DEFINITE_ENDINGS if word.endswith(ending)]
    for ending in endings:
        if word[: -len(ending)] in COMPOUND_PARTS:
            return word[: -len(ending)]
    for ending in endings:
        if ending in DEFINITE_ONLY and len(word) - len(ending) >= DEFINITE_MIN:
            return word[: -len(ending)]
    return word


def compound_split(word: str, *, depth: int = 3) -> list[str]:
    """The known parts of a compound, left to right, each as its base form
    (skolehelsetjenesten → skole, helse, tjeneste), or [] when it is not made of them."""
    if depth == 0:
        return []
    for cut in range(3, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        for modifier in (head, head[:-1] if head[-1:] in {"s", "e"} else None):
            if not modifier or modifier not in COMPOUND_PARTS:
                continue
            if base_form(tail) in COMPOUND_PARTS:
                return [modifier, base_form(tail)]
            if rest := compound_split(tail, depth=depth - 1):
                return [modifier, *rest]
    return []


def compound_parts_text(text: str) -> str:
    """The parts of the text's compound words, for the index: a service's "Sorggruppe" is
    also found by "sorg", its "Tannhelsetjenesten" by "tannverk"."""
    parts: dict[str, None] = {}
    for word in dict.fromkeys(text_words(text)):
        if len(word) >= COMPOUND_MIN:
            parts.update(dict.fromkeys(compound_split(word)))
    return " ".join(parts)


def word_form(word: str) -> str:
    """The bokmål form of a nynorsk or English word or word part, in its place
    (skilja → skille, skulefråvær → skolefravær); other words as they are."""
    form = VARIANT_WORDS.get(word, word)
    for part, replacement in VARIANT_PARTS:
        form = form.replace(part, replacement)
    return form


def query_variants(text: str) -> str:
    """The query with the other forms of its words appended (nynorsk and English words in
    bokmål, compounds split and joined, definite and plural forms as the base word), at most
    MAX_VARIANTS of them. Misspellings are left to trigram similarity, which both databases
    have."""
    words = query_words(text)[:MAX_QUERY_WORDS]
    extra: list[str] = []
    for word in words:
        form = word_form(word)
        extra += [form, base_form(form), *compound_split(base_form(form))]
    content = [base_form(VARIANT_WORDS.get(w, w)) for w in words if w not in STOP_WORDS]
    for first, second in itertools.pairwise(content):
        if first in COMPOUND_PARTS and second in COMPOUND_PARTS:
            extra += [second + first, first + second]
    new = [word for word in dict.fromkeys(extra) if word not in words and len(word) >= 3]
    return " ".join([*words, *new[:MAX_VARIANTS]])


# Everyday words (issue 18, second round): what people write about their situation ("klarer ikke
# sove", "pappa er full", "gitartimer", "råd til fotball") and the words municipal pages use for
# it ("søvnvansker", "rus", "kulturskole", "lav inntekt"), read from directory/data/everyday.toml.
# A query also searches for the page words as text (without typo similarity: they are the
# services' own words), and a word whose page words are in a service's name names it.
EVERYDAY_PATH = Path(__file__).resolve().parent / "data" / "everyday.toml"
# A word of the list is found inside a compound when it has at least this many letters: at the
# start when the rest is a known compound part ("gitar|timer", "fotball|kontingent"), at the end
# after at least three letters ("kjærlighets|sorg").
EVERYDAY_COMPOUND_MIN = 5
EVERYDAY_TYPO_MIN = 5
EVERYDAY_TYPO_RATIO = 0.85
MAX_EVERYDAY_WORDS = 10


@dataclass(frozen=True)
class EverydayVocabulary:
    words: dict[str, tuple[str, ...]]  # a single word as people write it → the page words
    phrases: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # a phrase's words → page words


@functools.cache
def everyday_vocabulary(path: Path = EVERYDAY_PATH) -> EverydayVocabulary:
    """The everyday words, read once per process (a file of the code, not of the database)."""
    words: dict[str, tuple[str, ...]] = {}
    phrases: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    seen: set[tuple[str, ...]] = set()
    for key, written in toml_read(path).items():
        page_words = tuple(text_words(key))
        if not page_words or not isinstance(written, list) or not written:
            raise DataFileError(f"{path}: {key!r}: expected page words and a list of phrases")
        for phrase in written:
            if not isinstance(phrase, str) or phrase != phrase.strip().lower():
                raise DataFileError(f"{path}: {key!r}: {phrase!r} is not a lower-case phrase")
            parts = tuple(text_words(phrase))
            if parts in seen:
                raise DataFileError(f"{path}: {phrase!r} appears twice")
            seen.add(parts)
            if len(parts) == 1:
                words[parts[0]] = page_words
            else:
                phrases.append((parts, page_words))
    return EverydayVocabulary(words=words, phrases=tuple(phrases))


def _inflected_form(part: str, word: str) -> bool:
    """Whether a word is this word, or an inflected form of it (sove → sover, krangler →
    krangla): four letters or more, one the start of the other, at most two letters apart."""
    if word == part:
        return True
    return (
        min(len(part), len(word)) >= 4
        and abs(len(word) - len(part)) <= 2
        and (word.startswith(part) or part.startswith(word))
    )


def _compound_rest(rest: str, *, head: bool = True) -> bool:
    """Whether what follows a word in a compound (`head`), or what comes before it, is a known
    part, maybe with a linking s or e between."""
    linked = (
        rest[1:]
        if head and rest[:1] in {"s", "e"}
        else rest[:-1]
        if rest[-1:] in {"s", "e"}
        else ""
    )
    for tail in (rest, linked):
        if len(tail) >= 3 and (base_form(tail) in COMPOUND_PARTS or compound_split(tail)):
            return True
    return False


@functools.cache
def _everyday_by_letter() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """The single everyday words by their first letter ("s") and by their last ("-s")."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for written, page_words in everyday_vocabulary().words.items():
        index.setdefault(written[0], []).append((written, page_words))
        index.setdefault(f"-{written[-1]}", []).append((written, page_words))
    return index


@functools.lru_cache(maxsize=4096)
def everyday_words_of(word: str) -> tuple[str, ...]:
    """The page words of one word as people write it: as it is (or its bokmål form), inflected,
    in a compound, or with a small typo, the first of these that finds any; () for none."""
    if word in STOP_WORDS or len(word) < 2:
        return ()
    vocabulary = everyday_vocabulary()
    forms = list(dict.fromkeys([word, word_form(word)]))
    for form in forms:
        if form in vocabulary.words:
            return vocabulary.words[form]
    tests = (
        lambda written, form: _inflected_form(written, form),
        lambda written, form: (
            len(written) >= EVERYDAY_COMPOUND_MIN
            and (
                (form.startswith(written) and _compound_rest(form[len(written) :]))
                or (form.endswith(written) and _compound_rest(form[: -len(written)], head=False))
            )
        ),
        lambda written, form: (
            len(form) >= EVERYDAY_TYPO_MIN
            and written[0] == form[0]
            and abs(len(written) - len(form)) <= 2
            and difflib.SequenceMatcher(None, written, form).ratio() >= EVERYDAY_TYPO_RATIO
        ),
    )
    # Every test needs the same first letter, but a compound's head its last: only those are
    # compared (a search reads a few dozen words, not the whole list).
    by_letter = _everyday_by_letter()
    alike = list(
        dict.fromkeys(
            entry
            for form in forms
            for entry in [*by_letter.get(form[0], ()), *by_letter.get(f"-{form[-1]}", ())]
        )
    )
    for test in tests:
        found: dict[str, None] = {}
        for written, page_words in alike:
            if any(test(written, form) for form in forms):
                found.update(dict.fromkeys(page_words))
        if found:
            return tuple(found)
    return ()


def everyday_words(text: str) -> list[str]:
    """The page words of a query's everyday words and phrases that the query does not have
    already, at most MAX_EVERYDAY_WORDS."""
    written = query_words(text)[:MAX_QUERY_WORDS]
    forms = [word_form(word) for word in written]
    found: dict[str, None] = {}
    # A phrase's first word is written or inflected: it starts as a word of the query does.
    starts = {word[:3] for word in [*written, *forms]}
    for parts, page_words in everyday_vocabulary().phrases:
        if parts[0][:3] not in starts:
            continue
        for words in (written, forms):
            if any(
                all(
                    _inflected_form(part, word)
                    for part, word in zip(parts, words[start:], strict=False)
                )
                for start in range(len(words) - len(parts) + 1)
            ):
                found.update(dict.fromkeys(page_words))
    for word in written:
        found.update(dict.fromkeys(everyday_words_of(word)))
    return [word for word in found if word not in written and word not in forms][
        :MAX_EVERYDAY_WORDS
    ]


def _texts_for(services: list[Service]) -> dict[uuid.UUID, tuple[str, str, str]]:
    """(most important, body, where) texts per service, from one query per related table."""
    ids = [service.id for service in services]
    terms: dict[uuid.UUID, list[str]] = {service_id: [] for service_id in ids}
    for attribute in Attribute.objects.filter(
        link_entity="service", link_id__in=ids
    ).select_related("taxonomy_term"):
        term = attribute.taxonomy_term
        terms[attribute.link_id] += [term.name, term.name_en]
    # Needs classified from the service's own text: confirmed ones weigh as its categories,
    # suggested ones as its body text; rejected ones not at all.
    suggested: dict[uuid.UUID, list[str]] = {service_id: [] for service_id in ids}
    for service_id, status, name, name_en in (
        ServiceClassification.objects.filter(service_id__in=ids)
        .exclude(status=ClassificationStatus.REJECTED)
        .values_list("service_id", "status", "taxonomy_term__name", "taxonomy_term__name_en")
    ):
        (terms if status == ClassificationStatus.CONFIRMED else suggested)[service_id] += [
            name,
            name_en,
        ]
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
                *suggested[service.id],
            ]
        )
        where = " ".join([*places[service.id], *languages[service.id]])
        body = f"{body} {compound_parts_text(f'{first} {body}')}"
        result[service.id] = (first, body, where)
    return result


def search_index_update(*, service_ids: Iterable[uuid.UUID], classify: bool = True) -> None:
    """Classify these services from their text (unless `classify` is false) and re-index them
    (and drop the rows of any that no longer exist).

    Runs in the caller's transaction, so the index changes together with the services.
    """
    ids = list(service_ids)
    if not ids:
        return
    if classify:
        from directory.classify import services_classify

        services_classify(service_ids=ids)
    services = list(Service.objects.filter(id__in=ids).select_related("organization"))
    search_index_write(index=SERVICE_INDEX, ids=ids, texts=_texts_for(services))


def search_index_write(
    *,
    index: SearchIndex,
    ids: Sequence[uuid.UUID],
    texts: Mapping[uuid.UUID, tuple[str, str, str]],
) -> None:
    """Replace the index rows of these ids with these (most important, body, where) texts; ids
    without a text lose their row. Runs in the caller's transaction."""
    if not ids:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"DELETE FROM {index.table} WHERE {index.key} = ANY(%s)",  # noqa: S608
                [list(ids)],
            )
            # Trigrams only over the names (service, organisation, categories): that is where
            # typos and compounds matter, and word similarity over whole texts is slow and vague.
            cursor.executemany(
                f"INSERT INTO {index.table} ({index.key}, document, words) VALUES "  # noqa: S608
                "(%s, setweight(to_tsvector('norwegian', %s), 'A') || "
                "setweight(to_tsvector('norwegian', %s), 'B') || "
                "setweight(to_tsvector('norwegian', %s), 'C'), lower(%s))",
                [(key, first, body, where, first) for key, (first, body, where) in texts.items()],
            )
        else:
            placeholders = ",".join("%s" for _ in ids)
            # Stored as Django stores UUIDs in SQLite (32 hex digits), so the scope's join matches.
            cursor.execute(
                f"DELETE FROM {index.table} WHERE {index.key} IN ({placeholders})",  # noqa: S608
                [key.hex for key in ids],
            )
            cursor.executemany(
                f"INSERT INTO {index.table} ({index.key}, words) VALUES (%s, %s)",  # noqa: S608
                [
                    (key.hex, f"{first} {body} {where}".lower())
                    for key, (first, body, where) in texts.items()
                ],
            )


def search_index_rebuild(*, batch_size: int = 500) -> int:
    """Index every service again; returns how many."""
    ids = list(Service.objects.values_list("id", flat=True))
    for start in range(0, len(ids), batch_size):
        search_index_update(service_ids=ids[start : start + batch_size])
    return len(ids)


def search_text(text: str) -> dict[uuid.UUID, float]:
    """Every service whose text matches, with its relevance score (higher is better).

    Scores every service in the directory: for checks and small sets. The search page narrows to
    a municipality's candidates first (see search_candidates).
    """
    return {
        service_id: score
        for service_id, score, _expansion in search_candidates(
            Service.objects.order_by(), text=text, fields=()
        )
        if score > 0
    }


def search_candidates(
    candidates: QuerySet[Any],
    *,
    text: str,
    expansion: str = "",
    related: str = "",
    fields: Sequence[str],
    index: SearchIndex = SERVICE_INDEX,
    narrow: bool = False,
    keep: Sequence[QuerySet[Any]] = (),
) -> list[tuple[Any, ...]]:
    """Each candidate as (id, *fields, text score, expansion score), in no particular order.

    The expansion is more words to match (the names of the needs the thesaurus found), scored
    apart so the caller can weigh them less. A score is 0 where nothing matches. The text is
    tested on the candidates only, so they should be few: a municipality's services and the
    national ones. On PostgreSQL the candidates, their fields and both scores come from one
    statement; on SQLite from the candidates' query and one full-text query each for text and
    expansion. `index` is the table searched: the services' unless the candidates are another
    model's. `related` is more words matched as text, without typo similarity (the page words
    of the query's everyday words, see everyday_words).

    `narrow` is for candidates that may be the whole country's (the HSDS API's search without
    an organisation): on PostgreSQL only those the index finds for the words (full text, or
    typo similarity from the trigram index) or the expansion, and those of `keep` (querysets of
    ids: the services of the needs the words point to), are scored, at most MAX_CANDIDATES of
    them, `keep`'s first, then by full-text rank and word similarity. The others would score
    0, so a caller that drops what matches nothing gets the same answer, bounded. SQLite's
    full-text query is bounded already (SQLITE_LIMIT), so there it changes nothing.
    """
    words = [
        word for word in query_words(text) if len(word) >= 2 and word not in DIRECTORY_STOP_WORDS
    ]
    # Only for services: in other indexes (the knowledge base's materials) these words are few
    # and say what is asked for ("nettside for ungdom").
    if index is SERVICE_INDEX and any(not _common(w) and w not in STOP_WORDS for w in words):
        words = [word for word in words if not _common(word)]
    related_words = [word for word in text_words(related) if word not in words]
    if not words:
        expansion = ""  # nothing to expand
        related_words = []
    columns = ("id", *fields)
    if connection.vendor == "postgresql":
        narrowed = (
            _pg_narrowed(
                candidates,
                words=words,
                related_words=related_words,
                expansion=expansion,
                keep=keep,
                index=index,
            )
            if narrow
            else None
        )
        if narrow and narrowed is None:
            return []
        if narrowed is not None:
            candidates = candidates.filter(id__in=narrowed)
        scored = candidates.annotate(
            text_score=_pg_text_score(" ".join(words), index, related=" ".join(related_words))
            if words
            else Value(0.0),
            expansion_score=_pg_expansion_score(expansion, index) if expansion else Value(0.0),
        )
        values = scored.values_list(*columns, "text_score", "expansion_score")
        return [
            (*row[:-2], row[-2] or 0.0, row[-1] or 0.0)
            for row in (values if narrowed is None else _pg_rows_narrowed(values))
        ]
    rows = list(candidates.values_list(*columns))
    if not rows:
        return []
    scope = candidates.order_by().values("id")
    scores = _search_sqlite([*words, *related_words], scope, index) if words else {}
    extra_words = query_words(expansion)
    extra = _search_sqlite(extra_words, scope, index) if extra_words else {}
    return [(*row, scores.get(row[0], 0.0), extra.get(row[0], 0.0)) for row in rows]


# Every stem of the text as a prefix, OR-ed: a young person's three words need not all match, but
# more matches rank higher. An uncorrelated subquery, so PostgreSQL builds it once per statement.
_PG_TSQUERY = (
    "(SELECT to_tsquery('simple', string_agg(quote_literal(lexeme) || ':*', ' | ')) "
    "FROM unnest(to_tsvector('norwegian', %s)))"
)
# Correlated with the candidate row: each candidate's index row is read by primary key, so the
# full-text and similarity tests run on the candidates only, never on the whole country. Only
# fixed fragments and placeholders are formatted in; user text goes in parameters.
_PG_TEXT_SCORE = """(
    SELECT CASE WHEN s.document @@ {query} OR {similar}
                THEN COALESCE(ts_rank(s.document, {query}), 0) + {similarity} ELSE 0 END
    FROM {table} s{lateral}
    WHERE s.{key} = "{owner}"."id")"""
_PG_EXPANSION_SCORE = """(
    SELECT COALESCE(ts_rank(s.document, {query}), 0)
    FROM {table} s WHERE s.{key} = "{owner}"."id")"""


def _pg_text_score(text: str, index: SearchIndex, *, related: str = "") -> RawSQL:
    """Stemmed full text (of the text and the related words) plus pg_trgm word similarity for
    typos and compounds (the text's words of four letters or more), the similarity computed once
    per candidate and word."""
    fuzzy_words = [word for word in text.split() if len(word) >= 4]
    text = f"{text} {related}".strip()
    if fuzzy_words:
        similarity = ", ".join("word_similarity(%s, s.words)" for _ in fuzzy_words)
        sql = _PG_TEXT_SCORE.format(
            query=_PG_TSQUERY,
            similar="sim.value >= %s",
            similarity="sim.value",
            lateral=f", LATERAL (SELECT GREATEST({similarity}) AS value) sim",
            table=index.table,
            key=index.key,
            owner=index.owner,
        )
        # In the order the placeholders appear: the select list, then the lateral join.
        params = [text, FUZZY_THRESHOLD, text, *fuzzy_words]
    else:
        sql = _PG_TEXT_SCORE.format(
            query=_PG_TSQUERY,
            similar="FALSE",
            similarity="0",
            lateral="",
            table=index.table,
            key=index.key,
            owner=index.owner,
        )
        params = [text, text]
    return RawSQL(sql, params, output_field=FloatField())  # noqa: S611 (text in params)


# The services the index finds for the words: by full text (with its rank, the text's and the
# expansion's), by word similarity (with the similarity, which the text score adds), and those
# of `keep` above them; only those in the candidates' scope (one probe by primary key each, so
# the scope's own table is never read whole), the best MAX_CANDIDATES, ties by name as the
# ranking breaks them.
_PG_NARROWED = """
SELECT m.key FROM (
    SELECT key, sum(rank) + max(similarity) AS rank FROM (
        {branches}
    ) found GROUP BY key
) m
CROSS JOIN LATERAL (SELECT c.name FROM ({scope}) c WHERE c.id = m.key LIMIT 1) in_scope
ORDER BY m.rank DESC, in_scope.name, m.key LIMIT %s"""
# The search index is small in pages, so the planner reads it whole and tests word similarity
# on every row (half a second at national scale) rather than ask the trigram index; and the
# similarity operator's threshold is a setting. Both hold for the narrowed statement only: it
# runs in a transaction of its own with them set LOCAL; in a caller's transaction (a savepoint,
# whose release keeps what was set in it) they are reset after it.
_PG_NARROWED_SETTINGS = (
    "SET LOCAL enable_seqscan = off",
    "SET LOCAL pg_trgm.word_similarity_threshold = {threshold}",
)
_PG_NARROWED_RESET = ("RESET enable_seqscan", "RESET pg_trgm.word_similarity_threshold")


def _pg_narrowed(
    candidates: QuerySet[Any],
    *,
    words: list[str],
    related_words: list[str],
    expansion: str,
    keep: Sequence[QuerySet[Any]],
    index: SearchIndex,
) -> RawSQL | None:
    """The ids of the candidates worth scoring (see search_candidates' `narrow`), as a subquery
    answered by the search index's GIN indexes: the same tests as the scores (full text of the
    words and the related words, the expansion's full text, word similarity of the words of four
    letters or more at FUZZY_THRESHOLD), so no candidate that would score above 0 is left out
    below the bound. None when nothing can match."""
    text = " ".join([*words, *related_words])
    fuzzy_words = [word for word in words if len(word) >= 4]
    branches: list[str] = []
    params: list[Any] = []
    table = f"{index.table} s"
    queries = [query for query in (text if words else "", expansion) if query]
    if queries:
        rank = " + ".join(f"ts_rank(s.document, {_PG_TSQUERY})" for _ in queries)
        match = " OR ".join(f"s.document @@ {_PG_TSQUERY}" for _ in queries)
        branches.append(
            f"SELECT s.{index.key} AS key, {rank} AS rank, 0 AS similarity "  # noqa: S608
            f"FROM {table} WHERE {match}"
        )
        params += [*queries, *queries]
    if fuzzy_words:
        # pg_trgm's word similarity operator (at the threshold set with the statement), which
        # the trigram index answers, unlike word_similarity() >= threshold.
        similarity = ", ".join("word_similarity(%s, s.words)" for _ in fuzzy_words)
        similar = " OR ".join("%s <%% s.words" for _ in fuzzy_words)
        branches.append(
            f"SELECT s.{index.key}, 0, GREATEST({similarity}) "  # noqa: S608
            f"FROM {table} WHERE {similar}"
        )
        params += [*fuzzy_words, *fuzzy_words]
    for ids in keep:
        sql, keep_params = ids.order_by().query.sql_with_params()
        branches.append(f"SELECT kept.*, {KEEP_RANK}, 0 FROM ({sql}) kept")  # noqa: S608
        params += keep_params
    if not branches:
        return None
    scope_sql, scope_params = candidates.order_by().values("id", "name").query.sql_with_params()
    sql = _PG_NARROWED.format(branches="\n        UNION ALL ".join(branches), scope=scope_sql)
    return RawSQL(sql, [*params, *scope_params, MAX_CANDIDATES])  # noqa: S611 (text in params)


def _pg_rows_narrowed(scored: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of a narrowed statement, run with its settings (see _PG_NARROWED_SETTINGS)."""
    sql, params = scored.query.sql_with_params()
    threshold = float(FUZZY_THRESHOLD)
    # In a caller's transaction the settings would outlive the savepoint: reset them there.
    nested = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in _PG_NARROWED_SETTINGS:
            cursor.execute(setting.format(threshold=threshold))
        cursor.execute(sql, params)
        rows = list(cursor.fetchall())
        # On an error the rollback (of the transaction or the savepoint) undoes them.
        for reset in _PG_NARROWED_RESET if nested else ():
            cursor.execute(reset)
    return rows


def _pg_expansion_score(expansion: str, index: SearchIndex) -> RawSQL:
    sql = _PG_EXPANSION_SCORE.format(
        query=_PG_TSQUERY, table=index.table, key=index.key, owner=index.owner
    )
    return RawSQL(sql, [expansion], output_field=FloatField())  # noqa: S611 (text in params)


def _trigrams(word: str) -> set[str]:
    return {word[i : i + 3] for i in range(len(word) - 2)}


def _search_sqlite(
    words: list[str], scope: QuerySet[Any, Any], index: SearchIndex
) -> dict[uuid.UUID, float]:
    """FTS5 finds the rows in scope sharing a trigram with the query (the SQLITE_LIMIT best by
    bm25); each row then scores by how much of each query word it contains (a word present whole
    scores 1, a typo a little less), and rows that contain no query word to at least
    MIN_WORD_COVERAGE are dropped."""
    words = [word for word in words if len(word) >= 3 and word not in STOP_WORDS]
    trigrams: list[str] = []
    for word in words:
        trigrams += [gram for gram in sorted(_trigrams(word)) if gram not in trigrams]
    # Words are \w+ only, so quoting each trigram is enough to make a safe FTS5 expression.
    expression = " OR ".join(f'"{gram}"' for gram in trigrams if len(gram) == 3)
    if not expression:
        return {}
    # Django stores UUIDs in SQLite as 32 hex digits, as the index does, so the ids compare.
    scope_sql, scope_params = scope.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            FTS5_QUERY.format(scope=scope_sql, table=index.table, key=index.key),
            [expression, *scope_params, SQLITE_LIMIT],
        )
        rows = cursor.fetchall()
    scores: dict[uuid.UUID, float] = {}
    for key, text in rows:
        present = _trigrams(text)
        coverage = [len(_trigrams(word) & present) / len(_trigrams(word)) for word in words]
        if max(coverage, default=0.0) >= MIN_WORD_COVERAGE:
            # Squared, so one word found whole outweighs several found in pieces.
            scores[uuid.UUID(key)] = sum(value * value for value in coverage)
    return scores
