"""Sectors and age bands classified from a service's own text, Norwegian word forms both ways,
local before national, and the HSDS search in the page's order (issue 18)."""

from __future__ import annotations

import uuid

import pytest

from directory.classify import classify_ages, services_classify
from directory.models import ClassificationStatus, ServiceClassification, TaxonomyTerm
from directory.reference import taxonomies_load
from directory.search import compound_parts_text, compound_split, query_variants
from directory.selectors import SearchFilters, service_search
from directory.selectors.ranking import service_ranking
from directory.selectors.thesaurus import thesaurus_needs
from directory.services import classifications_decide
from directory.tests.factories import service
from tests.factories import municipality

SMALL, CHILD, TEEN, YOUTH, ADULT = (uuid.uuid4() for _ in range(5))
BANDS = [(SMALL, 0, 5), (CHILD, 6, 12), (TEEN, 13, 15), (YOUTH, 16, 18), (ADULT, 19, 24)]


def _codes(entry) -> dict[str, str]:
    return dict(
        ServiceClassification.objects.filter(service=entry).values_list(
            "taxonomy_term__code", "triggers"
        )
    )


@pytest.mark.parametrize(
    ("text", "minimum", "maximum", "bands"),
    [
        ("For barn 8–16 år der foreldrene har skilt seg.", None, None, {CHILD, TEEN, YOUTH}),
        ("Tilbud til ungdom fra 16 år.", None, None, {YOUTH, ADULT}),
        ("Gratis for alle under 6 år.", None, None, {SMALL, CHILD}),
        ("Samtaler for alle som trenger det.", 13, 15, {TEEN}),
        # Numbers that are no ages, and a range not in order, name nothing.
        ("Ring 116 123, døgnet rundt. Kurs 20-10.", None, None, set()),
    ],
)
def test_age_bands_from_ranges_bounds_and_the_age_fields(text, minimum, maximum, bands):
    assert set(classify_ages(text, minimum, maximum, BANDS)) == bands


@pytest.mark.django_db
def test_sectors_and_ages_are_suggested_from_the_text_with_their_words():
    taxonomies_load()
    nurse = service(
        "Helsesykepleier på ungdomsskolen",
        municipality=municipality("4001"),
        description="Helsesykepleier er på skolen hver dag. Du kan også gå til NAV.",
    )
    found = _codes(nurse)
    assert "helsesykepleier" in found["sector:health_station"]
    assert found["sector:nav"] == "nav"  # a short name, matched whole
    assert found["sector:lower_secondary"] == "ungdomsskolen"
    assert found["age:13-15"] == "ungdomsskolen"
    # Not suggested: no word of theirs is in the text ("navn" is no NAV, "skolen" no school).
    plain = service(
        "Navnet ditt", municipality=municipality("4001"), description="Skriv navnet på skolen."
    )
    assert not any(code.startswith(("sector:", "age:")) for code in _codes(plain))


@pytest.mark.django_db
def test_a_sector_or_age_set_by_hand_is_not_suggested_again():
    taxonomies_load()
    nav = TaxonomyTerm.objects.get(code="sector:nav")
    teen = TaxonomyTerm.objects.get(code="age:13-15")
    entry = service(
        "Ungdomsveileder",
        municipality=municipality("4001"),
        description="NAV-veileder for elever i videregående skole, 16–19 år.",
        terms=(nav, teen),
    )
    assert not any(code.startswith(("sector:", "age:")) for code in _codes(entry))


