"""The data export and the access log: exactly the child's records, nothing about anyone else."""

from __future__ import annotations

import html
import io
import json
import re

import pytest
from django.utils import timezone, translation

from audit.models import AccessEvent
from children.access_log import Audience
from concerns.services import welfare_report_send
from plans.models import Goal, Measure, Revision
from plans.services import evaluation_add
from portal.tests.helpers import portal_log_in
from teamlog.models import LogEntry
from teams.access_log import access_rows
from teams.models import Task, TeamMember
from teams.services import task_create
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    evaluation_add(
        actor=world.coordinator,
        measure=world.measure,
        evaluated_on=timezone.localdate(),
        result="Går bedre.",
        child_view="Det hjelper.",
    )
    task_create(
        actor=world.coordinator,
        team=world.team,
        title="Ringe mor",
        owner=world.coordinator,
        due_on=timezone.localdate(),
    )
    welfare_report_send(
        actor=world.coordinator,
        unit=world.school,
        child=world.child,
        grounds="Bekymring for omsorgen.",
        urgent=False,
        guardians_informed=True,
        concern=world.concern,
    )
    # Someone else's records in the same units, written by the same people.
    other = world.small_concern.child
    welfare_report_send(
        actor=world.coordinator,
        unit=world.school,
        child=other,
        grounds="Jonas sin melding.",
        urgent=True,
        guardians_informed=False,
        concern=world.small_concern,
    )
    return world


def test_the_export_has_every_record_of_the_child(client, world):
    portal_log_in(client, world.child.identity_number)
    data = client.get(f"/portal/{world.child.pk}/data/laget.json").json()
    child = world.child

    def ids(key):
        return {row["id"] for row in data[key]}

    assert data["child"]["identity_number"] == child.identity_number
    assert ids("guardians") == {str(g.pk) for g in child.guardians.all()}
    assert ids("concerns") == {str(world.concern.pk)}
    assert len(data["welfare_reports"]) == 1
    assert ids("teams") == {str(world.team.pk)}
    # The five of the municipality's units, the county member and the BUP member.
    assert len(data["teams"][0]["members"]) == 7
    assert ids("consents") == {str(c.pk) for c in child.consents.all()}
    assert len(ids("consents")) == 3  # the withdrawn one, its replacement, the county's
    assert ids("plans") == {str(world.plan.pk)}
    assert ids("goals") == {str(g.pk) for g in Goal.objects.filter(plan=world.plan)}
    assert ids("measures") == {str(m.pk) for m in Measure.objects.filter(plan=world.plan)}
    assert data["measures"][0]["evaluations"][0]["child_view"] == "Det hjelper."
    assert ids("revisions") == {r.pk for r in Revision.objects.filter(plan=world.plan)}
    assert ids("log_entries") == set(
        LogEntry.objects.filter(child=child).values_list("pk", flat=True)
    )
    assert ids("meetings") == {str(world.meeting.pk)}
    assert ids("tasks") == {str(t.pk) for t in Task.objects.filter(child=child)}
    assert len(ids("tasks")) >= 2  # the team task and the welfare report's deadlines
    # Every access event, including the export itself.
    assert ids("access_events") == set(
        AccessEvent.objects.filter(child_id=child.pk).values_list("pk", flat=True)
    ) - {AccessEvent.objects.filter(child_id=child.pk).latest("id").pk} | {
        row["id"] for row in data["access_events"]
    }
    assert len(data["access_events"]) == AccessEvent.objects.filter(child_id=child.pk).count()


def test_the_export_has_nothing_about_the_other_child(client, world):
    portal_log_in(client, world.child.identity_number)
    raw = client.get(f"/portal/{world.child.pk}/data/laget.json").content.decode()
    other = world.small_concern.child
    for secret in [
        str(other.pk),
        str(world.small_concern.pk),
        other.given_name,
        other.family_name,
        "Virker sliten i timene.",
        "Jonas sin melding.",
    ]:
        assert secret not in raw
    other_events = AccessEvent.objects.filter(child_id=other.pk)
    data = json.loads(raw)
    assert not {row["id"] for row in data["access_events"]} & set(
        other_events.values_list("pk", flat=True)
    )


def _rows(page: str) -> list[dict[str, str]]:
    rows = []
    for event_id, body in re.findall(
        r'<li class="laget-access-event" data-event="(\d+)">(.*?)</li>', page, re.S
    ):
        fields = {
            name: " ".join(html.unescape(re.sub(r"<[^>]+>", " ", value)).split())
            for name, value in re.findall(r'<dd data-field="(\w+)">(.*?)</dd>', body, re.S)
        }
        rows.append({"id": event_id, **fields})
    return rows


