"""Access events in plain words: who, when, what, why and on which basis, never an id or a code."""

from __future__ import annotations

import ast
import datetime
import re
from pathlib import Path

import pytest
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from audit.models import AccessEvent, Action
from audit.selectors import access_events_for_child
from audit.services import access_event_record
from children.access_log import (
    CITATIONS,
    GUARDIAN_BASIS,
    OWN_DATA_BASIS,
    PURPOSES,
    Audience,
    day_text,
    when_text,
)
from concerns.services import welfare_report_send
from consents.sharing import report_legal_basis, sharing_assess
from portal import access as portal_access
from teams.access import access_team
from teams.access_log import access_log_page, access_rows
from tests.factories import UnitFactory
from tests.plain_pages import page_problems, page_read
from units.models import Sector, Unit

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Written on events without a child: they never show in a child's access log.
NOT_ABOUT_A_CHILD = {
    "administration",
    "administration: access grant",
    "authentication",
    "anchoring the access log",
    "directory review",
    "directory upkeep",
    "issuing an API token",
    "revoking an API token",
    "registering a system client",
    "rotating a system client's secret",
    "revoking a system client",
}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _read_team(world, user):
    access_team(user, world.team.pk)


def _rows(world, audience=Audience.STAFF, **options):
    with translation.override("en"):
        return access_rows(
            access_events_for_child(child_id=world.child.pk),
            children=[world.child],
            audience=audience,
            **options,
        )


def _record(world, **fields):
    with transaction.atomic():
        return access_event_record(
            child_id=world.child.pk, municipality=world.child.municipality, **fields
        )


def test_a_moment_is_local_time_in_the_norwegian_way():
    winter = datetime.datetime(2026, 11, 13, 13, 5, tzinfo=datetime.UTC)
    summer = datetime.datetime(2026, 6, 2, 22, 30, tzinfo=datetime.UTC)
    with translation.override("nb"):
        assert when_text(winter) == "13. nov. 2026 kl. 14.05"
        assert when_text(summer) == "3. jun. 2026 kl. 00.30"
        assert day_text(datetime.date(2026, 11, 3)) == "3.11.2026"
    with translation.override("nn"):
        assert when_text(winter) == "13. nov. 2026 kl. 14.05"
    with translation.override("en"):
        assert when_text(winter) == "13 Nov 2026, 14:05"


def test_a_read_on_consent_names_who_gave_it_and_when(world):
    _read_team(world, world.coordinator)
    _read_team(world, world.member)
    rows = _rows(world)
    team_reads = [row for row in rows if row.why == "work in the team around the child"]
    assert team_reads
    with translation.override("en"):
        given = day_text(world.consent.valid_from)
    assert {row.basis for row in team_reads} <= {f"consent from Sara and Mona Testesen {given}"}
    coordinator = next(row for row in rows if row.who == world.coordinator.display_name())
    assert coordinator.unit == world.school.name
    assert coordinator.role == "Professional, coordinator"
    member = next(row for row in rows if row.who == world.member.display_name())
    assert (member.unit, member.role) == (world.health.name, "Professional, team member")


def test_no_row_shows_an_id_a_code_or_an_iso_time(world):
    _read_team(world, world.member)
    welfare_report_send(
        actor=world.coordinator,
        unit=world.school,
        child=world.child,
        grounds="Bekymring for omsorgen.",
        urgent=False,
        guardians_informed=True,
        concern=world.concern,
    )
    rows = _rows(world)
    assert len(rows) == AccessEvent.objects.filter(child_id=world.child.pk).count() > 10
    for row in rows:
        text = "\n".join([row.when, row.who, row.role, row.unit, row.what, row.why, row.basis])
        assert not UUID.search(text), text
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text), text
        assert row.what
        assert row.when
        assert row.what[0].isupper()
    bases = {row.basis for row in rows}
    assert "duty to report to child welfare (barnevernsloven § 13-2)" in bases
    assert "the concern is in their own unit" in bases
    assert "Sent a report to child welfare" in {row.what for row in rows}


def test_a_write_by_a_member_names_the_consent_that_covered_their_unit(world):
    _record(
        world,
        actor=world.member,
        action=Action.CREATE,
        object_type="goal",
        object_id="1",
        purpose="adding a goal",
        legal_basis="team member with consent",
    )
    row = _rows(world)[0]
    assert (row.who, row.why) == (world.member.display_name(), "adding a goal")
    assert row.basis.startswith("consent from Sara and Mona Testesen")
    assert row.what == "Added a goal"


def test_the_portal_speaks_to_the_young_person_and_names_guardians(world):
    label = portal_access.portal_label(child=world.child, guardian=None)
    guardian = world.child.guardians.get()
    _record(
        world,
        actor=None,
        actor_label=label,
        action=Action.READ,
        object_type="child",
        object_id=str(world.child.pk),
        purpose="the young person reads their plan",
        legal_basis=OWN_DATA_BASIS,
        detail={"viewer": "young_person"},
    )
    _record(
        world,
        actor=None,
        actor_label=portal_access.portal_label(child=world.child, guardian=guardian),
        action=Action.LOGIN,
        object_type="portal",
        purpose="logging in to the portal",
        legal_basis=GUARDIAN_BASIS,
    )
    login, own = _rows(world, Audience.YOUNG_PERSON)[:2]
    assert (own.who, own.role, own.what) == ("You", "in the portal", "Looked at your details")
    assert own.basis == "your right to see your own information"
    assert (login.who, login.role) == ("Mona Testesen", "guardian, in the portal")
    assert login.what == "Logged in to the portal"
    assert login.basis == "a parent's right to see their child's information"
    staff_view = _rows(world, Audience.STAFF)[1]
    assert (staff_view.who, staff_view.what) == (
        world.child.full_name,
        "Looked at the child's details",
    )


