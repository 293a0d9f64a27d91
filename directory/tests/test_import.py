"""HSDS 3.0 import: the standard's own examples, idempotency, the file shapes, and rejections."""

from __future__ import annotations

import csv
import json
import shutil
import uuid
from datetime import date, time
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import models
from django.utils import translation

from directory.hsds_in import hsds_import_path
from directory.models import (
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from directory.search import search_text
from tests.factories import municipality

EXAMPLES = Path(settings.BASE_DIR).parent / "shared" / "standards" / "hsds-3.0" / "examples"

# Where each HSDS key leads, for walking an example and comparing it with the database.
LISTS: dict[str, type[models.Model]] = {
    "phones": Phone,
    "schedules": Schedule,
    "service_areas": ServiceArea,
    "service_at_locations": ServiceAtLocation,
    "languages": Language,
    "funding": Funding,
    "cost_options": CostOption,
    "required_documents": RequiredDocument,
    "contacts": Contact,
    "addresses": Address,
    "organization_identifiers": OrganizationIdentifier,
    "locations": Location,
    "services": Service,
    "attributes": Attribute,
}
OBJECTS: dict[str, type[models.Model]] = {
    "organization": Organization,
    "location": Location,
    "service": Service,
    "taxonomy_term": TaxonomyTerm,
    "taxonomy_detail": Taxonomy,
}
TABLES: dict[str, type[models.Model]] = {
    "organizations.csv": Organization,
    "services.csv": Service,
    "attributes.csv": Attribute,
    "service_at_location.csv": ServiceAtLocation,
    "locations.csv": Location,
    "phones.csv": Phone,
    "contacts.csv": Contact,
    "addresses.csv": Address,
    "schedules.csv": Schedule,
    "funding.csv": Funding,
    "service_areas.csv": ServiceArea,
    "required_documents.csv": RequiredDocument,
    "languages.csv": Language,
    "taxonomy_terms.csv": TaxonomyTerm,
    "cost_options.csv": CostOption,
    "organization_identifiers.csv": OrganizationIdentifier,
    "taxonomies.csv": Taxonomy,
}
TOP_LEVEL: dict[str, type[models.Model]] = {
    "location.json": Location,
    "organization_full.json": Organization,
    "organization_list.json": Organization,
    "service_at_location_full.json": ServiceAtLocation,
    "service_at_location_list.json": ServiceAtLocation,
    "service_full.json": Service,
    "service_list.json": Service,
    "taxonomy.json": Taxonomy,
    "taxonomy_list.json": Taxonomy,
    "taxonomy_term.json": TaxonomyTerm,
    "taxonomy_term_list.json": TaxonomyTerm,
}
# Set from where an attribute is nested, not from the example's placeholder values.
FROM_PARENT = {(Attribute, "link_entity"), (Attribute, "link_id")}
RENAMED = {(TaxonomyTerm, "taxonomy"): "taxonomy_name"}
GOOD_ORGNR = "974760673"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"), parse_float=Decimal)


def directory_counts() -> dict[str, int]:
    return {
        model.__name__: model._default_manager.count()
        for model in apps.get_app_config("directory").get_models()
    }


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    return path


def expected_value(model_field: models.Field, value: Any) -> Any:
    if isinstance(model_field, models.CharField | models.TextField):
        limit = model_field.max_length
        if limit and len(str(value)) > limit:
            return str(value)[: limit - 1] + "…"
        return str(value)
    if model_field.name in ("latitude", "longitude") and abs(value) > (
        90 if model_field.name == "latitude" else 180
    ):
        return None
    return model_field.to_python(value)


def assert_stored(model: type[models.Model], data: dict[str, Any]) -> int:
    """Every value of `data` that the model keeps is in the database, nested objects included.
    Returns how many values were compared."""
    row = model._default_manager.get(pk=data["id"])
    fields = {f.name: f for f in model._meta.concrete_fields}
    compared = 0
    for key, value in data.items():
        if key in LISTS and isinstance(value, list):
            compared += sum(assert_stored(LISTS[key], item) for item in value)
            continue
        if key in OBJECTS and isinstance(value, dict):
            compared += assert_stored(OBJECTS[key], value)
            continue
        name = RENAMED.get((model, key), key)
        if (model, key) in FROM_PARENT or key == "id":
            continue
        if key.endswith("_id") and key.removesuffix("_id") in fields:
            link = fields[key.removesuffix("_id")]
            exists = link.related_model._default_manager.filter(pk=value).exists()
            assert getattr(row, link.attname) == (uuid.UUID(value) if exists else None), key
            compared += 1
        elif name in fields and not fields[name].is_relation and key != "last_modified":
            assert getattr(row, name) == expected_value(fields[name], value), (model, key)
            compared += 1
    return compared


# --- the standard's examples ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(TOP_LEVEL))
def test_official_example_imports_without_rejection_and_keeps_every_modelled_value(name):
    report = hsds_import_path(EXAMPLES / name)

    assert report.rejections == []
    data = example(name)
    items = data.get("contents", [data])
    compared = sum(assert_stored(TOP_LEVEL[name], item) for item in items)
    assert compared >= 4


@pytest.mark.django_db
def test_official_tabular_example_imports_table_by_table():
    data = example("tabular.json")

    report = hsds_import_path(EXAMPLES / "tabular.json")

    assert report.rejections == []
    for table, model in TABLES.items():
        for row in data[table]:
            assert assert_stored(model, row) >= 1
    skipped = {notice.location for notice in report.notices if "skipped" in notice.reason}
    unmodelled = ("programs", "accessibility", "metadata", "meta_table_descriptions")
    assert skipped == {f"/{table}.csv" for table in unmodelled}


@pytest.mark.django_db
def test_official_base_example_is_skipped_as_api_information():
    report = hsds_import_path(EXAMPLES / "base.json")

    assert report.rejections == []
    (notice,) = report.notices
    assert notice.reason == "API information, not records; skipped."
    assert sum(directory_counts().values()) == 0


@pytest.mark.django_db
def test_full_service_example_links_nested_rows_to_all_their_parents():
    data = example("service_full.json")

    hsds_import_path(EXAMPLES / "service_full.json")

    service = Service.objects.get(pk=data["id"])
    assert service.organization.name == data["organization"]["name"]
    assert service.schedules.get().opens_at == time(10, 0)
    assert service.cost_options.get().amount == Decimal(data["cost_options"][0]["amount"])
    assert service.assured_date == date.fromisoformat(data["assured_date"])
    # One phone appears under the service, its organisation, location, contact and service at
    # location: HSDS's tabular form has it as one row with five parents, and so do we.
    phone = Phone.objects.get(pk=data["phones"][0]["id"])
    sal = data["service_at_locations"][0]
    assert (
        phone.service_id,
        phone.organization_id,
        phone.service_at_location_id,
        phone.location_id,
        phone.contact_id,
    ) == tuple(
        uuid.UUID(value)
        for value in (
            data["id"],
            data["organization"]["id"],
            sal["id"],
            sal["location"]["id"],
            sal["contacts"][0]["id"],
        )
    )
    assert Phone.objects.count() == 1
    attribute = Attribute.objects.get(pk=data["attributes"][0]["id"])
    term = data["attributes"][0]["taxonomy_term"]
    assert (attribute.link_entity, attribute.link_id) == ("service", service.id)
    assert attribute.taxonomy_term.taxonomy_name == term["taxonomy"]
    assert str(attribute.taxonomy_term.taxonomy_id) == term["taxonomy_detail"]["id"]


@pytest.mark.django_db
def test_out_of_range_coordinates_are_left_out_with_a_notice_not_a_rejection():
    data = example("location.json")

    report = hsds_import_path(EXAMPLES / "location.json")

    location = Location.objects.get(pk=data["id"])
    assert (location.latitude, location.longitude) == (None, Decimal(data["longitude"]))
    assert location.name == data["name"]
    assert [notice.location for notice in report.notices] == ["/latitude"]
    assert report.rejections == []


@pytest.mark.django_db
def test_unknown_parent_organization_is_left_empty_and_reported():
    data = example("organization_list.json")

    report = hsds_import_path(EXAMPLES / "organization_list.json")

    assert Organization.objects.get(pk=data["contents"][0]["id"]).parent_organization is None
    (notice,) = report.notices
    assert notice.location == "/contents/0/parent_organization_id"
    assert data["contents"][0]["parent_organization_id"] in notice.reason


# --- idempotency and updates ------------------------------------------------------------------


@pytest.mark.django_db
def test_importing_the_examples_folder_twice_duplicates_nothing():
    first = hsds_import_path(EXAMPLES)
    counts = directory_counts()

    second = hsds_import_path(EXAMPLES)

    assert first.rejections == second.rejections == []
    assert directory_counts() == counts
    assert counts["Service"] == counts["Organization"] == counts["Location"] == 1
    assert sum(second.created.values()) == 0
    assert second.updated["service"] == 1
    assert first.created["phone"] == 1


@pytest.mark.django_db
def test_a_changed_field_updates_and_a_changed_child_list_replaces_the_old_one(tmp_path):
    data = example("service_full.json")
    hsds_import_path(EXAMPLES / "service_full.json")
    counts = directory_counts()
    new_area = {"id": str(uuid.uuid4()), "name": "Porsgrunn"}
    data["name"] = "Samtaletilbud"
    data["cost_options"][0]["amount"] = 40
    data["service_areas"] = [new_area]
    data["phones"] = []
    data["attributes"] = []

    report = hsds_import_path(write_json(tmp_path / "service.json", data))

    service = Service.objects.get(pk=data["id"])
    assert service.name == "Samtaletilbud"
    assert service.cost_options.get().amount == 40
    assert list(service.service_areas.values_list("name", flat=True)) == ["Porsgrunn"]
    assert not Attribute.objects.filter(link_id=service.id).exists()
    # The phone left the service but still belongs to the organisation, location and contact.
    phone = Phone.objects.get()
    assert phone.service_id is None
    assert phone.organization_id == service.organization_id
    assert report.deleted == {"service_area": 1, "attribute": 1}
    assert directory_counts() == counts | {"Attribute": 0}


@pytest.mark.django_db
def test_imported_services_are_found_by_search():
    data = example("service_full.json")

    hsds_import_path(EXAMPLES / "service_full.json")

    assert uuid.UUID(data["id"]) in search_text("counselling")


@pytest.mark.django_db
def test_absent_keys_leave_stored_values_alone(tmp_path):
    hsds_import_path(EXAMPLES / "service_full.json")
    data = example("service_full.json")
    short = {"id": data["id"], "name": data["name"], "status": "inactive"}

    hsds_import_path(write_json(tmp_path / "service.json", short))

    service = Service.objects.get(pk=data["id"])
    assert service.status == "inactive"
    assert service.email == data["email"]
    assert service.phones.count() == 1


# --- file shapes ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_folder_imports_organizations_before_the_services_that_point_at_them(tmp_path):
    organization = example("organization_list.json")["contents"][0]
    services = [
        {"id": str(uuid.uuid4()), "name": f"Tjeneste {n}", "status": "active"}
        | {"organization_id": organization["id"]}
        for n in range(2)
    ]
    write_json(tmp_path / "a_services.json", services)
    write_json(tmp_path / "organizations.json", [organization])
    (tmp_path / "README.txt").write_text("not data", encoding="utf-8")

    report = hsds_import_path(tmp_path)

    assert report.rejections == []
    assert report.created == {"organization": 1, "service": 2}
    assert Service.objects.filter(organization_id=organization["id"]).count() == 2


@pytest.mark.django_db
def test_list_file_named_after_its_entity_takes_that_type(tmp_path):
    taxonomy = example("taxonomy.json")
    # {id, name, description} fits an organisation, a taxonomy and a term alike.
    bare = {key: taxonomy[key] for key in ("id", "name", "description")}

    report = hsds_import_path(write_json(tmp_path / "taxonomies.json", [bare]))

    assert report.created == {"taxonomy": 1}
    assert Taxonomy.objects.get().name == taxonomy["name"]


@pytest.mark.django_db
def test_object_that_fits_several_entities_without_a_file_name_hint_is_rejected(tmp_path):
    bare = {"id": str(uuid.uuid4()), "name": "Noe", "description": "Noe"}

    report = hsds_import_path(write_json(tmp_path / "data.json", bare))

    assert [(r.source, r.location) for r in report.rejections] == [("data.json", "/")]
    assert "cannot tell which HSDS object" in report.rejections[0].reason


@pytest.mark.django_db
def test_paginated_response_imports_its_contents_with_nested_objects():
    data = example("service_at_location_list.json")

    report = hsds_import_path(EXAMPLES / "service_at_location_list.json")

    sal = ServiceAtLocation.objects.get(pk=data["contents"][0]["id"])
    assert str(sal.service.organization_id) == data["contents"][0]["service"]["organization"]["id"]
    assert sal.location.name == data["contents"][0]["location"]["name"]
    assert report.created == {
        "service_at_location": 1,
        "service": 1,
        "organization": 1,
        "location": 1,
    }


@pytest.mark.django_db
def test_invalid_json_is_rejected_with_its_line(tmp_path):
    (tmp_path / "services.json").write_text('[\n  {"id": }\n]', encoding="utf-8")

    report = hsds_import_path(tmp_path / "services.json")

    assert len(report.rejections) == 1
    assert report.rejections[0].reason.startswith("not valid JSON: ")
    assert "line 2" in report.rejections[0].reason


def test_a_path_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_hsds", str(tmp_path / "missing.json"))


# --- CSV datapackages -------------------------------------------------------------------------


def write_table(folder: Path, name: str, rows: list[dict[str, Any]]) -> None:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def write_package(folder: Path, tables: dict[str, list[dict[str, Any]]]) -> Path:
    folder.mkdir(exist_ok=True)
    resources = []
    for name, rows in tables.items():
        write_table(folder, name, rows)
        resources.append({"name": name.removesuffix(".csv"), "path": name, "format": "csv"})
    write_json(folder / "datapackage.json", {"name": "hsds", "resources": resources})
    return folder


@pytest.mark.django_db
def test_csv_datapackage_imports_with_links_between_tables(tmp_path):
    tabular = example("tabular.json")
    tables = {name: tabular[name] for name in ("services.csv", "organizations.csv", "phones.csv")}
    package = write_package(tmp_path / "package", tables)

    report = hsds_import_path(package)

    assert report.rejections == []
    assert report.created == {"organization": 1, "service": 1, "phone": 1}
    phone_row = tabular["phones.csv"][0]
    phone = Phone.objects.get(pk=phone_row["id"])
    assert str(phone.service_id) == phone_row["service_id"]
    assert str(phone.organization_id) == phone_row["organization_id"]
    assert phone.extension == phone_row["extension"]
    # Locations, contacts and services at locations were not in the package.
    assert (phone.location_id, phone.contact_id, phone.service_at_location_id) == (None,) * 3
    assert {n.location for n in report.notices} == {
        "line 2, column location_id",
        "line 2, column contact_id",
        "line 2, column service_at_location_id",
        "line 2, column parent_organization_id",
    }
    assert Service.objects.get().minimum_age == tabular["services.csv"][0]["minimum_age"]


@pytest.mark.django_db
def test_every_table_of_the_tabular_example_imports_as_csv(tmp_path):
    tabular = example("tabular.json")
    package = write_package(tmp_path / "package", tabular)

    report = hsds_import_path(package)

    assert report.rejections == []
    for table, model in TABLES.items():
        assert model._default_manager.filter(pk=tabular[table][0]["id"]).exists(), table


@pytest.mark.django_db
def test_csv_datapackage_honours_the_delimiter_its_descriptor_names(tmp_path):
    organization = example("tabular.json")["organizations.csv"][0]
    package = tmp_path / "package"
    package.mkdir()
    with (package / "organisasjoner.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(organization), delimiter=";")
        writer.writeheader()
        writer.writerow(organization)
    resource = {
        "name": "organizations",
        "path": "organisasjoner.csv",
        "dialect": {"delimiter": ";"},
    }
    write_json(package / "datapackage.json", {"resources": [resource]})

    report = hsds_import_path(package)

    assert report.created == {"organization": 1}
    assert Organization.objects.get().tax_id == organization["tax_id"]


@pytest.mark.django_db
def test_csv_rejection_names_the_line_where_the_record_starts(tmp_path):
    tabular = example("tabular.json")
    good = tabular["services.csv"][0] | {"description": "Første linje\nandre linje"}
    bad = good | {"id": str(uuid.uuid4()), "email": "not-an-address"}
    package = write_package(
        tmp_path / "package",
        {"organizations.csv": tabular["organizations.csv"], "services.csv": [good, bad]},
    )

    report = hsds_import_path(package)

    assert [(r.source, r.location) for r in report.rejections] == [
        ("services.csv", "line 4, column email")
    ]
    assert Service.objects.get().description == "Første linje\nandre linje"


@pytest.mark.django_db
def test_a_row_no_longer_in_a_table_leaves_the_imported_parents(tmp_path):
    tabular = example("tabular.json")
    tables = {name: tabular[name] for name in ("organizations.csv", "services.csv", "phones.csv")}
    package = write_package(tmp_path / "package", tables)
    hsds_import_path(package)

    report = hsds_import_path(write_package(package, tables | {"phones.csv": [{"id": ""}]}))

    assert not Phone.objects.exists()
    assert report.deleted == {"phone": 1}
    assert [r.location for r in report.rejections] == ["line 2, column id"]


# --- rejections -------------------------------------------------------------------------------


def service(name: str, /, **values: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "name": name,
        "status": "active",
        "organization": {
            "id": str(uuid.uuid4()),
            "name": f"Organisasjon for {name}",
            "description": "Kommunal tjeneste.",
            "organization_identifiers": [
                {
                    "id": str(uuid.uuid4()),
                    "identifier_scheme": "NO-BRC",
                    "identifier_type": "Organisasjonsnummer",
                    "identifier": "974 760 673",
                }
            ],
        },
        "phones": [{"id": str(uuid.uuid4()), "number": "35 00 00 00"}],
        "unknown_extension_key": "ignored",
        **values,
    }


@pytest.mark.django_db
def test_bad_records_are_rejected_with_reason_and_place_and_write_nothing(tmp_path):
    bad_orgnr = service("Feil orgnr")
    bad_orgnr["organization"]["organization_identifiers"][0]["identifier"] = "123456789"
    records = [
        service("Helsestasjon", minimum_age=0, maximum_age=20),
        service("Feil e-post", email="ikke en adresse"),
        bad_orgnr,
        service("Feil status", status="maybe"),
        service("Feil alder", minimum_age=18, maximum_age=12),
        service("Feil id", id="42"),
        service("PPT", description="Pedagogisk-psykologisk tjeneste"),
    ]
    path = write_json(tmp_path / "services.json", records)

    report = hsds_import_path(path)

    assert [(r.source, r.location) for r in report.rejections] == [
        ("services.json", "/1/email"),
        ("services.json", "/2/organization/organization_identifiers/0/identifier"),
        ("services.json", "/3/status"),
        ("services.json", "/4/minimum_age"),
        ("services.json", "/5/id"),
    ]
    reasons = [r.reason for r in report.rejections]
    assert reasons[0] == "Enter a valid email address."
    assert reasons[1] == "123456789 is not a valid Norwegian organisation number."
    assert reasons[2].startswith('"maybe" is not one of active, inactive')
    assert reasons[3] == "minimum_age 18 is above maximum_age 12."
    assert reasons[4] == "must be a UUID."
    assert set(Service.objects.values_list("name", flat=True)) == {"Helsestasjon", "PPT"}
    for bad in records[1:6]:
        assert not Organization.objects.filter(pk=bad["organization"]["id"]).exists()
        assert not Phone.objects.filter(pk=bad["phones"][0]["id"]).exists()
    assert Organization.objects.count() == Phone.objects.count() == 2
    assert set(OrganizationIdentifier.objects.values_list("identifier", flat=True)) == {GOOD_ORGNR}


@pytest.mark.django_db
def test_a_failing_update_leaves_the_stored_record_as_it_was(tmp_path):
    record = service("Helsestasjon")
    hsds_import_path(write_json(tmp_path / "services.json", [record]))
    record["name"] = "Nytt navn"
    record["phones"] = [{"id": str(uuid.uuid4()), "number": "1" * 60}]

    report = hsds_import_path(write_json(tmp_path / "services.json", [record]))

    assert [r.location for r in report.rejections] == ["/0/phones/0/number"]
    assert Service.objects.get().name == "Helsestasjon"
    assert Phone.objects.get().number == "35 00 00 00"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "location", "reason"),
    [
        ({"url": "ikke en lenke"}, "/0/url", "Enter a valid URL."),
        ({"assured_date": "31.12.2024"}, "/0/assured_date", "invalid date format"),
        ({"minimum_age": "tolv"}, "/0/minimum_age", "expected a number, not 'tolv'."),
        ({"minimum_age": 12.5}, "/0/minimum_age", "must be a whole number."),
        ({"name": ""}, "/0/name", "is required."),
        ({"organization": None}, "/0/organization_id", "is required (give organization or"),
        ({"schedules": [{"id": str(uuid.uuid4()), "opens_at": "25:00"}]}, "/0/schedules/0/opens_at",
         "invalid time"),
        ({"schedules": [{"id": str(uuid.uuid4()), "freq": "DAILY"}]}, "/0/schedules/0/freq",
         "is not one of WEEKLY, MONTHLY"),
        ({"phones": [{"number": "35 00 00 00"}]}, "/0/phones/0/id", "is required."),
        ({"phones": {"id": str(uuid.uuid4())}}, "/0/phones", "expected a list."),
    ],
)  # fmt: skip
def test_each_kind_of_invalid_value_is_rejected(tmp_path, values, location, reason):
    report = hsds_import_path(write_json(tmp_path / "services.json", [service("S", **values)]))

    assert [r.location for r in report.rejections] == [location]
    assert reason in report.rejections[0].reason
    assert not Service.objects.exists()


