"""The public HSDS 3.0 API: shapes against the official schemas, paging, filters, problems,
headers, anonymous access and query counts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Organization, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from directory.tests.hsds_sample import SampleDirectory, location, sample_directory, service, tag
from directory.tests.hsds_schema import openapi_response, validate

API = "/api/hsds"
PAGE_FIELDS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


@pytest.fixture
def sample(db) -> SampleDirectory:
    return sample_directory()


def get(client, path: str, **params):
    response = client.get(API + path, params)
    assert response.status_code == 200, response.content
    return response.json()


def names(page: dict) -> list[str]:
    return [item["name"] for item in page["contents"]]


# --- shapes -----------------------------------------------------------------------------------


def test_root_names_the_version_and_the_openapi_document(client, db):
    data = get(client, "/")
    validate(data, openapi_response("/"))
    assert data["version"] == "3.0"
    assert data["openapi_url"].endswith("/schema/openapi.json")
    assert data["profile"] == "http://testserver/api/hsds/profile/"


def test_service_is_a_fully_nested_compiled_service(client, sample):
    data = get(client, f"/services/{sample.health_station.id}")
    validate(data, "compiled/service.json")
    validate(data, openapi_response("/services/{id}"))
    assert data["id"] == str(sample.health_station.id)
    assert data["metadata"] == []
    assert datetime.fromisoformat(data["last_modified"]).tzinfo is not None
    assert data["minimum_age"] == 0  # zero is a value, not an empty one
    assert data["cost_options"][0]["amount"] == 0.0
    assert data["service_areas"][0]["name"] == "Porsgrunn"
    organization = data["organization"]
    assert "services" not in organization
    assert organization["organization_identifiers"][0]["identifier_scheme"] == "NO-BRC"
    sal = data["service_at_locations"][0]
    assert sal["location"]["latitude"] == pytest.approx(59.1406)
    assert sal["location"]["addresses"][0]["postal_code"] == "3915"
    assert sal["location"]["attributes"][0]["taxonomy_term"]["name"] == "Psykisk helse"
    assert sal["contacts"][0]["phones"][0]["number"] == "+47 900 00 001"
    terms = {attribute["taxonomy_term"]["name"]: attribute for attribute in data["attributes"]}
    assert set(terms) == {"Psykisk helse", "Rus"}
    assert terms["Psykisk helse"]["taxonomy_term"]["taxonomy_detail"]["name"] == "Behov"
    assert terms["Rus"]["taxonomy_term"]["taxonomy"] == "BUP-behov"
    assert "taxonomy_detail" not in terms["Rus"]["taxonomy_term"]


def test_service_leaves_out_what_is_only_for_professionals(client, sample):
    response = client.get(f"{API}/services/{sample.health_station.id}")
    assert b"INTERNAL" not in response.content
    assert "expects_to_receive" not in response.json()


def test_organization_lists_its_services_briefly_unless_asked_for_in_full(client, sample):
    path = f"/organizations/{sample.municipality_org.id}"
    brief = get(client, path)
    validate(brief, "compiled/organization.json")
    validate(brief, openapi_response("/organizations/{id}"))
    assert brief["organization_identifiers"][0]["identifier"] == "912345688"
    assert brief["locations"][0]["addresses"]
    assert len(brief["services"]) == 3
    assert all("phones" not in item for item in brief["services"])

    full = get(client, path, full_service="true")
    validate(full, "compiled/organization.json")
    assert all(item["phones"] and item["service_at_locations"] for item in full["services"])
    assert all("organization" not in item for item in full["services"])


def test_service_at_location_nests_its_location_and_service(client, sample):
    sal = sample.ppt.service_at_locations.get()
    data = get(client, f"/service_at_locations/{sal.id}")
    validate(data, "compiled/service_at_location.json")
    assert data["location"]["name"] == "Rådhuset"
    assert data["service"]["name"] == "Pedagogisk-psykologisk tjeneste"
    assert data["service"]["organization"]["name"] == "Porsgrunn kommune"
    assert "service_at_locations" not in data["service"]


def test_taxonomy_and_term_follow_their_schemas(client, sample):
    taxonomy = get(client, f"/taxonomies/{sample.needs.id}")
    validate(taxonomy, "taxonomy.json")
    validate(taxonomy, openapi_response("/taxonomies/{id}"))
    term = get(client, f"/taxonomy_terms/{sample.anxiety.id}")
    validate(term, "taxonomy_term.json")
    validate(term, openapi_response("/taxonomy_terms/{id}"))
    assert term["parent_id"] == str(sample.mental_health.id)
    assert term["taxonomy"] == "Behov"
    assert term["taxonomy_detail"]["id"] == str(sample.needs.id)


@pytest.mark.parametrize(
    ("path", "item_schema", "openapi_path"),
    [
        ("/services", "compiled/service_list.json", "/services"),
        ("/services?full=true", "compiled/service.json", None),
        ("/organizations", "compiled/organization_list.json", "/organizations"),
        ("/organizations?full=true", "compiled/organization.json", None),
        (
            "/service_at_locations",
            "compiled/service_at_location_list.json",
            "/service_at_locations",
        ),
        ("/service_at_locations?full=true", "compiled/service_at_location.json", None),
        ("/taxonomies", "taxonomy.json", "/taxonomies"),
        ("/taxonomy_terms", "taxonomy_term.json", "/taxonomy_terms"),
    ],
)
def test_list_pages_follow_the_page_schema_and_their_item_schema(
    client, sample, path, item_schema, openapi_path
):
    page = client.get(API + path).json()
    assert set(page) == PAGE_FIELDS
    assert page["size"] == len(page["contents"]) > 0
    for item in page["contents"]:
        validate(item, item_schema)
    if openapi_path:
        validate(page, openapi_response(openapi_path))


def test_list_counts_everything(client, sample):
    assert get(client, "/services")["total_items"] == Service.objects.count() == 4
    assert get(client, "/organizations")["total_items"] == Organization.objects.count() == 2
    total = ServiceAtLocation.objects.count()
    assert get(client, "/service_at_locations")["total_items"] == total == 4
    assert get(client, "/taxonomies")["total_items"] == Taxonomy.objects.count() == 1
    assert get(client, "/taxonomy_terms")["total_items"] == TaxonomyTerm.objects.count() == 4


# --- pages ------------------------------------------------------------------------------------


def test_pages_split_the_list_without_gaps_or_overlaps(client, sample):
    first = get(client, "/services", per_page=2)
    second = get(client, "/services", per_page=2, page=2)
    assert {key: first[key] for key in PAGE_FIELDS - {"contents"}} == {
        "total_items": 4,
        "total_pages": 2,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    assert (second["page_number"], second["size"]) == (2, 2)
    assert (second["first_page"], second["last_page"]) == (False, True)
    all_names = sorted(service.name for service in sample.services)
    assert names(first) + names(second) == all_names


def test_a_page_past_the_end_is_empty(client, sample):
    page = get(client, "/services", per_page=2, page=3)
    assert page["contents"] == []
    assert (page["size"], page["empty"], page["last_page"], page["total_items"]) == (
        0,
        True,
        True,
        4,
    )


def test_an_empty_list_is_one_empty_first_page(client, db):
    page = get(client, "/services")
    assert (page["total_items"], page["total_pages"], page["empty"]) == (0, 0, True)
    assert (page["first_page"], page["last_page"]) == (True, True)


# --- filters ----------------------------------------------------------------------------------


def test_search_finds_services_by_name_or_description(client, sample):
    # A compound is also read as its parts ("helse"), so the service named first, not alone.
    assert names(get(client, "/services", search="SKOLEHELSE"))[0] == "Skolehelsetjenesten"
    # Ranked by the directory's engine (issue 14): the best matches, not every substring match.
    found = names(get(client, "/services", search="barn og unge"))
    assert found
    assert set(found) <= {service.name for service in sample.services}
    assert names(get(client, "/organizations", search="frivillig")) == ["Kors på halsen Telemark"]
    sals = get(client, "/service_at_locations", search="samtaletelefon")["contents"]
    assert [sal["service"]["name"] for sal in sals] == ["Samtaletelefonen"]
    assert names(get(client, "/taxonomy_terms", search="rusmidler")) == ["Rus"]
    assert names(get(client, "/taxonomies", search="trenger hjelp")) == ["Behov"]


def test_taxonomy_term_filter_keeps_services_with_the_term(client, sample):
    page = get(client, "/services", taxonomy_term_id=str(sample.bullying.id))
    assert names(page) == ["Pedagogisk-psykologisk tjeneste", "Samtaletelefonen"]


def test_taxonomy_filter_keeps_services_with_any_term_of_the_taxonomy(client, sample):
    ages = Taxonomy.objects.create(name="Alder", description="Aldersgrupper.")
    youth = TaxonomyTerm.objects.create(name="Ungdom", description="13–19 år.", taxonomy=ages)
    tag(sample.school_health, youth)
    assert names(get(client, "/services", taxonomy_id=str(ages.id))) == ["Skolehelsetjenesten"]
    terms = get(client, "/taxonomy_terms", taxonomy_id=str(ages.id))
    assert names(terms) == ["Ungdom"]


def test_organization_filter_keeps_that_organisations_services(client, sample):
    page = get(client, "/services", organization_id=str(sample.charity.id))
    assert names(page) == ["Samtaletelefonen"]
    sals = get(client, "/service_at_locations", organization_id=str(sample.charity.id))
    assert [sal["service_id"] for sal in sals["contents"]] == [str(sample.helpline.id)]


def test_filters_combine(client, sample):
    page = get(
        client,
        "/services",
        taxonomy_term_id=str(sample.bullying.id),
        organization_id=str(sample.municipality_org.id),
    )
    assert names(page) == ["Pedagogisk-psykologisk tjeneste"]


def test_modified_after_keeps_what_changed_on_or_after_the_moment(client, sample):
    old, new = datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 6, 1, 12, tzinfo=UTC)
    Service.objects.update(last_modified=old)
    Service.objects.filter(pk=sample.ppt.pk).update(last_modified=new)
    Organization.objects.update(last_modified=old)
    ServiceAtLocation.objects.update(last_modified=old)
    ServiceAtLocation.objects.filter(service=sample.helpline).update(last_modified=new)

    after = get(client, "/services", modified_after="2025-01-01T00:00:00Z")
    assert names(after) == ["Pedagogisk-psykologisk tjeneste"]
    assert names(get(client, "/services", modified_after=new.isoformat())) == [sample.ppt.name]
    # Without an offset the moment is Norwegian time, 14:00 being 12:00 UTC in summer.
    assert names(get(client, "/services", modified_after="2025-06-01T14:00:00")) == [
        sample.ppt.name
    ]
    assert get(client, "/services", modified_after="2025-06-01T14:00:01")["total_items"] == 0
    assert get(client, "/organizations", modified_after="2025-01-01")["total_items"] == 0
    sals = get(client, "/service_at_locations", modified_after="2025-01-01T00:00:00Z")
    assert [sal["service_id"] for sal in sals["contents"]] == [str(sample.helpline.id)]


def test_organisations_have_the_terms_of_their_services_and_their_own(client, sample):
    by_service = get(client, "/organizations", taxonomy_term_id=str(sample.substance_use.id))
    assert names(by_service) == ["Porsgrunn kommune"]
    volunteering = TaxonomyTerm.objects.create(
        name="Frivillig", description="Drevet av frivillige."
    )
    tag(sample.charity, volunteering)
    own = get(client, "/organizations", taxonomy_term_id=str(volunteering.id))
    assert names(own) == ["Kors på halsen Telemark"]


def test_services_at_locations_have_the_terms_of_their_service_and_their_own(client, sample):
    by_service = get(client, "/service_at_locations", taxonomy_term_id=str(sample.substance_use.id))
    assert [sal["service_id"] for sal in by_service["contents"]] == [str(sample.health_station.id)]
    evening = TaxonomyTerm.objects.create(name="Kveldsåpent", description="Åpent etter 17.")
    sal = sample.school_health.service_at_locations.get()
    tag(sal, evening)
    own = get(client, "/service_at_locations", taxonomy_term_id=str(evening.id))
    assert [item["id"] for item in own["contents"]] == [str(sal.id)]


def test_taxonomy_terms_filter_by_parent_and_top_level(client, sample):
    children = get(client, "/taxonomy_terms", parent_id=str(sample.mental_health.id))
    assert names(children) == ["Angst"]
    top = get(client, "/taxonomy_terms", top_only="true")
    assert sorted(names(top)) == ["Mobbing", "Psykisk helse", "Rus"]


# --- problems ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "query", "parameter"),
    [
        ("/services", "page=0", "page"),
        ("/services", "page=abc", "page"),
        ("/services", "page=-1", "page"),
        ("/services", "page=1.5", "page"),
        ("/services", "page=" + "9" * 5000, "page"),
        ("/services", "per_page=100000", "per_page"),
        ("/services", "per_page=0", "per_page"),
        ("/services", "taxonomy_term_id=mobbing", "taxonomy_term_id"),
        ("/services", "taxonomy_id=1234", "taxonomy_id"),
        ("/services", "organization_id=porsgrunn", "organization_id"),
        ("/services", "modified_after=yesterday", "modified_after"),
        ("/services", "modified_after=2025-13-01T00:00:00Z", "modified_after"),
        ("/services", "full=yes", "full"),
        ("/services", "minimal=true", "minimal"),
        ("/services", "format=ndjson", "format"),
        ("/organizations", "full_service=maybe", "full_service"),
        ("/organizations", "per_page=501", "per_page"),
        ("/service_at_locations", "postcode=3915", "postcode"),
        ("/service_at_locations", "organization_id=x", "organization_id"),
        ("/taxonomies", "page=abc", "page"),
        ("/taxonomy_terms", "parent_id=angst", "parent_id"),
        ("/taxonomy_terms", "top_only=ja", "top_only"),
    ],
)
def test_bad_parameters_answer_400_problem_details(client, db, path, query, parameter):
    response = client.get(f"{API}{path}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "about:blank"
    assert problem["title"] == "Bad Request"
    assert problem["status"] == 400
    assert parameter in problem["detail"]
    assert problem["parameter"] == parameter


DETAIL_PATHS = [
    "/services/{}",
    "/organizations/{}",
    "/service_at_locations/{}",
    "/taxonomies/{}",
    "/taxonomy_terms/{}",
]


@pytest.mark.parametrize("path", DETAIL_PATHS)
def test_unknown_ids_answer_404_problem_details(client, sample, path):
    unknown = uuid.uuid4()
    response = client.get(API + path.format(unknown))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert (problem["title"], problem["status"]) == ("Not Found", 404)
    assert str(unknown) in problem["detail"]


def test_a_malformed_id_in_the_path_is_not_found(client, db):
    assert client.get(f"{API}/services/not-a-uuid").status_code == 404


# --- headers and access -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/", 200),
        ("get", "/services", 200),
        ("get", "/services?page=0", 400),
        ("get", f"/services/{uuid.UUID(int=1)}", 404),
        ("post", "/services", 405),
    ],
)
def test_every_answer_may_be_cached_and_read_by_any_site(client, db, method, path, status):
    response = getattr(client, method)(API + path)
    assert response.status_code == status
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"public", "max-age=300"}
    assert response["Access-Control-Allow-Origin"] == "*"


def test_anonymous_visitors_may_read_every_endpoint(client, sample):
    sal = sample.ppt.service_at_locations.get()
    paths = [
        "/",
        "/services",
        f"/services/{sample.ppt.id}",
        "/organizations",
        f"/organizations/{sample.charity.id}",
        "/service_at_locations",
        f"/service_at_locations/{sal.id}",
        "/taxonomies",
        f"/taxonomies/{sample.needs.id}",
        "/taxonomy_terms",
        f"/taxonomy_terms/{sample.bullying.id}",
    ]
    for path in paths:
        response = client.get(API + path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == "application/json"


# --- query counts -----------------------------------------------------------------------------


def grow_directory(count: int) -> None:
    """`count` more services, each of its own organisation, with every kind of related row."""
    needs = Taxonomy.objects.create(name=f"Behov {count}", description="Behov.")
    for number in range(count):
        term = TaxonomyTerm.objects.create(name=f"Behov {number}", description=".", taxonomy=needs)
        organization = Organization.objects.create(
            name=f"Organisasjon {number}", description="Frivillig organisasjon."
        )
        tag(organization, term)
        place = location(f"Sted {number}", f"Storgata {number}", organization)
        tag(place, term)
        service(organization, f"Tjeneste {number}", place, term)


@pytest.mark.parametrize(
    "path",
    [
        "/services",
        "/services?full=true",
        "/organizations",
        "/organizations?full=true",
        "/organizations?full=true&full_service=true",
        "/service_at_locations",
        "/service_at_locations?full=true",
        "/taxonomy_terms",
    ],
)
def test_list_pages_run_the_same_number_of_queries_for_2_and_10_services(client, db, path):
    grow_directory(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(API + path).json()["size"] >= 2
    grow_directory(8)
    with CaptureQueriesContext(connection) as many:
        assert client.get(API + path).json()["size"] >= 10
    assert len(many) == len(few)


# --- input hygiene: what no text may hold never reaches the database -------------------------

LIST_PATHS = [
    "/services",
    "/organizations",
    "/service_at_locations",
    "/taxonomies",
    "/taxonomy_terms",
]


@pytest.mark.parametrize("path", LIST_PATHS)
@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("search=%00", "search"),
        ("search=barn%00hage", "search"),
        ("search=%E2%80%AEmobbing", "search"),
        ("search=" + "a" * 301, "search"),
        ("page=1%00", "page"),
        ("format=json%00", "format"),
    ],
)
def test_a_nul_or_control_character_in_a_parameter_answers_400_not_500(
    client, sample, path, query, parameter
):
    # On PostgreSQL a NUL that reached the driver was a 500 (issue 13, finding 5).
    response = client.get(f"{API}{path}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["parameter"] == parameter


def test_a_search_text_is_normalised_before_it_is_matched(client, sample):
    # "å" as a + combining ring (as some keyboards and pasted texts send it) finds "på".
    assert names(get(client, "/organizations", search="pa\u030a halsen")) == [
        "Kors på halsen Telemark"
    ]


# --- contacts: only those marked public leave the directory -----------------------------------

PRIVATE_NAMES = ("Kari Helsesykepleier", "Siri Servicetorget")
PRIVATE_EMAILS = ("kari@example.org", "siri@example.org")


@pytest.mark.parametrize(
    "path",
    [
        "/services?full=true",
        "/organizations?full=true&full_service=true",
        "/service_at_locations?full=true",
    ],
)
def test_the_api_publishes_no_contact_that_is_not_marked_public(client, sample, path):
    response = client.get(API + path)
    assert response.status_code == 200
    body = response.content.decode()
    for private in (*PRIVATE_NAMES, *PRIVATE_EMAILS):
        assert private not in body
    assert "Resepsjonen" in body  # a contact point the owner marked public


def test_one_service_shows_only_its_public_contacts(client, sample):
    data = get(client, f"/services/{sample.health_station.id}")
    assert data.get("contacts", []) == []
    assert [c["name"] for c in data["service_at_locations"][0]["contacts"]] == ["Timebestilling"]
    organization = get(client, f"/organizations/{sample.municipality_org.id}?full_service=true")
    assert "contacts" not in organization