def test_a_consent_the_reader_may_not_know_of_is_only_a_consent(world):
    _read_team(world, world.member)
    rows = _rows(world, Audience.GUARDIAN, unnamed_consents={world.consent.pk})
    team_reads = {row.basis for row in rows if row.why == "work in the team around the child"}
    assert team_reads == {"a consent"}


def test_an_unknown_basis_loses_its_id_and_a_job_is_laget(world):
    _record(
        world,
        actor=None,
        actor_label="retention job",
        action=Action.DELETE,
        object_type="meeting",
        object_id="1",
        purpose="deleting personal data after the retention period",
        legal_basis="team",
    )
    _record(
        world,
        actor=world.coordinator,
        action=Action.READ,
        object_type="something new",
        purpose="reading the plan",
        legal_basis=f"helsepersonelloven § 10 ({world.consent.pk})",
    )
    odd, job = _rows(world)[:2]
    assert (job.who, job.role, job.what) == ("Laget", "an automatic job", "Deleted a meeting")
    assert job.basis == "the rules on how long information is kept"
    assert odd.what == "Looked at the information"
    assert str(world.consent.pk) not in odd.basis


def test_rows_cost_the_same_queries_for_few_and_many_events(world, django_assert_max_num_queries):
    few = list(access_events_for_child(child_id=world.child.pk)[:3])
    for _ in range(40):
        _record(
            world,
            actor=world.member,
            action=Action.READ,
            object_type="team",
            object_id=str(world.team.pk),
            purpose="reading the team page",
            legal_basis="team member with consent",
        )
    many = list(access_events_for_child(child_id=world.child.pk))
    with django_assert_max_num_queries(5):
        access_rows(few, children=[world.child], audience=Audience.STAFF)
    with django_assert_max_num_queries(5):
        access_rows(many, children=[world.child], audience=Audience.STAFF)


def test_the_staff_page_shows_one_plain_page_of_rows_with_links_to_the_others(world):
    for _ in range(30):
        _record(
            world,
            actor=world.coordinator,
            action=Action.READ,
            object_type="team",
            object_id=str(world.team.pk),
            purpose="reading who has seen the child",
            legal_basis=f"consent {world.consent.pk}",
        )
    with translation.override("en"):
        log = access_log_page(child=world.child, audience=Audience.STAFF, page_number="2")
        html = render_to_string("teams/access_log.html", {"team": world.team, "log": log})
    total = AccessEvent.objects.filter(child_id=world.child.pk).count()
    assert log.page.number == 2
    assert len(log.rows) == min(25, total - 25)
    assert html.count('class="laget-access-event"') == len(log.rows)
    assert 'rel="prev" href="?page=1"' in html
    assert f"Page 2 of {log.page.paginator.num_pages}" in html
    text, _links = page_read(html)
    assert [p for p in page_problems(text) if p.startswith(("UUID", "ISO"))] == []
    assert "consent from Sara and Mona Testesen" in text


def test_every_purpose_the_code_writes_is_in_the_vocabulary():
    written = set()
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & {".venv", "node_modules", "var", "tests", "migrations"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
            owner = getattr(getattr(getattr(node.func, "value", None), "value", None), "id", "")
            if name in {"consent_record", "_consent"} or (name == "create" and owner == "Consent"):
                continue  # a consent's own purpose, written by people
            for keyword in node.keywords:
                value = keyword.value
                if keyword.arg != "purpose":
                    continue
                options = value.values if isinstance(value, ast.BoolOp) else [value]
                if isinstance(value, ast.IfExp):
                    options = [value.body, value.orelse]
                for option in options:
                    # gettext_noop("…") at the call is in the catalogue already.
                    if isinstance(option, ast.Constant) and isinstance(option.value, str):
                        written.add(option.value)
    portal_purposes = {purpose for pair in portal_access.PURPOSES.values() for purpose in pair}
    assert len(written) > 30
    assert written - set(PURPOSES) - portal_purposes - NOT_ABOUT_A_CHILD == set()


def test_the_bases_the_services_write_are_known_by_name():
    assert portal_access.OWN_DATA_BASIS == OWN_DATA_BASIS
    assert portal_access.GUARDIAN_BASIS == GUARDIAN_BASIS
    for sector in Sector:
        assert report_legal_basis(unit=Unit(sector=sector)) in CITATIONS


def test_the_sharing_assistants_legal_bases_are_known_by_name(world):
    welfare = UnitFactory(
        municipality=world.school.municipality, name="Barnevernet", sector=Sector.CHILD_WELFARE
    )
    for sender in (world.health, world.school):
        for situation in ("report_child_welfare", "danger", "anonymous"):
            answer = sharing_assess(
                child=world.child,
                sender_unit=sender,
                recipient_unit=welfare,
                situation=situation,
                information_kinds=["plan"],
            )
            assert answer.legal_basis in CITATIONS
