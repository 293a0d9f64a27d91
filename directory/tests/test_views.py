import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Contact, ThesaurusEntry
from directory.tests.factories import service, term
from tests.factories import municipality, postal_codes


@pytest.fixture
def directory(db):
    porsgrunn, skien = municipality("4001"), municipality("4003")
    mental = term("need:mental-health", "Psykisk helse", "Mental health")
    bullying = term("need:bullying", "Mobbing", "Bullying")
    ThesaurusEntry.objects.create(phrase="deppa").terms.add(mental)
    nurse = service(
        "Helsesykepleier på skolen",
        municipality=porsgrunn,
        description="Snakk med helsesykepleieren om alt som er vanskelig.",
        terms=(mental,),
        self_referral=True,
        minimum_age=6,
        maximum_age=20,
        expects_to_receive="Skriftlig henvisning med samtykke.",
        internal_referral_route="Via skolens ressursteam.",
    )
    Contact.objects.create(service=nurse, name="Hanne Helsesøster", title="Helsesykepleier")
    anti_bullying = service(
        "Mobbeombudet",
        municipality=None,
        description="Hjelp når du blir mobbet på skolen.",
        terms=(bullying,),
        self_referral=True,
    )
    skien_service = service(
        "Skien ungdomsteam",
        municipality=skien,
        description="Psykisk helse for unge i Skien.",
        terms=(mental,),
    )
    return {"nurse": nurse, "bullying": anti_bullying, "skien": skien_service}


def test_search_page_works_without_login_and_shows_the_form(client, directory):
    response = client.get("/directory/")
    assert response.status_code == 200
    assert "Hvem kan hjelpe?" in response.content.decode()
    assert response.context["results"] is None


def test_plain_words_find_the_service_through_the_thesaurus(client, directory):
    response = client.get("/directory/", {"q": "jeg er så deppa", "municipality": "4001"})
    services = response.context["results"].services
    assert services[0] == directory["nurse"]
    assert directory["skien"] not in services
    assert "Psykisk helse" in response.content.decode()  # "we understood this as"


def test_municipality_filter_keeps_national_services(client, directory):
    response = client.get("/directory/", {"q": "mobbet", "municipality": "4003"})
    assert directory["bullying"] in response.context["results"].services


def test_age_filter_excludes_services_for_other_ages(client, directory):
    response = client.get(
        "/directory/", {"q": "helsesykepleier", "age": "3", "municipality": "4001"}
    )
    assert directory["nurse"] not in response.context["results"].services


