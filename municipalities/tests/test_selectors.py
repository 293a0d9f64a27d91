import pytest

from municipalities.models import MunicipalityParallelName
from municipalities.selectors import place_resolve
from tests.factories import municipality, postal_codes


@pytest.fixture
def places(db):
    postal_codes("4001")  # Porsgrunn, with Brevik among its postal places
    municipality("4003")  # Skien
    municipality("1515")  # Herøy (Møre og Romsdal)
    municipality("1818")  # Herøy (Nordland)
    kautokeino = municipality("5612")
    MunicipalityParallelName.objects.create(
        municipality=kautokeino, name="Guovdageaidnu", language="sme"
    )


@pytest.mark.parametrize(
    "text",
    ["Porsgrunn", "porsgrunn", "  PORSGRUNN ", "Porsgrunn kommune", "3916", "3950", "Brevik"],
)
def test_a_municipality_is_found_by_name_postcode_or_postal_place(places, text):
    place = place_resolve(text=text)
    assert place.problem is None
    assert place.municipality is not None
    assert place.municipality.number == "4001"


def test_a_postcode_names_the_postal_place_it_was_found_by(places):
    place = place_resolve(text="3916")
    assert place.postal_code is not None
    assert place.postal_code.place == "PORSGRUNN"


@pytest.mark.parametrize("text", ["Kautokeino", "Guovdageaidnu", "guovdageaidnu - kautokeino"])
def test_every_language_form_of_a_name_finds_the_municipality(places, text):
    place = place_resolve(text=text)
    assert place.municipality is not None
    assert place.municipality.number == "5612"


def test_a_shared_name_asks_which_one(places):
    place = place_resolve(text="Herøy")
    assert place.problem == "ambiguous"
    assert place.municipality is None
    assert [m.number for m in place.choices] == ["1515", "1818"]
    assert [m.label for m in place.choices] == [
        "Herøy (Møre og Romsdal)",
        "Herøy (Nordland)",
    ]
    # The label of each choice finds that one.
    assert place_resolve(text="Herøy (Nordland)").municipality == place.choices[1]


def test_a_typo_is_not_guessed_but_offered(places):
    place = place_resolve(text="Porsgrun")
    assert place.problem == "unknown"
    assert place.municipality is None
    assert [m.number for m in place.choices] == ["4001"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [("1234", "unknown_postcode"), ("Atlantis", "unknown"), ("", "unknown"), ("39160", "unknown")],
)
def test_what_is_not_a_place_says_why(places, text, problem):
    place = place_resolve(text=text)
    assert (place.municipality, place.problem, place.choices) == (None, problem, ())


def test_a_postcode_outside_any_municipality_says_so(db):
    municipality("5501")
    from municipalities.models import PostalCode

    PostalCode.objects.create(
        code="9170", place="LONGYEARBYEN", municipality=None, municipality_number="2100"
    )
    place = place_resolve(text="9170")
    assert (place.municipality, place.problem) == (None, "not_municipality")


def test_a_place_takes_at_most_three_queries(places, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        place_resolve(text="Brevik")
    with django_assert_max_num_queries(1):
        place_resolve(text="3916")
