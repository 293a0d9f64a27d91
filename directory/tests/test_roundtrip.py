"""HSDS in, HSDS out: the standard's full service example survives import and export."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.dateparse import parse_datetime

from directory.hsds_in import hsds_import_path
from directory.hsds_out import service_to_hsds, services_for_hsds
from directory.models import Service

EXAMPLES = Path(settings.BASE_DIR).parent / "shared" / "standards" / "hsds-3.0" / "examples"

# Where the round trip may differ from the example, and why. Paths use * for list items. (The
# out-of-range latitude 100 is left out on import, so the export has no key to compare.)
ALLOWED_DIFFERENCES = {
    # The example's placeholders; the directory stores the link it was nested in ("service").
    "/attributes/*/link_entity",
    # The change history (HSDS metadata) is not recorded in the directory.
    "/metadata",
    # The same instant, written as Python writes it ("…45.123000+00:00" for "…45.123Z"); see
    # the test.
    "/last_modified",
}


def differences(expected: Any, actual: Any, path: str = "") -> tuple[set[str], int]:
    """Paths where the two differ, over the keys both contain (lists matched by id, so their
    order does not matter); and how many values were compared."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found: set[str] = set()
        compared = 0
        for key in expected.keys() & actual.keys():
            diff, count = differences(expected[key], actual[key], f"{path}/{key}")
            found |= diff
            compared += count
        return found, compared
    if isinstance(expected, list) and isinstance(actual, list):
        if all(isinstance(item, dict) and "id" in item for item in [*expected, *actual]):
            mine = {item["id"]: item for item in actual}
            theirs = {item["id"]: item for item in expected}
            if mine.keys() != theirs.keys():
                return {path}, 1
            found, compared = set(), 0
            for key in sorted(theirs):
                diff, count = differences(theirs[key], mine[key], f"{path}/*")
                found |= diff
                compared += count
            return found, compared
        return ({path} if sorted(map(str, expected)) != sorted(map(str, actual)) else set()), 1
    return ({path} if expected != actual else set()), 1


@pytest.mark.django_db
def test_full_service_example_comes_back_out_as_it_went_in():
    example = json.loads(
        (EXAMPLES / "service_full.json").read_text(encoding="utf-8"), parse_float=Decimal
    )
    with translation.override("en"):
        # Public, or the export would (rightly) leave the example's contacts out.
        report = hsds_import_path(EXAMPLES / "organization_full.json", contacts_public=True)
        report_service = hsds_import_path(EXAMPLES / "service_full.json", contacts_public=True)
    assert report.rejections == report_service.rejections == []

    service = services_for_hsds(Service.objects.filter(pk=example["id"])).get()
    exported = json.loads(json.dumps(service_to_hsds(service)), parse_float=Decimal)

    found, compared = differences(example, exported)
    # last_modified is kept from the source.
    assert parse_datetime(exported["last_modified"]) == parse_datetime(example["last_modified"])
    assert found <= ALLOWED_DIFFERENCES
    assert compared > 300