@pytest.mark.django_db
def test_latitude_in_range_is_kept_to_six_decimals(tmp_path):
    location = {"id": str(uuid.uuid4()), "location_type": "physical", "latitude": 59.1405123456}

    hsds_import_path(write_json(tmp_path / "location.json", location))

    assert Location.objects.get().latitude == Decimal("59.140512")


@pytest.mark.django_db
def test_several_errors_in_one_object_are_reported_together(tmp_path):
    record = service("S", email="nei", url="nei")

    report = hsds_import_path(write_json(tmp_path / "services.json", [record]))

    (rejection,) = report.rejections
    assert rejection.location == "/0"
    assert "email: Enter a valid email address." in rejection.reason
    assert "url: Enter a valid URL." in rejection.reason


# --- the Norwegian profile --------------------------------------------------------------------


@pytest.mark.django_db
def test_service_area_named_by_a_kommunenummer_is_that_municipality(tmp_path):
    porsgrunn = municipality("4001")
    areas = [
        {"id": str(uuid.uuid4()), "name": "4001", "extent_type": "kommunenummer"},
        {"id": str(uuid.uuid4()), "name": "Telemark", "extent": "4001"},
        {"id": str(uuid.uuid4()), "name": "9999"},
    ]

    hsds_import_path(write_json(tmp_path / "services.json", [service("S", service_areas=areas)]))

    found = {str(a.id): a.municipality for a in ServiceArea.objects.all()}
    assert found == {areas[0]["id"]: porsgrunn, areas[1]["id"]: porsgrunn, areas[2]["id"]: None}


