"""The thesaurus as search reads it: needs for everyday words, the words of danger, compounds
and the words offered when nothing is found."""

import pytest

from directory.reference import reference_data, taxonomies_load
from directory.selectors.thesaurus import (
    DANGER_NEEDS,
    SUGGESTED_WORDS,
    is_danger,
    thesaurus_needs,
    thesaurus_suggestions,
)

DANGER_PHRASES = [
    phrase for phrase, needs in reference_data().thesaurus if DANGER_NEEDS & set(needs)
]


@pytest.fixture
def thesaurus(db):
    taxonomies_load()


def test_the_danger_words_are_the_thesaurus_phrases_of_violence_and_crisis():
    assert len(DANGER_PHRASES) >= 40
    for phrase in ("slått hjemme", "slår meg", "voldtatt", "vil ikke leve", "kutter meg"):
        assert phrase in DANGER_PHRASES


def test_every_word_of_danger_is_understood_as_danger(thesaurus):
    missed = [p for p in DANGER_PHRASES if not is_danger(thesaurus_needs(text=f"hjelp {p}"))]
    assert missed == []


@pytest.mark.parametrize(
    "text", ["deppa", "mobbing", "trenger jobb", "gravid", "tannlege", "kjærlighetssorg"]
)
def test_everyday_words_are_not_danger(thesaurus, text):
    assert thesaurus_needs(text=text)
    assert not is_danger(thesaurus_needs(text=text))


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("kjærlighetssorg", "need:mental-health"),
        ("eksamensstress", "need:mental-health"),
        ("skolemobbing", "need:bullying"),
        ("deltidsjobb", "need:work-activity"),
    ],
)
def test_a_compound_is_understood_by_its_last_part(thesaurus, text, need):
    assert need in [term.code for term in thesaurus_needs(text=text)]


def test_a_short_ending_is_not_taken_for_a_compound(thesaurus):
    # "omsorg" ends in "sorg" but is not grief; "krus" ends in "rus".
    assert thesaurus_needs(text="omsorg") == []
    assert thesaurus_needs(text="krus") == []


def test_words_like_the_ones_given_are_offered_first_then_everyday_words(thesaurus):
    suggestions = thesaurus_suggestions(text="mobbning")
    assert suggestions[0] == "mobbing"
    assert len(suggestions) == 6
    assert thesaurus_suggestions(text="xyzzy") == list(SUGGESTED_WORDS[:6])
