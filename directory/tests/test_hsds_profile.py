"""The Norwegian HSDS profile: published, round-tripped through a fresh database, and the import
faults a reviewer found (issue 14), one test each."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from directory.hsds_in import hsds_import_path
from directory.hsds_out import services_for_hsds, services_to_hsds
from directory.hsds_profile import PROFILE_FIELDS, profile_schema
from directory.models import Organization, Service, ServiceArea
from directory.tests.hsds_sample import sample_directory
from directory.tests.hsds_schema import validate
from directory.tests.test_roundtrip import differences

DOCS = Path(settings.BASE_DIR) / "docs" / "hsds-profile"

# Where a round trip through a fresh database may differ, and why (docs/hsds-profile/README.md).
EXPLAINED = {
    # A service area given only as a municipality is published with the municipality's name.
    "/service_areas/*/name",
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    return path


def export_all() -> list[dict[str, Any]]:
    services = services_for_hsds(Service.objects.order_by("id"))
    return json.loads(json.dumps(services_to_hsds(list(services))))


def wipe_directory() -> None:
    """A fresh directory: every row the export came from is gone (the municipalities, which
    are reference data loaded with the database, stay)."""
    Service.objects.all().delete()
    Organization.objects.all().delete()


# --- published --------------------------------------------------------------------------------


def test_the_profile_is_served_and_in_the_docs(client, db):
    index = client.get("/api/hsds/profile/").json()
    assert set(index["schemas"]) == set(PROFILE_FIELDS)
    for entity, url in index["schemas"].items():
        served = client.get(url).json()
        assert served == profile_schema(entity)
        assert served["allOf"] == [
            {
                "$ref": "https://raw.githubusercontent.com/openreferral/specification/3.0/"
                f"schema/{entity}.json"
            }
        ]
        assert json.loads((DOCS / f"{entity}.json").read_text(encoding="utf-8")) == served
    assert json.loads((DOCS / "index.json").read_text(encoding="utf-8")) == index


def test_an_unknown_profile_schema_is_a_problem_404(client, db):
    response = client.get("/api/hsds/profile/contact.json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


# --- round trip -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_profile_survives_export_and_import_into_a_fresh_database(tmp_path):
    sample = sample_directory()
    # Every profile field set, on more than one service.
    Service.objects.filter(pk=sample.ppt.pk).update(
        legal_basis="opplæringsloven § 11-5",
        self_referral=True,
        referral_from="skole, barnehage",
        last_reviewed=date(2026, 11, 2),
    )
    Service.objects.filter(pk=sample.helpline.pk).update(
        is_national=True, self_referral=True, source="https://www.116111.no/"
    )
    Service.objects.filter(pk=sample.school_health.pk).update(
        last_modified=datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
    )
    before = export_all()
    for item in before:
        validate(item, "compiled/service.json")
    counts = {
        "legal_basis": Service.objects.exclude(legal_basis="").count(),
        "self_referral": Service.objects.filter(self_referral=True).count(),
        "national": Service.objects.filter(is_national=True).count(),
        "area municipality": ServiceArea.objects.exclude(municipality=None).count(),
        "organisation municipality": Organization.objects.exclude(municipality=None).count(),
    }
    assert all(counts.values()), counts

    wipe_directory()
    with translation.override("en"):
        report = hsds_import_path(write_json(tmp_path / "services.json", before))
    assert report.rejections == []

    assert {
        "legal_basis": Service.objects.exclude(legal_basis="").count(),
        "self_referral": Service.objects.filter(self_referral=True).count(),
        "national": Service.objects.filter(is_national=True).count(),
        "area municipality": ServiceArea.objects.exclude(municipality=None).count(),
        "organisation municipality": Organization.objects.exclude(municipality=None).count(),
    } == counts
    after = export_all()
    found, compared = differences(before, after)
    assert found <= EXPLAINED, found - EXPLAINED
    assert compared > 200
    kept = Service.objects.get(pk=sample.school_health.pk).last_modified
    assert kept == datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)


# --- import faults ----------------------------------------------------------------------------


def a_service(name: object, /, **values: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "name": name,
        "status": "active",
        "organization": {"id": str(uuid.uuid4()), "name": "Etat", "description": "Kommunal."},
        **values,
    }


@pytest.mark.django_db
def test_duplicate_ids_are_refused_not_counted_as_created(tmp_path):
    first = a_service("Første")
    second = {**a_service("Andre"), "id": first["id"]}
    report = hsds_import_path(write_json(tmp_path / "services.json", [first, second]))
    assert [r.location for r in report.rejections] == ["/0", "/1"]
    assert "given more than once" in report.rejections[0].reason
    assert report.created["service"] == 0
    assert not Service.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "pointer", "reason"),
    [
        ({"name": 12345}, "/0/name", "expected a text, not 12345."),
        ({"minimum_age": "12"}, "/0/minimum_age", "expected a number"),
        ({"self_referral": "yes"}, "/0/self_referral", "expected true or false"),
        ({"legal_basis": True}, "/0/legal_basis", "not true or false"),
        ({"last_modified": "2025-01-01"}, "/0/last_modified", "date-time with an offset"),
    ],
)
def test_types_are_checked_strictly(tmp_path, values, pointer, reason):
    report = hsds_import_path(write_json(tmp_path / "s.json", [a_service("S", **values)]))
    assert [r.location for r in report.rejections] == [pointer]
    assert reason in report.rejections[0].reason
    assert not Service.objects.exists()


@pytest.mark.django_db
def test_an_unknown_organisation_is_named_as_unknown_not_required(tmp_path):
    unknown = uuid.uuid4()
    record = a_service("S")
    del record["organization"]
    record["organization_id"] = str(unknown)
    report = hsds_import_path(write_json(tmp_path / "s.json", [record]))
    assert [r.location for r in report.rejections] == ["/0/organization_id"]
    reason = report.rejections[0].reason
    assert reason.startswith(f"unknown organization {unknown}")
    assert "required" not in reason


@pytest.mark.django_db
def test_an_unknown_taxonomy_term_is_named_as_unknown(tmp_path):
    unknown = uuid.uuid4()
    record = a_service(
        "S", attributes=[{"id": str(uuid.uuid4()), "taxonomy_term_id": str(unknown)}]
    )
    report = hsds_import_path(write_json(tmp_path / "s.json", [record]))
    assert [r.location for r in report.rejections] == ["/0/attributes/0/taxonomy_term_id"]
    assert report.rejections[0].reason.startswith(f"unknown taxonomy_term {unknown}")


@pytest.mark.django_db
def test_an_unknown_municipality_is_named_as_unknown(tmp_path):
    record = a_service(
        "S", service_areas=[{"id": str(uuid.uuid4()), "municipality_number": "9999"}]
    )
    report = hsds_import_path(write_json(tmp_path / "s.json", [record]))
    assert report.rejections[0].reason == "unknown municipality 9999."


@pytest.mark.django_db
def test_every_error_of_a_record_is_reported(tmp_path):
    record = a_service(
        12345,
        status="closed",
        minimum_age=12.5,
        phones=[{"id": str(uuid.uuid4())}, {"id": "x", "number": "35 00 00 00"}],
        attributes=[{"id": str(uuid.uuid4()), "taxonomy_term_id": str(uuid.uuid4())}],
    )
    record["organization"]["name"] = ""
    report = hsds_import_path(write_json(tmp_path / "s.json", [record]))
    assert len(report.rejections) == 1
    reason = report.rejections[0].reason
    for where in ("name", "status", "minimum_age", "organization/name"):
        assert f"{where}: " in reason, reason
    assert not Service.objects.exists()
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_every_error_of_the_children_is_reported(tmp_path):
    record = a_service(
        "S",
        phones=[{"id": str(uuid.uuid4())}, {"id": "x", "number": "35 00 00 00"}],
        attributes=[{"id": str(uuid.uuid4()), "taxonomy_term_id": str(uuid.uuid4())}],
    )
    report = hsds_import_path(write_json(tmp_path / "s.json", [record]))
    reason = report.rejections[0].reason
    for where in ("phones/0/number", "phones/1/id", "attributes/0/taxonomy_term_id"):
        assert f"{where}: " in reason, reason
    assert not Service.objects.exists()


@pytest.mark.django_db
def test_a_nul_byte_is_refused_on_every_database(tmp_path):
    report = hsds_import_path(
        write_json(tmp_path / "s.json", [a_service("S", legal_basis="a\x00")])
    )
    assert [r.location for r in report.rejections] == ["/0/legal_basis"]
    assert connection.vendor in ("sqlite", "postgresql")


# --- tombstones -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_withdrawn_service_is_a_tombstone_a_sync_sees(client):
    from audit.models import AccessEvent
    from directory.services import service_withdraw

    sample = sample_directory()
    since = datetime.now(tz=UTC).isoformat()
    gone = service_withdraw(actor=None, service=sample.ppt)

    listed = client.get("/api/hsds/services").json()
    assert str(gone.pk) not in [item["id"] for item in listed["contents"]]
    assert client.get(f"/api/hsds/services/{gone.pk}").status_code == 404
    assert not Service.objects.filter(pk=gone.pk).exists()

    synced = client.get("/api/hsds/services", {"modified_after": since}).json()
    [tombstone] = [item for item in synced["contents"] if item["id"] == str(gone.pk)]
    assert tombstone["status"] == "inactive"
    assert tombstone["deleted_at"] == gone.deleted_at.isoformat()
    assert tombstone["last_modified"] >= since[:19]
    validate(tombstone, "compiled/service_list.json")
    event = AccessEvent.objects.filter(object_id=str(gone.pk)).latest("id")
    assert event.action == "delete"


@pytest.mark.django_db
def test_a_tombstone_survives_export_and_import(tmp_path):
    from directory.services import service_withdraw

    sample = sample_directory()
    gone = service_withdraw(actor=None, service=sample.ppt)
    exported = json.loads(
        json.dumps(services_to_hsds(list(services_for_hsds(Service.all_objects.all()))))
    )
    wipe_directory()
    report = hsds_import_path(write_json(tmp_path / "services.json", exported))
    assert report.rejections == []
    stored = Service.all_objects.get(pk=gone.pk)
    assert (stored.status, stored.deleted_at) == ("inactive", gone.deleted_at)
    assert not Service.objects.filter(pk=gone.pk).exists()