@pytest.mark.django_db
def test_organisation_number_is_recognised_by_its_type_and_stored_compact(tmp_path):
    record = service("S")
    identifier = record["organization"]["organization_identifiers"][0]
    identifier.update(identifier_scheme="", identifier_type="Organisasjonsnummer")

    report = hsds_import_path(write_json(tmp_path / "services.json", [record]))

    assert report.rejections == []
    assert OrganizationIdentifier.objects.get().identifier == GOOD_ORGNR


@pytest.mark.django_db
def test_parent_organization_later_in_the_same_import_is_linked(tmp_path):
    child = {"id": str(uuid.uuid4()), "name": "Barn", "description": "d"}
    parent = {"id": str(uuid.uuid4()), "name": "Mor", "description": "d"}
    child["parent_organization_id"] = parent["id"]

    report = hsds_import_path(write_json(tmp_path / "organizations.json", [child, parent]))

    assert report.notices == []
    assert str(Organization.objects.get(name="Barn").parent_organization_id) == parent["id"]


# --- the command ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_prints_counts_and_exits_cleanly_when_all_imported(capsys):
    call_command("import_hsds", str(EXAMPLES / "service_full.json"))

    out = capsys.readouterr().out
    assert "service: 1 created, 0 updated, 0 deleted" in out
    assert "REJECTED" not in out


