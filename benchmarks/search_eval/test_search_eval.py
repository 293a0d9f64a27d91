"""Search evaluation (issue 18): top-1, top-5 and mean reciprocal rank per query table, for the
directory page's search and for the HSDS API's `search`, on the database of DATABASE_URL.

    make search-eval      # both databases: SQLite, then PostgreSQL

Tables:
- demo: the general search-quality table (directory/tests/test_search_quality.py) on the demo
  directory of Porsgrunn; the API is asked without a place, as an integrator would.
- plain-v1: the frozen plain catalogue (plain-v1/README.md), imported through the HSDS import
  into a new municipality, Fjellvik, with no other local services; the API is asked within
  Fjellvik's organisation (`organization_id`).
- dev-v1: the tuning set (dev-v1/README.md), 47 plain services of Steinkjer imported the same
  way beside plain-v1; its misses are printed, and it may be tuned on.
- plain-v2: the held-out plain catalogue (plain-v2/README.md), written without reading the
  engine, imported the same way into Gjøvik (a real municipality with no other local services),
  in a database of its own beside the demo directory. Only its figures are printed, never its
  misses: whoever tunes the engine must not see them.

Not a test: figures are reported, not asserted (the asserted tables live in directory/tests).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from directory.demo import demo_directory_seed
from directory.hsds_in import hsds_import_path
from directory.models import Service, ServiceArea
from directory.search import search_index_update
from directory.selectors import SearchFilters, service_search
from directory.tests.test_search_quality import QUERIES as DEMO_QUERIES
from municipalities.models import Municipality
from tests.factories import municipality

HERE = Path(__file__).parent
PLAIN = HERE / "plain-v1"
DEV = HERE / "dev-v1"
HELD_OUT = HERE / "plain-v2"
DEPTH = 10  # results read per query; the reciprocal rank is 0 beyond it


@dataclass
class Score:
    top1: int = 0
    top5: int = 0
    rr: float = 0.0
    count: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, query: str, names: list[str], right: tuple[str, ...], *, exact: bool) -> None:
        def hit(name: str) -> bool:
            if exact:
                return name in right
            return any(part.lower() in name.lower() for part in right)

        rank = next((i + 1 for i, name in enumerate(names[:DEPTH]) if hit(name)), None)
        self.count += 1
        self.top1 += rank == 1
        self.top5 += rank is not None and rank <= 5
        self.rr += 1 / rank if rank else 0.0
        if rank is None or rank > 5:
            self.misses.append(f"{query!r} (rank {rank}): {names[:5]}")

    def line(self, label: str) -> str:
        n = self.count or 1
        return (
            f"{label:<22} top-1 {self.top1:>3}/{self.count} ({100 * self.top1 / n:5.1f} %)  "
            f"top-5 {self.top5:>3}/{self.count} ({100 * self.top5 / n:5.1f} %)  "
            f"MRR {self.rr / n:.3f}"
        )


def _plain_queries(folder: Path = PLAIN) -> list[tuple[str, str, tuple[str, ...]]]:
    rows = []
    with (folder / "queries.tsv").open(encoding="utf-8") as lines:
        for row in csv.reader((line for line in lines if not line.startswith("#")), delimiter="\t"):
            query, kind, expected = row
            rows.append((query, kind, tuple(part.strip() for part in expected.split("|"))))
    return rows


def _page_names(text: str, place: Municipality, *, young: bool) -> list[str]:
    page = service_search(
        text=text, filters=SearchFilters(municipality=place, young_person=young), per_page=DEPTH
    )
    return [service.name for service in page.services]


def _api_names(client: Client, text: str, **params: str) -> list[str]:
    query: dict[str, str | int] = {"search": text, "per_page": DEPTH, **params}
    response = client.get("/api/hsds/services", query)
    if response.status_code != 200:
        raise RuntimeError(response.content)
    return [item["name"] for item in response.json()["contents"]]


def _fjellvik() -> Municipality:
    county = municipality("4001").county
    return Municipality.objects.create(
        number="4099",
        name="Fjellvik",
        name_norwegian="Fjellvik",
        name_ssb="Fjellvik",
        county=county,
    )


def _import_plain(folder: Path, place: Municipality) -> str:
    """Imports the folder's catalogue and places its services in `place`; its organisation's id."""
    report = hsds_import_path(folder / "catalogue.json")
    if report.rejections:
        raise RuntimeError(report.rejections)
    organization_id: str = json.loads((folder / "catalogue.json").read_text())["id"]
    # The municipality places its imported services where it offers them (the feed says nothing).
    imported = list(Service.objects.filter(organization_id=organization_id))
    if len(imported) < 40:
        raise RuntimeError(f"{len(imported)} services imported")
    ServiceArea.objects.bulk_create(
        ServiceArea(service=service, name=place.name, municipality=place) for service in imported
    )
    search_index_update(service_ids=[service.id for service in imported])
    return organization_id


def _plain_scores(folder: Path, place: Municipality, organization_id: str) -> tuple[Score, Score]:
    client = Client()
    page, api = Score(), Score()
    for query, kind, right in _plain_queries(folder):
        page.add(query, _page_names(query, place, young=kind == "young"), right, exact=True)
        api.add(
            query, _api_names(client, query, organization_id=organization_id), right, exact=True
        )
    return page, api


@pytest.mark.django_db
def test_search_eval(capsys: pytest.CaptureFixture[str]) -> None:
    porsgrunn = municipality("4001")
    municipality("4003")
    demo_directory_seed()
    fjellvik = _fjellvik()
    organization_id = _import_plain(PLAIN, fjellvik)
    steinkjer = municipality("5006")
    dev_organization_id = _import_plain(DEV, steinkjer)
    client = Client()

    scores: dict[str, Score] = {}
    demo_page, demo_api = Score(), Score()
    for query, young, expected in DEMO_QUERIES:
        right = (expected,) if isinstance(expected, str) else tuple(expected)
        demo_page.add(query, _page_names(query, porsgrunn, young=young), right, exact=False)
        demo_api.add(query, _api_names(client, query), right, exact=False)
    scores["demo page"], scores["demo API"] = demo_page, demo_api
    scores["plain-v1 page"], scores["plain-v1 API"] = _plain_scores(
        PLAIN, fjellvik, organization_id
    )
    scores["dev-v1 page"], scores["dev-v1 API"] = _plain_scores(DEV, steinkjer, dev_organization_id)

    with capsys.disabled():
        print(f"\n== search evaluation on {connection.vendor} ==")
        for label, score in scores.items():
            print(score.line(label))
        for label, score in scores.items():
            print(f"-- misses, {label} --")
            for miss in score.misses:
                print("   ", miss)


@pytest.mark.django_db
def test_search_eval_held_out(capsys: pytest.CaptureFixture[str]) -> None:
    """plain-v2 alone beside the demo directory: figures only, its misses stay unseen."""
    municipality("4001")
    municipality("4003")
    demo_directory_seed()
    gjovik = municipality("3407")
    organization_id = _import_plain(HELD_OUT, gjovik)
    page, api = _plain_scores(HELD_OUT, gjovik, organization_id)

    with capsys.disabled():
        print(f"\n== held-out search evaluation on {connection.vendor} (misses not shown) ==")
        print(page.line("plain-v2 page"))
        print(api.line("plain-v2 API"))
