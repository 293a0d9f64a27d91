"""Everyday words (issue 18, second round): what people write about their situation searches
for the words municipal pages use for it, on PostgreSQL and SQLite alike."""

from __future__ import annotations

import pytest

from core.datafiles import DataFileError
from directory.reference import taxonomies_load
from directory.search import everyday_vocabulary, everyday_words, everyday_words_of
from directory.selectors import SearchFilters, service_search
from directory.tests.factories import service


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("klarer ikke sove", {"søvnvansker"}),  # inflected phrase word: sove
        ("sover dårlig om natta", {"søvn"}),  # inflected single word
        ("pappa er full", {"rus", "forelder"}),
        ("vi krangler hele tiden med tenåringen", {"konflikt"}),
        ("gitartimer", {"kulturskole", "musikk"}),  # compound: a known word and a known part
        ("har ikke råd til fotball", {"inntekt", "kontingent", "idrett"}),
        ("penger til håndballkontingent", {"idrett"}),  # compound: håndball | kontingent
        ("mamma døde", {"sorg", "forelder"}),
        ("skulkar mykje", {"fravær"}),  # nynorsk
        ("eg vil ikkje gå på skulen", {"skolevegring"}),  # nynorsk phrase, inflected
        ("homofill", {"skeiv"}),  # typo
        ("can't sleep", {"søvn"}),  # English
        ("i feel lonely", {"venner"}),  # lonely → ensom is a word form already
        ("brukket armen", {"akutt"}),
    ],
)
def test_everyday_words_find_the_page_words(query, words):
    assert words <= set(everyday_words(query))


@pytest.mark.parametrize(
    "query",
    [
        "skoletransport",  # ends in "sport", but "skoletran" is no part
        "normale",  # ends in "male" (to paint), but is not a compound of it
        "mobbing",  # the thesaurus's, not an everyday word
        "helsesykepleieren",
        "sommerjobb",
        "og i på",  # stop words never match one by one
    ],
)
def test_everyday_words_leave_other_words_alone(query):
    assert everyday_words(query) == []


def test_everyday_words_are_not_repeated_and_are_capped():
    # "søvn" is in the query: it is not added again.
    assert "søvn" not in everyday_words("søvn sove")
    assert len(everyday_words("pappa full gitar fotball sove døde skulker homofil")) <= 10
    # A look-alike is not taken for a word of the list: "babyen skal veies" is no eating trouble.
    assert "spiseforstyrrelse" not in everyday_words("babyen skal veies")
    assert everyday_words_of("jobbe") == everyday_words_of("jobber") == ()


def test_everyday_file_is_checked(tmp_path):
    vocabulary = everyday_vocabulary()
    assert len(vocabulary.words) + len(vocabulary.phrases) > 700
    twice = tmp_path / "twice.toml"
    twice.write_text('"søvn" = ["sove"]\n"hvile" = ["sove"]\n', encoding="utf-8")
    with pytest.raises(DataFileError, match="appears twice"):
        everyday_vocabulary(twice)
    upper = tmp_path / "upper.toml"
    upper.write_text('"søvn" = ["Sove"]\n', encoding="utf-8")
    with pytest.raises(DataFileError, match="lower-case"):
        everyday_vocabulary(upper)
    empty = tmp_path / "empty.toml"
    empty.write_text('"søvn" = []\n', encoding="utf-8")
    with pytest.raises(DataFileError, match="expected"):
        everyday_vocabulary(empty)


@pytest.mark.django_db
def test_search_finds_a_plain_service_by_everyday_words():
    """Services with no needs set by hand, found by words their text does not have – on the
    database of the run (make unit-tests runs SQLite, DATABASE_URL PostgreSQL)."""
    taxonomies_load()
    music = service(
        "Kulturskolen",
        municipality=None,
        description="Undervisning i musikk, dans og teater for barn og unge.",
    )
    carers = service(
        "Barn som pårørende",
        municipality=None,
        description="Samtalegrupper for barn med en forelder som har rusproblemer.",
    )
    sleep = service(
        "Samtaler for unge",
        municipality=None,
        description="Vi hjelper deg med søvnvansker, stress og tristhet.",
    )
    service("Sommerjobb", municipality=None, description="Jobb i parken om sommeren.")

    def first(text: str):
        return service_search(text=text, filters=SearchFilters()).services[:1]

    assert first("gitartimer") == [music]
    assert first("pappa er full hver helg") == [carers]
    assert first("klarer ikke sove") == [sleep]
    # The page words are searched as text, not as typos: nothing like them, nothing found.
    assert service_search(text="skoletransport", filters=SearchFilters()).services == []