@pytest.mark.django_db
def test_command_prints_each_rejection_and_fails_after_importing_the_good(tmp_path, capsys):
    records = [service("God"), service("Feil", email="nei"), service("Feil", status="maybe")]
    path = write_json(tmp_path / "services.json", records)

    with pytest.raises(
        CommandError, match=r"Rejected: 2\. Only what is counted above was imported\."
    ) as error:
        call_command("import_hsds", str(path))

    assert error.value.returncode == 1
    out = capsys.readouterr().out
    assert "service: 1 created, 0 updated, 0 deleted" in out
    assert "REJECTED services.json /1/email: Enter a valid email address." in out
    assert 'REJECTED services.json /2/status: "maybe" is not one of' in out
    assert Service.objects.get().name == "God"


@pytest.mark.django_db
def test_command_imports_a_copied_examples_folder(tmp_path, capsys):
    shutil.copytree(EXAMPLES, tmp_path / "examples")

    call_command("import_hsds", str(tmp_path / "examples"))

    out = capsys.readouterr().out
    assert "WARNING base.json /: API information, not records; skipped." in out
    assert Service.objects.count() == 1


# --- hygiene: nesting, size, duplicates, texts, contacts (issue 13) ---------------------------


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.django_db
@pytest.mark.parametrize("depth", [40, 100_000])
def test_deep_nesting_is_refused_with_a_clear_message_and_no_traceback(tmp_path, capsys, depth):
    # 100 000 levels made json.loads raise RecursionError, which escaped as a traceback.
    path = tmp_path / "services.json"
    path.write_text(_nested(depth), encoding="utf-8")

    with pytest.raises(CommandError, match=r"Rejected: 1\. Nothing was imported\."):
        call_command("import_hsds", str(path))

    out = capsys.readouterr().out
    assert "REJECTED services.json /: nested more than 32 levels deep" in out
    assert "nothing in this file was imported" in out
    assert Service.objects.count() == 0


