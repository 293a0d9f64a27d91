"""The thesaurus search reads on every query, kept in each process (see search_reference)."""

from __future__ import annotations

import difflib
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q

from directory.models import TaxonomyTerm, ThesaurusEntry
from directory.search import query_words, word_form

THESAURUS_CACHE_KEY = "directory:thesaurus"
THESAURUS_CACHE_SECONDS = 60

# A search is about danger when the thesaurus understands its words as one of these needs: every
# phrase an administrator adds with them ("slått hjemme", "voldtekt", "vil ikke leve") puts the
# box "In danger right now?" first on the page, and the services for acute help first in the list.
DANGER_NEEDS = frozenset({"need:violence-abuse", "need:crisis"})
# Words to try when a search finds nothing, after any thesaurus phrase like the words given.
SUGGESTED_WORDS = ("lei meg", "mobbing", "vold", "rus", "skolevegring", "trenger jobb", "penger")
SUGGESTIONS_SHOWN = 6
# The thesaurus needs of a search, not its whole words, are compared with a compound's last part:
# "kjærlighetssorg" is a kind of "sorg", "eksamensangst" of "angst". Parts shorter than this
# would match too much ("syk" in "psyk…").
COMPOUND_HEAD_MIN = 4
COMPOUND_MODIFIER_MIN = 3
# A word of a phrase of several words also matches inflected: words of at least this many
# letters that start alike and differ by at most PHRASE_FORM_SLACK letters.
PHRASE_FORM_MIN = 4
PHRASE_FORM_SLACK = 2


@dataclass(frozen=True)
class SearchReference:
    """What every search reads and administrators rarely change: the thesaurus as (normalised
    phrase, term id) and the terms it or a result card can name (the needs), by id."""

    phrases: list[tuple[str, uuid.UUID]]
    terms: dict[uuid.UUID, TaxonomyTerm]


# This process's copy, with the cache token it was loaded under.
_reference_loaded: dict[str, tuple[str, SearchReference]] = {}


def search_reference(*, refresh: bool = False) -> SearchReference:
    """The search reference, kept in this process while the cache holds the same token.

    The cache holds only a token, so a search reads no more than that (unpickling the thesaurus
    on every search cost more than matching it). Deleting THESAURUS_CACHE_KEY, as the admin
    and the reference loader do on a change, makes every process load it again; otherwise it
    lives THESAURUS_CACHE_SECONDS.
    """
    token = cache.get(THESAURUS_CACHE_KEY)
    if token is None:
        # Another process may store its token first; all then share the one stored.
        cache.add(THESAURUS_CACHE_KEY, uuid.uuid4().hex, THESAURUS_CACHE_SECONDS)
        token = cache.get(THESAURUS_CACHE_KEY)
    loaded = _reference_loaded.get(THESAURUS_CACHE_KEY)
    if loaded is not None and loaded[0] == token and not refresh:
        return loaded[1]
    phrases = [
        (" ".join(query_words(phrase)), term_id)
        for phrase, term_id in ThesaurusEntry.terms.through.objects.values_list(
            "thesaurusentry__phrase", "taxonomyterm_id"
        )
    ]
    terms = TaxonomyTerm.objects.filter(
        Q(code__startswith="need:") | Q(id__in={term_id for _phrase, term_id in phrases})
    ).order_by("code")
    reference = SearchReference(phrases=phrases, terms={term.id: term for term in terms})
    _reference_loaded[THESAURUS_CACHE_KEY] = (token, reference)
    return reference


def thesaurus_needs(*, text: str) -> list[TaxonomyTerm]:
    """Needs that everyday words in the text point to ('deppa' → mental health).

    Phrases match as whole words; single words also match with a small typo, or as the last
    part of a compound word. Thesaurus and terms come from search_reference, so this usually runs
    no query.
    """
    written = query_words(text)
    if not written:
        return []
    # The words as written and in bokmål (nynorsk and English words in their place), so
    # "skilja seg" reads as "skille seg".
    forms = [word_form(word) for word in written]
    words = list(dict.fromkeys([*written, *forms]))
    padded = f" {' '.join(written)} | {' '.join(forms)} "
    found: set[uuid.UUID] = set()
    reference = search_reference()
    for phrase, term_id in reference.phrases:
        if (
            f" {phrase} " in padded
            or _inflected_phrase(phrase, written)
            or _inflected_phrase(phrase, forms)
            or (
                " " not in phrase
                and len(phrase) >= 5
                # A typo keeps the first letter and about the length; only those are compared.
                and any(
                    word[0] == phrase[0]
                    and abs(len(word) - len(phrase)) <= 2
                    and difflib.SequenceMatcher(None, phrase, word).ratio() >= 0.85
                    for word in words
                )
            )
            or _compound_head(phrase, words)
        ):
            found.add(term_id)
    return sorted((reference.terms[term_id] for term_id in found), key=lambda term: term.code)


def _inflected(part: str, word: str) -> bool:
    """Whether a word is this word of a phrase, or an inflected form of it (droppe → droppet,
    sover → sove): one starts with the other and they differ by at most PHRASE_FORM_SLACK."""
    if word == part:
        return True
    return (
        min(len(part), len(word)) >= PHRASE_FORM_MIN
        and abs(len(word) - len(part)) <= PHRASE_FORM_SLACK
        and (word.startswith(part) or part.startswith(word))
    )


def _inflected_phrase(phrase: str, words: list[str]) -> bool:
    """Whether the words have a phrase of several words in a row, each maybe inflected
    ("droppet ut" for "droppe ut")."""
    parts = phrase.split()
    if len(parts) < 2:
        return False
    return any(
        all(_inflected(part, word) for part, word in zip(parts, words[start:], strict=False))
        for start in range(len(words) - len(parts) + 1)
    )


def _compound_head(phrase: str, words: list[str]) -> bool:
    """Whether a word is a compound ending in this one-word phrase: Norwegian puts what a
    compound is last (kjærlighetssorg, nettmobbing, sommerjobb)."""
    return (
        " " not in phrase
        and len(phrase) >= COMPOUND_HEAD_MIN
        and any(
            len(word) - len(phrase) >= COMPOUND_MODIFIER_MIN and word.endswith(phrase)
            for word in words
        )
    )


def is_danger(terms: list[TaxonomyTerm]) -> bool:
    """Whether the needs understood in a search mean someone may be in danger."""
    return any(term.code in DANGER_NEEDS for term in terms)


def thesaurus_suggestions(*, text: str) -> list[str]:
    """Words to try instead of these: thesaurus phrases like them ("mobing" → "mobbing"),
    then everyday words that always find something."""
    phrases = sorted({phrase for phrase, _term_id in search_reference().phrases})
    like: list[str] = []
    for query in [" ".join(query_words(text)), *query_words(text)]:
        like += difflib.get_close_matches(query, phrases, n=3, cutoff=0.75)
    words = list(dict.fromkeys([*like, *SUGGESTED_WORDS]))
    return [word for word in words if word != text.strip().lower()][:SUGGESTIONS_SHOWN]
