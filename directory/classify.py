"""Classifying services from their own text (issue 18): the needs a service's name, description,
eligibility and application text point to, with the thesaurus and the taxonomy's need names as
the vocabulary.

Done on write (directory.search.search_index_update calls it, so every import, edit and bulk
re-index classifies), never on search. Each need found is stored as a *suggested*
ServiceClassification with the words that triggered it; the owner's confirmations and rejections
are kept when the text is classified again.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from directory.models import (
    Attribute,
    ClassificationStatus,
    Service,
    ServiceClassification,
    TaxonomyTerm,
    ThesaurusEntry,
)
from directory.search import STOP_WORDS, text_words

# An inflection adds at most this much to a word (trist → tristhet, mobbe → mobbet); a compound
# ends in a known word after at least COMPOUND_MODIFIER_MIN letters (nettmobbing → mobbing).
INFLECTION_SLACK = 3
COMPOUND_MODIFIER_MIN = 3
MIN_WORD = 4
TRIGGERS_KEPT = 5
# A phrase the thesaurus gives this many needs or more names a place to go ("helsesykepleier"),
# not a need: a text that sends people there ("ask the school nurse") is not about all of them.
GENERAL_PHRASE_NEEDS = 3


def _word_matches(phrase: str, word: str) -> bool:
    if word == phrase:
        return True
    if len(phrase) < MIN_WORD:
        return False
    if len(phrase) <= MIN_WORD:
        return False  # "fyll" is no form of "fylle", "jobb" none of "jobber"
    if word.startswith(phrase) and len(word) - len(phrase) <= INFLECTION_SLACK:
        return True
    return (
        len(phrase) >= MIN_WORD + 1
        and word.endswith(phrase)
        and len(word) - len(phrase) >= COMPOUND_MODIFIER_MIN
    )


def classify_text(
    text: str, vocabulary: Iterable[tuple[str, uuid.UUID]]
) -> dict[uuid.UUID, list[str]]:
    """The terms this text points to, each with the words of the text that triggered it.

    `vocabulary` is (phrase, term id): thesaurus phrases and need names. A phrase of several
    words matches where the text has them in order; a single word also as an inflected form or
    as the last part of a compound. Stop words never trigger.
    """
    words = text_words(text)
    padded = f" {' '.join(words)} "
    unique = set(words)
    found: dict[uuid.UUID, list[str]] = {}
    for phrase, term_id in vocabulary:
        parts = text_words(phrase)
        if not parts:
            continue
        if len(parts) > 1:
            if f" {' '.join(parts)} " in padded:
                found.setdefault(term_id, []).append(" ".join(parts))
            continue
        phrase_word = parts[0]
        if phrase_word in STOP_WORDS or len(phrase_word) < MIN_WORD:
            continue
        for word in unique:
            if _word_matches(phrase_word, word):
                found.setdefault(term_id, []).append(word)
    return {term_id: sorted(set(triggers))[:TRIGGERS_KEPT] for term_id, triggers in found.items()}


def classification_vocabulary() -> list[tuple[str, uuid.UUID]]:
    """The thesaurus phrases and the needs' own names (bokmål and English), as (phrase, term).

    Read from the database on each write, not from the search's cached reference: a write must
    not load (and keep) that reference before the thesaurus it reads is complete.
    """
    phrases = list(
        ThesaurusEntry.terms.through.objects.values_list(
            "thesaurusentry__phrase", "taxonomyterm_id"
        )
    )
    needs_per_phrase: dict[str, int] = {}
    for phrase, _term_id in phrases:
        needs_per_phrase[phrase] = needs_per_phrase.get(phrase, 0) + 1
    vocabulary = [
        (phrase, term_id)
        for phrase, term_id in phrases
        if needs_per_phrase[phrase] < GENERAL_PHRASE_NEEDS
    ]
    for term_id, name, name_en in TaxonomyTerm.objects.filter(code__startswith="need:").values_list(
        "id", "name", "name_en"
    ):
        vocabulary += [(name, term_id), (name_en, term_id)]
    return [(phrase, term_id) for phrase, term_id in vocabulary if phrase]


def service_text(service: Service) -> str:
    return " ".join(
        [
            service.name,
            service.alternate_name,
            service.description,
            service.eligibility_description,
            service.application_process,
        ]
    )


def services_classify(*, service_ids: Iterable[uuid.UUID]) -> int:
    """Suggest needs for these services from their text; returns how many suggestions exist
    afterwards. Runs in the caller's transaction. Suggestions the text no longer supports are
    removed; confirmed and rejected ones are the owner's and stay."""
    ids = list(service_ids)
    if not ids:
        return 0
    vocabulary = classification_vocabulary()
    if not vocabulary:
        return 0
    known = set(
        TaxonomyTerm.objects.filter(id__in={t for _p, t in vocabulary}).values_list("id", flat=True)
    )
    decided = {
        (service_id, term_id)
        for service_id, term_id in ServiceClassification.objects.filter(service_id__in=ids)
        .exclude(status=ClassificationStatus.SUGGESTED)
        .values_list("service_id", "taxonomy_term_id")
    }
    ServiceClassification.objects.filter(
        service_id__in=ids, status=ClassificationStatus.SUGGESTED
    ).delete()
    # A term set by hand (an HSDS attribute) needs no suggestion, and must not count twice.
    decided |= set(
        Attribute.objects.filter(link_entity="service", link_id__in=ids).values_list(
            "link_id", "taxonomy_term_id"
        )
    )
    rows = []
    for service in Service.objects.filter(id__in=ids).only(
        "id",
        "name",
        "alternate_name",
        "description",
        "eligibility_description",
        "application_process",
    ):
        for term_id, triggers in classify_text(service_text(service), vocabulary).items():
            if term_id in known and (service.id, term_id) not in decided:
                rows.append(
                    ServiceClassification(
                        service_id=service.id,
                        taxonomy_term_id=term_id,
                        triggers=", ".join(triggers)[:500],
                    )
                )
    ServiceClassification.objects.bulk_create(rows)
    return len(rows)


def classification_decide(
    *, classification: ServiceClassification, confirmed: bool
) -> ServiceClassification:
    """The owner confirms or rejects a suggestion (the caller checks the owner's rights)."""
    from directory.search import search_index_update

    classification.status = (
        ClassificationStatus.CONFIRMED if confirmed else ClassificationStatus.REJECTED
    )
    classification.save(update_fields=["status", "updated"])
    search_index_update(service_ids=[classification.service_id], classify=False)
    return classification
