"""The reference taxonomies and thesaurus: fixed ids, both languages, idempotent loading."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from directory.models import Taxonomy, TaxonomyTerm, ThesaurusEntry
from directory.reference import reference_data, reference_terms, taxonomies_load
from units.models import Sector

BRIEF_NEEDS = {
    "need:mental-health",
    "need:school-absence",
    "need:learning",
    "need:bullying",
    "need:violence-abuse",
    "need:substance-use",
    "need:family-support",
    "need:money-housing",
    "need:language-integration",
    "need:disability",
    "need:physical-health",
    "need:sexual-health",
    "need:leisure",
    "need:work-activity",
    "need:legal-help",
    "need:crisis",
}
AGE_CODES = {"age:0-5", "age:6-12", "age:13-15", "age:16-18", "age:19-24"}
ACCESS_CODES = {"access:self-referral", "access:referral", "access:gp", "access:school"}
TERM_COUNT = len(BRIEF_NEEDS) + len(Sector.values) + len(AGE_CODES) + len(ACCESS_CODES)
THESAURUS = reference_data().thesaurus


def _needs_of(phrase: str) -> set[str]:
    entry = ThesaurusEntry.objects.get(phrase=phrase)
    return set(entry.terms.values_list("code", flat=True))


def test_thesaurus_data_has_120_unique_lower_case_phrases_with_known_needs():
    phrases = [phrase for phrase, _codes in THESAURUS]
    assert len(phrases) >= 120
    assert len(set(phrases)) == len(phrases)
    assert all(phrase == phrase.strip().lower() for phrase in phrases)
    assert all(
        codes and set(codes) <= set(reference_data().need_codes) for _phrase, codes in THESAURUS
    )


def test_every_need_has_everyday_words_pointing_to_it():
    covered = {code for _phrase, codes in THESAURUS for code in codes}
    assert covered == BRIEF_NEEDS


@pytest.mark.django_db
def test_loading_twice_creates_no_duplicates():
    first = taxonomies_load()
    second = taxonomies_load()
    assert (
        first
        == second
        == {
            "taxonomies": 4,
            "terms": TERM_COUNT,
            "thesaurus_entries": len(THESAURUS),
        }
    )
    assert Taxonomy.objects.count() == 4
    assert TaxonomyTerm.objects.count() == TERM_COUNT
    assert ThesaurusEntry.objects.count() == len(THESAURUS)


@pytest.mark.django_db
def test_ids_are_fixed_across_installations():
    taxonomies_load()
    assert str(Taxonomy.objects.get(name="Behov").id) == "dba1c088-6626-4be5-8c0f-60bbb44f5139"
    assert (
        str(TaxonomyTerm.objects.get(code="need:mental-health").id)
        == "b19e6e1d-5f6b-4e6e-808b-4fdfd11d67bc"
    )


@pytest.mark.django_db
def test_every_taxonomy_and_term_is_in_bokmal_and_english():
    taxonomies_load()
    fields = ("name", "description", "name_en", "description_en")
    for taxonomy in Taxonomy.objects.all():
        assert all(getattr(taxonomy, field) for field in fields), taxonomy.name
    for term in TaxonomyTerm.objects.all():
        assert all(getattr(term, field) for field in fields), term.code
        assert term.language == "nb"
        assert term.taxonomy is not None


@pytest.mark.django_db
def test_every_need_age_band_and_access_route_code_exists():
    taxonomies_load()
    codes = set(TaxonomyTerm.objects.values_list("code", flat=True))
    assert codes >= BRIEF_NEEDS | AGE_CODES | ACCESS_CODES


@pytest.mark.django_db
def test_every_sector_has_a_term_named_by_its_english_label():
    taxonomies_load()
    with translation.override("en"):
        for sector in Sector:
            term = TaxonomyTerm.objects.get(code=f"sector:{sector.value}")
            assert term.name_en == str(sector.label)
            assert term.taxonomy.name == "Sektorer"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("phrase", "need"),
    [
        ("deppa", "need:mental-health"),
        ("slått hjemme", "need:violence-abuse"),
        ("einsam", "need:mental-health"),
        ("skulevegring", "need:school-absence"),
        ("anxiety", "need:mental-health"),
        ("mobing", "need:bullying"),
        ("kastet ut", "need:money-housing"),
        ("p-piller", "need:sexual-health"),
        ("trenger jobb", "need:work-activity"),
        ("hjelp nå", "need:crisis"),
    ],
)
def test_thesaurus_maps_everyday_words_to_needs(phrase, need):
    taxonomies_load()
    assert need in _needs_of(phrase)


@pytest.mark.django_db
def test_loading_again_restores_seeded_terms_and_keeps_added_phrases():
    taxonomies_load()
    TaxonomyTerm.objects.filter(code="need:crisis").update(name="Endret")
    added = ThesaurusEntry.objects.create(phrase="helt på felgen")
    added.terms.set([TaxonomyTerm.objects.get(code="need:mental-health")])
    ThesaurusEntry.objects.get(phrase="deppa").terms.clear()

    taxonomies_load()

    assert TaxonomyTerm.objects.get(code="need:crisis").name == "Akutt krise – hjelp nå"
    assert _needs_of("helt på felgen") == {"need:mental-health"}
    assert _needs_of("deppa") == {"need:mental-health"}


@pytest.mark.django_db
def test_command_loads_and_prints_the_counts():
    out = StringIO()
    call_command("load_directory_taxonomies", stdout=out)
    assert f"4 taxonomies, {TERM_COUNT} terms, {len(THESAURUS)} thesaurus entries" in out.getvalue()
    assert TaxonomyTerm.objects.count() == TERM_COUNT


@pytest.mark.django_db
def test_reference_terms_ignores_other_terms_with_the_same_code():
    imported = TaxonomyTerm.objects.create(
        code="need:crisis", name="Importert", description="Fra en annen katalog"
    )
    taxonomies_load()
    terms = reference_terms()
    assert len(terms) == TERM_COUNT
    assert terms["need:crisis"] != imported
    assert terms["need:crisis"].name == "Akutt krise – hjelp nå"