@pytest.mark.django_db
def test_the_owner_confirms_a_sector_and_the_sector_filter_then_finds_it(client_for, cast):
    taxonomies_load()
    place = municipality("4001")
    entry = service(
        "Barnevernvakt", municipality=place, description="Barnevernet svarer hele døgnet."
    )
    entry.owner = cast.owner
    entry.save(update_fields=["owner"])
    child_welfare = TaxonomyTerm.objects.get(code="sector:child_welfare")
    assert (
        service_search(
            text="", filters=SearchFilters(municipality=place, sector=child_welfare)
        ).services
        == []
    )
    suggestion = ServiceClassification.objects.get(service=entry, taxonomy_term=child_welfare)
    page = client_for(cast.owner).get(f"/directory/services/{entry.id}/needs/").content.decode()
    assert "Barnevernstjenesten" in page  # the sector, with the words that suggested it
    assert "barnevernet" in page
    classifications_decide(actor=cast.owner, service=entry, decisions={suggestion.id: True})
    found = service_search(text="", filters=SearchFilters(municipality=place, sector=child_welfare))
    assert found.services == [entry]
    # Classified again (an edit), the owner's decision stays.
    services_classify(service_ids=[entry.id])
    suggestion.refresh_from_db()
    assert suggestion.status == ClassificationStatus.CONFIRMED


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("skolehelsetjenesten", ["skole", "helse", "tjeneste"]),
        ("tannverk", ["tann", "verk"]),
        ("sorggruppe", ["sorg", "gruppe"]),
        ("samlivsbrudd", ["samliv", "brudd"]),
        ("søvnproblemer", ["søvn", "problem"]),
        ("helsesykepleier", ["helse", "sykepleier"]),
        ("gitartimer", []),  # "gitar" is no known part: left whole
        ("selvmord", []),
    ],
)
def test_compounds_split_into_their_known_parts(word, parts):
    assert compound_split(word) == parts


def test_a_text_is_indexed_with_the_parts_of_its_compounds_and_queries_both_ways():
    assert set(compound_parts_text("Den offentlige tannhelsetjenesten").split()) == {
        "tann",
        "helse",
        "tjeneste",
    }
    assert {"tann", "verk"} <= set(query_variants("tannverk").split())
    assert "skolefravær" in query_variants("fravær fra skolen").split()


@pytest.mark.django_db
def test_thesaurus_phrases_match_inflected_and_in_nynorsk():
    taxonomies_load()  # with the thesaurus
    codes = {term.code for term in thesaurus_needs(text="droppet ut av skolen")}
    assert "need:school-absence" in codes  # "droppe ut", inflected
    codes = {term.code for term in thesaurus_needs(text="foreldra mine skal skilja seg")}
    assert "need:family-support" in codes  # "skille seg", from nynorsk
    assert thesaurus_needs(text="ut av skolen") == []


@pytest.mark.django_db
def test_a_local_service_whose_text_answers_comes_before_national_ones_but_helplines_stay():
    taxonomies_load()
    place = municipality("4001")
    crisis = TaxonomyTerm.objects.get(code="need:crisis")
    violence = TaxonomyTerm.objects.get(code="need:violence-abuse")
    helpline = service(
        "Hjelpelinjen",
        municipality=None,
        description="Snakk med noen om vold, døgnet rundt.",
        terms=(crisis, violence),
        self_referral=True,
    )
    national_talk = service(
        "Nasjonal samtaletjeneste", municipality=None, description="Samtaler om sorg og savn."
    )
    local_grief = service(
        "Sorggruppe for barn og unge",
        municipality=place,
        description="Samtalegruppe for barn som har mistet noen. Vi snakker om sorg og savn.",
    )
    local_shelter = service(
        "Krisesenter", municipality=place, description="Trygt sted for deg som er utsatt for vold."
    )
    filters = SearchFilters(municipality=place)
    assert service_search(text="sorg", filters=filters).services[0] == local_grief
    assert national_talk in service_search(text="sorg", filters=filters).services
    found = service_search(text="vold hjemme", filters=filters)
    assert found.danger  # the emergency box is the page's, apart from the ranking
    assert helpline in found.services
    assert local_shelter in found.services


@pytest.mark.django_db
def test_the_hsds_search_orders_as_the_page_and_fetches_only_its_page(client):
    taxonomies_load()
    entries = [
        service(
            f"Samtaler {index}",
            municipality=None,
            description="Samtaler om angst og uro." + " angst" * (index % 3),
        )
        for index in range(7)
    ]
    entries.append(service("Sommerjobb", municipality=None, description="Jobb i parken."))
    page = service_search(text="angst", filters=SearchFilters(), per_page=50)
    ranked = service_ranking(text="angst", scope=entries[0].__class__.objects.all())
    assert [entry.id for entry in page.services] == ranked
    names = [entry.name for entry in page.services]
    answered = []
    for number in (1, 2, 3):
        response = client.get(
            "/api/hsds/services", {"search": "angst", "per_page": 3, "page": number}
        )
        body = response.json()
        assert body["total_items"] == len(names)
        answered += [item["name"] for item in body["contents"]]
    assert answered == names
    full = client.get("/api/hsds/services", {"search": "angst", "per_page": 2, "full": "true"})
    assert [item["name"] for item in full.json()["contents"]] == names[:2]
