"""Classifying services from their own text (issue 18): the needs, sectors and age bands a
service's name, description, eligibility and application text point to. Needs with the thesaurus
and the taxonomy's need names as the vocabulary; sectors with SECTOR_WORDS (the words municipal
pages use for each part of the services); age bands with the ages the text names ("8–16 år",
"ungdomsskolen") and the service's own age fields.

Done on write (directory.search.search_index_update calls it, so every import, edit and bulk
re-index classifies), never on search. Each need found is stored as a *suggested*
ServiceClassification with the words that triggered it; the owner's confirmations and rejections
are kept when the text is classified again.
"""

from __future__ import annotations

import re
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

# The words that place a service in a sector, by the sector term's code. Short names ("nav",
# "ppt") match only as whole words; longer ones also inflected or as a compound's last part.
# "Other" has none: it is what is left.
SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    "sector:kindergarten": ("barnehage", "barnehager", "kindergarten"),
    "sector:primary_school": ("barneskole", "barneskolen", "skolefritidsordning", "sfo"),
    "sector:lower_secondary": ("ungdomsskole", "ungdomsskolen", "ungdomsskular"),
    "sector:upper_secondary": ("videregående", "vidaregåande", "vgs"),
    "sector:ppt": ("ppt", "pedagogisk psykologisk", "spesialpedagogisk"),
    "sector:health_station": (
        "helsestasjon",
        "helsestasjonen",
        "helsesykepleier",
        "skolehelsetjeneste",
        "skolehelsetjenesten",
        "jordmor",
    ),
    "sector:child_welfare": ("barnevern", "barnevernet", "barnevernstjeneste", "barnevernvakt"),
    "sector:nav": ("nav",),
    "sector:mental_health": ("psykisk helsetjeneste", "rustjeneste", "psykisk helse og rus"),
    "sector:refugee": ("flyktning", "flyktninger", "flyktningtjeneste", "introduksjonsprogram"),
    "sector:follow_up_service": ("oppfølgingstjenesten", "oppfølgingstjeneste"),
    "sector:apprenticeship": (
        "lærling",
        "lærlinger",
        "læreplass",
        "opplæringskontor",
        "fagopplæring",
    ),
    "sector:culture_leisure": ("fritidsklubb", "ungdomsklubb", "kulturskole", "kulturskolen"),
    "sector:police_slt": ("politi", "politiet", "slt"),
    "sector:specialist_bup": ("bup", "psykisk helsevern"),
    "sector:statped": ("statped",),
    "sector:family_counselling": ("familievern", "familievernet", "familievernkontor", "mekling"),
}
# Words that name an age band without a number: the school or stage of life they belong to.
AGE_WORDS: dict[str, tuple[str, ...]] = {
    "age:0-5": ("barnehage", "barnehagebarn", "spedbarn", "småbarn", "nyfødt", "baby"),
    "age:6-12": ("barneskole", "barneskolen", "barneskuleelevar", "skolefritidsordning"),
    "age:13-15": ("ungdomsskole", "ungdomsskolen", "ungdomsskule"),
    "age:16-18": ("videregående", "vidaregåande"),
    "age:19-24": ("unge voksne", "unge vaksne"),
}
_AGE_RANGE = re.compile(r"(\d{1,2})\s*(?:–|-|til|og)\s*(\d{1,2})\s*år")
_AGE_UPTO = re.compile(r"(?:under|opp til|til og med|inntil)\s+(\d{1,2})\s*år")
_AGE_FROM = re.compile(r"(?:over|fra|fylt)\s+(\d{1,2})\s*år")
OLDEST = 24  # the oldest age band ends here


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
    text: str, vocabulary: Iterable[tuple[str, uuid.UUID]], *, short_exact: bool = False
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
        if phrase_word in STOP_WORDS:
            continue
        if len(phrase_word) < MIN_WORD:
            if short_exact and phrase_word in unique:
                found.setdefault(term_id, []).append(phrase_word)
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