@pytest.mark.django_db
def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr("directory.hsds_in.MAX_FILE_BYTES", 100)
    path = write_json(tmp_path / "services.json", [service("Stor")])

    report = hsds_import_path(path)

    assert [r.location for r in report.rejections] == ["/"]
    assert report.rejections[0].reason.startswith("the file is larger than")
    assert Service.objects.count() == 0


@pytest.mark.django_db
def test_a_file_whose_records_are_all_rejected_says_nothing_was_imported(tmp_path, capsys):
    path = write_json(tmp_path / "services.json", [service("Feil", email="nei")])

    with pytest.raises(CommandError) as error:
        call_command("import_hsds", str(path))

    assert "Nothing was imported." in str(error.value)
    assert "the others were imported" not in str(error.value)
    assert Service.objects.count() == 0


@pytest.mark.django_db
def test_records_that_share_an_id_in_one_file_are_all_rejected(tmp_path):
    first, other = service("Først"), service("Annen")
    second = {**service("Sist"), "id": first["id"]}
    path = write_json(tmp_path / "services.json", [first, other, second])

    report = hsds_import_path(path)

    assert [r.location for r in report.rejections] == ["/0", "/2"]
    assert "is given more than once (services.json /0; services.json /2)" in (
        report.rejections[0].reason
    )
    assert list(Service.objects.values_list("name", flat=True)) == ["Annen"]