def test_bad_input_gets_a_clear_error_not_a_crash(client, directory):
    response = client.get("/directory/", {"age": "tolv", "municipality": "9999"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "age" in errors
    assert errors.as_data()["place"][0].code == "unknown_municipality"


def test_result_cards_say_how_to_get_in_and_when_open(client, directory):
    body = client.get(
        "/directory/", {"q": "helsesykepleier", "municipality": "4001"}
    ).content.decode()
    assert "Du kan ta kontakt selv." in body
    assert "Mandag–fredag 08.00–15.30" in body
    assert "Storgata 1, 3921 Porsgrunn" in body


def test_service_page_hides_professional_details_from_the_public(client, directory):
    body = client.get(f"/directory/services/{directory['nurse'].id}/").content.decode()
    assert "Helsesykepleier på skolen" in body
    assert "Hanne Helsesøster" not in body
    assert "Skriftlig henvisning" not in body


def test_service_page_shows_professional_details_to_staff(cast, client_for, directory):
    body = (
        client_for(cast.colleague)
        .get(f"/directory/services/{directory['nurse'].id}/")
        .content.decode()
    )
    assert "Hanne Helsesøster" in body
    assert "Skriftlig henvisning med samtykke." in body
    assert "Via skolens ressursteam." in body


def test_unknown_service_is_404(client, directory):
    assert client.get(f"/directory/services/{uuid.uuid4()}/").status_code == 404


def test_overview_needs_log_in_and_groups_by_need(client, cast, client_for, directory):
    assert client.get("/directory/overview/").status_code == 302
    response = client_for(cast.colleague).get("/directory/overview/")
    groups = {need.code: services for need, services in response.context["groups"]}
    assert groups["need:mental-health"] == [directory["nurse"]]
    assert directory["bullying"] in groups["need:bullying"]
    assert directory["skien"] not in groups["need:mental-health"]


def test_search_uses_a_fixed_number_of_queries(client, directory):
    params = {"q": "helse", "municipality": "4001"}
    client.get("/directory/", params)
    with CaptureQueriesContext(connection) as few:
        client.get("/directory/", params)
    for n in range(8):
        service(f"Helsetjeneste {n}", municipality=municipality("4001"), description="helse")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/directory/", params)
    assert len(response.context["results"].services) >= 9
    assert len(many) == len(few)


def test_password_alone_does_not_show_professional_details(cast, directory):
    from django.test import Client

    client = Client()
    client.force_login(cast.colleague)  # password accepted, second factor not yet given
    body = client.get(f"/directory/services/{directory['nurse'].id}/").content.decode()
    assert "Hanne Helsesøster" not in body


@pytest.fixture
def danger_directory(directory):
    """The small directory, with a need for violence, a word for it, a national helpline for
    it, a kindergarten's service and the postcodes of Porsgrunn."""
    porsgrunn = municipality("4001")
    postal_codes("4001")
    violence = term("need:violence-abuse", "Vold og overgrep", "Violence and abuse")
    crisis = term("need:crisis", "Akutt krise", "Crisis")
    ThesaurusEntry.objects.create(phrase="slått hjemme").terms.add(violence, crisis)
    helpline = service(
        "Alarmtelefonen 116 111",
        municipality=None,
        description="Ring hvis du blir slått eller er redd hjemme.",
        terms=(violence, crisis),
        self_referral=True,
    )
    kindergarten = service(
        "Barnehagen – foreldresamarbeid",
        municipality=porsgrunn,
        description="Vi hjelper familien. Si fra hvis noen blir slått hjemme.",
        terms=(violence,),
        self_referral=True,
        minimum_age=1,
        maximum_age=5,
    )
    return {**directory, "helpline": helpline, "kindergarten": kindergarten}


def _positions(body: str, *markers: str) -> list[int]:
    return [body.index(marker) for marker in markers]


def test_the_place_is_asked_up_front_as_a_field_not_a_list_of_municipalities(client, directory):
    body = client.get("/directory/").content.decode()
    assert 'name="place"' in body
    assert "<select" not in body.split('name="place"')[0].rsplit("<form", 1)[-1]
    assert 'name="municipality"' not in body
    assert body.index('name="place"') < body.index("<details")


def test_a_postcode_finds_the_municipality_and_the_session_remembers_it(client, danger_directory):
    response = client.get("/directory/", {"q": "deppa", "place": "3916"})
    assert response.status_code == 200
    assert response.context["municipality"].number == "4001"
    assert danger_directory["nurse"] in response.context["results"].services
    assert client.session["directory:municipality"] == "4001"
    # The next search says nothing of a place: the one remembered is used and shown.
    again = client.get("/directory/", {"q": "deppa"})
    assert again.context["municipality"].number == "4001"
    assert again.context["form"]["place"].value() == "Porsgrunn"
    assert danger_directory["nurse"] in again.context["results"].services
    # An empty place forgets it: national services only.
    cleared = client.get("/directory/", {"q": "deppa", "place": ""})
    assert cleared.context["municipality"] is None
    assert "directory:municipality" not in client.session
    assert danger_directory["nurse"] not in cleared.context["results"].services


def test_a_municipality_name_in_any_case_finds_it_and_says_how_many_are_local(
    client, danger_directory
):
    response = client.get("/directory/", {"q": "deppa", "place": "porsgrunn kommune"})
    results = response.context["results"]
    assert response.context["municipality"].number == "4001"
    assert results.local == 1
    assert results.total == 1


def test_an_unknown_place_is_said_at_its_field_and_national_help_still_shows(
    client, danger_directory
):
    client.get("/directory/", {"place": "Porsgrunn"})
    response = client.get("/directory/", {"q": "jeg blir slått hjemme", "place": "Porsgrun"})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors.as_data()["place"][0].code == "unknown"
    # What was typed is kept, a likely municipality is offered as a link, and the search ran.
    assert form["place"].value() == "Porsgrun"
    assert [m.number for m in form.place_found.choices] == ["4001"]
    assert "municipality=4001" in response.content.decode()
    assert response.context["results"].services[0] == danger_directory["helpline"]
    assert client.session["directory:municipality"] == "4001"  # not forgotten


@pytest.mark.parametrize(
    ("place", "code"),
    [("1234", "unknown_postcode"), ("Atlantis", "unknown"), ("ab\x00c", "nul")],
)
def test_a_place_that_cannot_be_found_gets_its_own_error(client, danger_directory, place, code):
    response = client.get("/directory/", {"q": "deppa", "place": place})
    assert response.status_code == 400
    assert response.context["form"].errors.as_data()["place"][0].code == code


def test_danger_words_put_the_emergency_box_first_and_the_helpline_before_a_kindergarten(
    client, danger_directory
):
    response = client.get("/directory/", {"q": "jeg blir slått hjemme", "place": "3916"})
    results = response.context["results"]
    assert results.danger is True
    body = response.content.decode()
    box, form, heading = _positions(body, 'id="urgent-heading"', 'role="search"', "results-heading")
    assert box < form < heading
    assert 'href="tel:116111"' in body
    # Whoever writes "jeg" is not a kindergarten child: the kindergarten's service, which the
    # words match well, falls out of the results.
    assert results.services[0] == danger_directory["helpline"]
    assert danger_directory["kindergarten"] not in results.services
    parent = client.get("/directory/", {"q": "barnet blir slått hjemme", "place": "3916"})
    assert danger_directory["kindergarten"] in parent.context["results"].services


def test_everyday_words_keep_the_box_but_after_the_results(client, danger_directory):
    body = client.get("/directory/", {"q": "deppa", "place": "3916"}).content.decode()
    heading, box = _positions(body, "results-heading", 'id="urgent-heading"')
    assert heading < box


def test_the_empty_page_shows_the_box_and_how_many_local_services_there_are(
    client, danger_directory
):
    body = client.get("/directory/").content.decode()
    assert body.index('id="urgent-heading"') < body.index('role="search"')
    response = client.get("/directory/", {"place": "3916"})
    assert response.context["local_services"] == 2  # the nurse and the kindergarten


def test_nothing_found_offers_helplines_for_young_people_and_words_to_try(client, danger_directory):
    response = client.get("/directory/", {"q": "xyzzy", "place": "Porsgrunn"})
    results = response.context["results"]
    assert results.total == 0
    # National, for young people, with a phone: acute help first.
    assert [card.service for card in results.helplines] == [
        danger_directory["helpline"],
        danger_directory["bullying"],
    ]
    assert "mobbing" in results.suggestions
    assert "?q=mobbing&amp;municipality=4001" in response.content.decode()


def test_a_page_that_finds_nothing_takes_a_fixed_number_of_queries(client, danger_directory):
    params = {"q": "xyzzy", "place": "Porsgrunn"}
    client.get("/directory/", params)
    with CaptureQueriesContext(connection) as few:
        client.get("/directory/", params)
    for n in range(6):
        service(f"Hjelpetelefon {n}", municipality=None, description="ring", self_referral=True)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/directory/", params)
    assert len(response.context["results"].helplines) == 5
    assert len(many) == len(few)


def test_staff_get_their_own_municipality_until_they_choose_another(
    cast, client_for, danger_directory
):
    client = client_for(cast.colleague)
    assert client.get("/directory/", {"q": "deppa"}).context["municipality"].number == "4001"
    chosen = client.get("/directory/", {"q": "deppa", "place": "Skien"})
    assert chosen.context["municipality"].number == "4003"
    assert client.get("/directory/", {"q": "deppa"}).context["municipality"].number == "4003"


# The search page for a staff member who has not chosen a place: session, user, second factor;
# their memberships (their own municipality, shared with the header's count); the languages
# and the terms (needs and types of service, one query) of the form; the ranking and the page's
# cards (two; SQLite adds its full-text query); the header's count (two). Before: the
# municipality read twice (the user's, then the form's by its number) and the terms by two
# server-side cursors while rendering.
STAFF_SEARCH_QUERIES = 11


def test_the_staff_search_page_reads_its_place_terms_and_memberships_once(
    cast, client_for, directory
):
    client = client_for(cast.colleague)
    client.get("/directory/", {"q": "helse"})
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/directory/", {"q": "helse"})
    assert response.context["municipality"].number == "4001"
    assert response.context["results"].total >= 1
    # Without the database scope's own statements and look-up (PostgreSQL only); SQLite asks
    # its full-text table apart (one query for these words).
    queries = [q["sql"] for q in captured.captured_queries if "set_config(" not in q["sql"]]
    from tenancy import scope

    lookup = 1 if scope.applies(connection) else 0
    full_text = 0 if connection.vendor == "postgresql" else 1
    assert len(queries) == STAFF_SEARCH_QUERIES + lookup + full_text, "\n".join(queries)
    assert sum('FROM "municipalities_municipality"' in sql for sql in queries) == 0
    assert sum(sql.startswith('SELECT "people_membership"."') for sql in queries) == 1
    assert sum('FROM "directory_taxonomyterm"' in sql for sql in queries) == 1
    assert not any(sql.startswith("DECLARE") for sql in queries)
    body = response.content.decode()
    assert 'value="need:mental-health"' in body
