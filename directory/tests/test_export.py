"""`manage.py export_hsds`: every written item follows the official schemas, counts are right."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from directory.models import Organization, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from directory.tests.hsds_sample import SampleDirectory, sample_directory
from directory.tests.hsds_schema import validate

FILES = {
    "services.json": ("compiled/service.json", Service),
    "organizations.json": ("compiled/organization.json", Organization),
    "service_at_locations.json": ("compiled/service_at_location.json", ServiceAtLocation),
    "taxonomies.json": ("taxonomy.json", Taxonomy),
    "taxonomy_terms.json": ("taxonomy_term.json", TaxonomyTerm),
}


@pytest.fixture
def sample(db) -> SampleDirectory:
    return sample_directory()


def export(directory) -> str:
    out = StringIO()
    call_command("export_hsds", str(directory), stdout=out)
    return out.getvalue()


def test_export_writes_every_entity_list_valid_against_its_schema(sample, tmp_path):
    target = tmp_path / "not" / "yet" / "there"
    export(target)
    assert sorted(path.name for path in target.iterdir()) == sorted(FILES)
    for name, (schema, model) in FILES.items():
        items = json.loads((target / name).read_text(encoding="utf-8"))
        assert len(items) == model.objects.count() > 0, name
        assert len({item["id"] for item in items}) == len(items), name
        for item in items:
            validate(item, schema)


def test_export_nests_each_service_in_full(sample, tmp_path):
    export(tmp_path)
    services = json.loads((tmp_path / "services.json").read_text(encoding="utf-8"))
    ppt = next(item for item in services if item["id"] == str(sample.ppt.id))
    assert ppt["organization"]["organization_identifiers"][0]["identifier_scheme"] == "NO-BRC"
    assert ppt["service_at_locations"][0]["location"]["addresses"][0]["city"] == "Porsgrunn"
    assert {attribute["taxonomy_term"]["name"] for attribute in ppt["attributes"]} == {
        "Angst",
        "Mobbing",
    }


def test_export_leaves_out_what_is_only_for_professionals(sample, tmp_path):
    export(tmp_path)
    for name in FILES:
        assert "INTERNAL" not in (tmp_path / name).read_text(encoding="utf-8"), name


def test_export_summarises_the_counts_in_one_line(sample, tmp_path):
    summary = export(tmp_path)
    assert summary == (
        "Exported 4 services, 2 organisations, 4 services at locations, 1 taxonomies and "
        f"4 taxonomy terms to {tmp_path}.\n"
    )


def test_export_of_an_empty_directory_writes_empty_lists(db, tmp_path):
    export(tmp_path)
    for name in FILES:
        assert json.loads((tmp_path / name).read_text(encoding="utf-8")) == [], name


def test_export_replaces_an_earlier_export(sample, tmp_path):
    export(tmp_path)
    sample.helpline.delete()
    export(tmp_path)
    services = json.loads((tmp_path / "services.json").read_text(encoding="utf-8"))
    assert len(services) == 3
    assert not list(tmp_path.glob("*.partial"))


def test_export_writes_no_contact_that_is_not_marked_public(sample, tmp_path):
    export(tmp_path)
    written = "".join(path.read_text(encoding="utf-8") for path in tmp_path.iterdir())
    for private in ("Kari Helsesykepleier", "Siri Servicetorget", "kari@", "siri@"):
        assert private not in written
    assert "Resepsjonen" in written
    assert "Timebestilling" in written