def test_the_access_log_page_is_exactly_the_childs_access_events(client, world, monkeypatch):
    monkeypatch.setattr("teams.access_log.pages.ACCESS_LOG_PAGE_SIZE", 10)
    portal_log_in(client, world.child.identity_number)
    client.get(f"/portal/{world.child.pk}/plan/")
    shown: list[dict[str, str]] = []
    page_number = 1
    while True:
        answer = client.get(
            f"/portal/{world.child.pk}/seen/?page={page_number}", HTTP_ACCEPT_LANGUAGE="en"
        )
        page = answer.content.decode()
        shown += _rows(page)
        if 'rel="next"' not in page:
            break
        page_number += 1
    assert page_number > 1, "the world's log is longer than one page"
    # Reading each page wrote an event too; compare with the log as it was for each page.
    events = list(
        AccessEvent.objects.filter(child_id=world.child.pk).select_related("actor").order_by("-id")
    )
    shown_events = [
        event
        for number in range(1, page_number + 1)
        for event in events[page_number - number :][(number - 1) * 10 : number * 10]
    ]
    assert [row["id"] for row in shown] == [str(e.pk) for e in shown_events]
    with translation.override("en"):
        expected = access_rows(shown_events, children=[world.child], audience=Audience.YOUNG_PERSON)
    units = {m.user_id: m.unit.name for m in TeamMember.objects.filter(team=world.team)}
    for row, event, plain in zip(shown, shown_events, expected, strict=True):
        local = timezone.localtime(event.occurred_at)
        assert row["when"] == f"{local.day} {local:%b %Y, %H:%M}"
        if event.actor:
            assert row["who"].startswith(event.actor.display_name())
            assert units[event.actor_id] in row["who"]
        else:
            assert row["who"] == f"{plain.who} ({plain.role})"
        assert row["what"] == plain.what
        assert row["why"] == (plain.why or "–")
        assert row["basis"] == (plain.basis or "–")
        assert str(world.child.pk)[:8] not in " ".join(row.values())
    bases = {row["basis"] for row in shown}
    given = timezone.localdate().strftime("%-d %b %Y")
    assert f"consent from Sara and Mona Testesen {given}" in bases
    assert "your right to see your own information" in bases
    other = world.small_concern.child
    assert not AccessEvent.objects.filter(child_id=other.pk, pk__in=[r["id"] for r in shown])


def test_a_guardians_export_leaves_out_what_the_rules_withhold(client, world):
    from children.identity import IDENTITY_NUMBER_FIELDS
    from children.models import Child, Guardian
    from portal.access import portal_access_for
    from portal.services import portal_health_choice_set
    from portal.tests.helpers import born_years_ago

    Child.objects.filter(pk=world.child.pk).update(birth_date=born_years_ago(13))
    for guardian in Guardian.objects.filter(child=world.child):
        guardian.identity_number = "02448510185"
        guardian.save(update_fields=IDENTITY_NUMBER_FIELDS)
    access = portal_access_for(pid=world.child.identity_number, child_id=world.child.pk)
    portal_health_choice_set(access=access, choice="withhold")
    portal_log_in(client, "02448510185")
    answer = client.get(f"/portal/{world.child.pk}/data/laget.json", HTTP_ACCEPT_LANGUAGE="en")
    data = answer.json()
    raw = answer.content.decode()
    assert "Samtaler med helsesykepleier" not in raw
    assert world.member.display_name() not in raw
    assert "Bekymring for omsorgen." not in raw  # no welfare reports or concerns for guardians
    assert "identity_number" not in data["child"]
    assert "has asked for that" in data["note"]
    assert client.get(f"/portal/{world.child.pk}/data/laget.pdf").content.startswith(b"%PDF")


def test_the_pdf_says_everything_in_plain_words(client, world):
    from pypdf import PdfReader

    from teams.access import access_team

    access_team(world.member, world.team.pk)
    portal_log_in(client, world.child.identity_number)
    answer = client.get(f"/portal/{world.child.pk}/data/laget.pdf", HTTP_ACCEPT_LANGUAGE="en")
    pages = PdfReader(io.BytesIO(answer.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}", text)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    given = world.consent.valid_from
    assert f"consent from Sara and Mona Testesen {given.day} {given:%b %Y}" in text
    assert f"{world.coordinator.display_name()} {world.school.name} Coordinator" in text
    assert "Looked at the team" in text
    assert "work in the team around the child" in text