@pytest.mark.django_db
def test_csv_rows_that_share_an_id_are_all_rejected(tmp_path):
    folder = tmp_path / "package"
    folder.mkdir()
    pk = str(uuid.uuid4())
    (folder / "organizations.csv").write_text(
        f"id,name,description\n{pk},En,d\n{pk},To,d\n", encoding="utf-8"
    )

    report = hsds_import_path(folder)

    assert [r.location for r in report.rejections] == ["line 2", "line 3"]
    assert not Organization.objects.filter(pk=pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Helse\u0000stasjon", "(NUL)"),
        ("Helse \u202estasjon", "(U+202E)"),
        ("Helse\u0007stasjon", "(U+0007)"),
    ],
)
def test_a_name_with_a_character_no_text_may_hold_rejects_the_record(tmp_path, name, reason):
    record = service("Helsestasjon", name=name)

    report = hsds_import_path(write_json(tmp_path / "services.json", [record]))

    assert [r.location for r in report.rejections] == ["/0/name"]
    assert reason in report.rejections[0].reason
    assert Service.objects.count() == 0


@pytest.mark.django_db
def test_a_line_break_in_a_name_becomes_a_space_and_multi_line_texts_keep_theirs(tmp_path):
    record = service(
        "Helsestasjonen", name="Helse-\r\nstasjonen", description="Første linje.\r\nAndre linje."
    )

    report = hsds_import_path(write_json(tmp_path / "services.json", [record]))

    imported = Service.objects.get()
    assert imported.name == "Helse- stasjonen"
    assert imported.description == "Første linje.\nAndre linje."
    assert [(n.location, n.reason) for n in report.notices] == [
        ("/0/name", "line breaks were replaced by spaces.")
    ]