def classify_ages(
    text: str,
    minimum_age: int | None,
    maximum_age: int | None,
    bands: Iterable[tuple[uuid.UUID, int, int]],
) -> dict[uuid.UUID, list[str]]:
    """The age bands (term, low, high) that the ages a text names overlap, each with what
    named them: a range ("8–16 år"), a bound ("under 18 år", "fra 16 år"), a school or stage of
    life ("ungdomsskolen") or the service's own age fields."""
    lowered = text.lower()
    ranges: list[tuple[int, int, str]] = []
    if minimum_age is not None or maximum_age is not None:
        low, high = minimum_age or 0, OLDEST if maximum_age is None else maximum_age
        ranges.append((low, high, f"{low}–{high} år"))
    for match in _AGE_RANGE.finditer(lowered):
        low, high = int(match[1]), int(match[2])
        if low <= high:
            ranges.append((low, high, match[0]))
    ranges += [(0, int(match[1]), match[0]) for match in _AGE_UPTO.finditer(lowered)]
    ranges += [(int(match[1]), OLDEST, match[0]) for match in _AGE_FROM.finditer(lowered)]
    found: dict[uuid.UUID, list[str]] = {}
    for term_id, band_low, band_high in bands:
        for low, high, trigger in ranges:
            if low <= band_high and high >= band_low:
                found.setdefault(term_id, []).append(" ".join(trigger.split()))
    return found


def _band(code: str) -> tuple[int, int] | None:
    """(low, high) of an age band's code, "age:13-15" → (13, 15)."""
    low, _dash, high = code.removeprefix("age:").partition("-")
    return (int(low), int(high)) if low.isdigit() and high.isdigit() else None


def _kind_vocabularies() -> tuple[
    list[tuple[str, uuid.UUID]], list[tuple[str, uuid.UUID]], list[tuple[uuid.UUID, int, int]]
]:
    """The sectors' and age bands' words as (phrase, term), and the age bands as (term, low,
    high), for the terms of the reference taxonomies loaded here."""
    codes = dict(
        TaxonomyTerm.objects.filter(code__regex=r"^(sector|age):").values_list("code", "id")
    )
    sectors = [
        (word, codes[code])
        for code, words in SECTOR_WORDS.items()
        if code in codes
        for word in words
    ]
    age_words = [
        (word, codes[code]) for code, words in AGE_WORDS.items() if code in codes for word in words
    ]
    bands = [
        (term_id, *band)
        for code, term_id in codes.items()
        if code.startswith("age:") and (band := _band(code)) is not None
    ]
    return sectors, age_words, bands


def _classify_service(
    service: Service,
    needs: list[tuple[str, uuid.UUID]],
    sectors: list[tuple[str, uuid.UUID]],
    age_words: list[tuple[str, uuid.UUID]],
    bands: list[tuple[uuid.UUID, int, int]],
    *,
    set_kinds: set[str],
) -> dict[uuid.UUID, list[str]]:
    """Needs, sectors and age bands of one service; a kind whose terms are set by hand (an
    HSDS attribute: the sector of a unit, the ages of a demo service) is not suggested."""
    text = service_text(service)
    found = classify_text(text, needs) if needs else {}
    if "sector" not in set_kinds:
        found.update(classify_text(text, sectors, short_exact=True))
    if "age" not in set_kinds:
        ages = classify_ages(text, service.minimum_age, service.maximum_age, bands)
        for term_id, triggers in classify_text(text, age_words).items():
            ages.setdefault(term_id, []).extend(triggers)
        found.update(ages)
    return {term_id: sorted(set(triggers))[:TRIGGERS_KEPT] for term_id, triggers in found.items()}


def services_classify(*, service_ids: Iterable[uuid.UUID]) -> int:
    """Suggest needs, sectors and age bands for these services from their text; returns how
    many suggestions were made. Runs in the caller's transaction. Suggestions the text no longer
    supports are removed; confirmed and rejected ones are the owner's and stay."""
    ids = list(service_ids)
    if not ids:
        return 0
    needs = classification_vocabulary()
    sectors, age_words, bands = _kind_vocabularies()
    if not (needs or sectors or bands):
        return 0
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
    set_kinds: dict[uuid.UUID, set[str]] = {}
    for link_id, term_id, code in Attribute.objects.filter(
        link_entity="service", link_id__in=ids
    ).values_list("link_id", "taxonomy_term_id", "taxonomy_term__code"):
        decided.add((link_id, term_id))
        set_kinds.setdefault(link_id, set()).add(code.partition(":")[0])
    rows = []
    for service in Service.objects.filter(id__in=ids).only(
        "id",
        "name",
        "alternate_name",
        "description",
        "eligibility_description",
        "application_process",
        "minimum_age",
        "maximum_age",
    ):
        found = _classify_service(
            service, needs, sectors, age_words, bands, set_kinds=set_kinds.get(service.id, set())
        )
        for term_id, triggers in found.items():
            if (service.id, term_id) not in decided:
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
