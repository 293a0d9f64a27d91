import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Contact, ThesaurusEntry
from directory.tests.factories import service, term
from tests.factories import municipality


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
    assert "municipality" in errors


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