def _with_contact(name: str) -> dict[str, Any]:
    return service(
        "Tjeneste", contacts=[{"id": str(uuid.uuid4()), "name": name, "email": "a@example.org"}]
    )


@pytest.mark.django_db
def test_imported_contacts_are_not_public_unless_the_import_says_so(tmp_path):
    hsds_import_path(write_json(tmp_path / "a.json", [_with_contact("Navn Navnesen")]))
    hsds_import_path(
        write_json(tmp_path / "b.json", [_with_contact("Post Mottak")]), contacts_public=True
    )

    assert dict(Contact.objects.values_list("name", "public")) == {
        "Navn Navnesen": False,
        "Post Mottak": True,
    }


@pytest.mark.django_db
def test_importing_again_keeps_a_contact_the_owner_made_public(tmp_path):
    record = _with_contact("Sentralbord")
    path = write_json(tmp_path / "services.json", [record])
    hsds_import_path(path)
    Contact.objects.update(public=True)

    hsds_import_path(path)

    assert Contact.objects.get().public is True


@pytest.mark.django_db
def test_the_command_takes_contacts_public(tmp_path):
    path = write_json(tmp_path / "services.json", [_with_contact("Sentralbord")])
    call_command("import_hsds", str(path), "--contacts-public", stdout=StringIO())
    assert Contact.objects.get().public is True
