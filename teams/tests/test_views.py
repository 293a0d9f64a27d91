from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import override

from conftest import verified_client
from teams.services import log_note_add, task_create
from tests.queries import page_statements, scope_lookups, statements_of_second_view

pytestmark = pytest.mark.django_db


def test_the_team_page_shows_the_log_members_and_plan_links(world):
    response = verified_client(world.member).get(reverse("teams:detail", args=[world.team.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Sara Testesen" in body
    assert "Mye fravær" not in body  # the concern text lives on the concern page
    opened = world.team.log.get(kind="level")
    with override("nb"):
        assert escape(opened.display_text()) in body  # the log line, in the reader's language
    assert world.child.identity_number not in body


def test_the_team_page_uses_the_same_number_of_queries_for_a_longer_history(world):
    client = verified_client(world.member)
    url = reverse("teams:detail", args=[world.team.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    due = timezone.localdate() + datetime.timedelta(days=5)
    for n in range(8):
        log_note_add(actor=world.coordinator, team=world.team, kind="note", text=f"Notat {n}")
        task_create(
            actor=world.coordinator, team=world.team, title=f"T{n}", owner=world.member, due_on=due
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_work_list_uses_the_same_number_of_queries_for_more_tasks(world):
    client = verified_client(world.member)
    url = reverse("teams:work")
    due = timezone.localdate() - datetime.timedelta(days=1)
    task_create(actor=world.coordinator, team=world.team, title="T", owner=world.member, due_on=due)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(4):
        task_create(
            actor=world.coordinator, team=world.team, title=f"T{n}", owner=world.member, due_on=due
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert (
        response.content.decode().count("Overdue") + response.content.decode().count("Forfalt") == 5
    )


def test_a_member_whose_consent_was_withdrawn_sees_no_tasks_or_team_in_the_work_list(world):
    task_create(
        actor=world.coordinator,
        team=world.team,
        title="Hemmelig oppgave",
        owner=world.withdrawn,
        due_on=timezone.localdate(),
    )
    body = verified_client(world.withdrawn).get(reverse("teams:work")).content.decode()
    assert "Sara" not in body
    assert "Hemmelig oppgave" not in body


def test_an_empty_log_note_gives_a_field_error(world):
    client = verified_client(world.member)
    response = client.post(reverse("teams:log_add", args=[world.team.pk]), {"kind": "note"})
    assert response.status_code == 400
    assert "text" in response.context["form"].errors


def test_a_second_guardian_is_added_and_bad_numbers_are_refused(world):
    client = verified_client(world.member)
    url = reverse("teams:guardian_new", args=[world.team.pk])
    bad = client.post(url, {"name": "Per Testesen", "relation": "far", "identity_number": "123"})
    assert bad.status_code == 400
    assert "identity_number" in bad.context["form"].errors
    assert world.child.guardians.count() == 1
    good = client.post(
        url, {"name": "Per Testesen", "relation": "far", "has_parental_responsibility": "on"}
    )
    assert good.status_code == 302
    assert world.child.guardians.filter(has_parental_responsibility=True).count() == 2
    body = client.get(reverse("teams:detail", args=[world.team.pk])).content.decode()
    assert "Per Testesen" in body


def test_a_member_may_leave_but_not_remove_someone_else(world):
    from teams.models import MemberStatus, TeamMember

    other = TeamMember.objects.get(team=world.team, user=world.withdrawn)
    # The withdrawn member has no access; use the health member, who does.
    url = reverse("teams:leave", args=[world.team.pk, other.pk])
    assert verified_client(world.member).post(url).status_code == 403
    other.refresh_from_db()
    assert other.status == MemberStatus.ACTIVE


def test_inviting_an_uncovered_unit_says_so_on_the_person_field_once(world):
    from people.models import Membership

    membership = Membership.objects.get(user=world.outsider)
    response = verified_client(world.coordinator).post(
        reverse("teams:invite", args=[world.team.pk]), {"membership": membership.pk}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["membership"]
    assert len(errors["membership"]) == 1


def test_who_has_seen_the_child_is_a_page_of_the_newest_in_the_same_number_of_queries(world):
    client = verified_client(world.coordinator)
    url = reverse("teams:access_log", args=[world.team.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(60):
        log_note_add(actor=world.coordinator, team=world.team, kind="note", text=f"Notat {n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    rows = response.content.decode().count('class="laget-access-event"')
    assert rows == 25
    # Newest first: the page's own read is the first row.
    first = response.content.decode().split('class="laget-access-event"')[1]
    with override("en"):
        response = client.get(url + "?page=2")
    assert response.status_code == 200
    assert 'rel="prev" href="?page=1"' in response.content.decode()
    assert "who has seen" in first.lower() or "hvem som har sett" in first.lower()


# The consents page: session, user, second factor; the access check (membership, works in,
# consent, the read's event); the ledger and its units and guardians; the form's choices and
# who must consent; the header. It read the whole team page too before (ten more), and the
# memberships twice; and the units the ledger names once more for the form's short list.
CONSENTS_PAGE_QUERIES = 18


def test_the_consents_page_costs_a_fixed_number_of_queries_however_long_the_ledger(world):
    from tests.world import _consent

    client = verified_client(world.coordinator)
    url = reverse("teams:consents", args=[world.team.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        shown = client.get(url).content.decode().count('aria-labelledby="consent-')
    for _ in range(3):
        _consent(world.coordinator, world.child, [world.school], team=world.team)
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    expected = CONSENTS_PAGE_QUERIES + scope_lookups()
    assert len(page_statements(many)) == len(page_statements(few)) == expected
    assert body.count('aria-labelledby="consent-') == shown + 3
    # The page reads the ledger, not the team page's log, tasks or meetings.
    assert not any("teams_logentry" in sql for sql in page_statements(many))


def test_the_consent_form_shows_the_moving_to_choice_only_when_asked_for(world):
    client = verified_client(world.coordinator)
    url = reverse("teams:consents", args=[world.team.pk])
    body = client.get(url).content.decode()
    assert 'name="moving_to"' not in body
    assert 'name="kept_until"' not in body
    assert 'formaction="?moving=1"' in body
    # The button sends the form back unsaved with what is filled in, and the choice open.
    opened = client.post(
        f"{url}?moving=1", {"action": "check", "kind": "consent", "purpose": "Flytting"}
    )
    text = opened.content.decode()
    assert opened.status_code == 200
    assert 'name="moving_to"' in text
    assert 'name="kept_until"' in text
    assert 'value="Flytting"' in text
    assert not world.child.consents.filter(purpose="Flytting").exists()
    # A link to the open choice works without a form, too.
    assert 'name="moving_to"' in client.get(f"{url}?moving=1").content.decode()


def _reads(queries: list[str], table: str) -> int:
    """How many of the statements read rows of this table first (not as a subquery or join)."""
    return sum(sql.startswith(f'SELECT "{table}"."') for sql in queries)


# Mitt arbeid: session, user, second factor; the work scope, the teams (counted from the scope,
# not by a query), meetings, evaluations, consents ending, the memberships (read once: the page,
# the header's place and any access check share them), transitions waiting, unit evaluations,
# work needing an owner (two), invitations (two), hand-overs, and tasks and concerns (each
# page with its count in one statement). The header's count comes from these lists: it was one
# more statement, and the tasks' and concerns' counts one each.
WORK_PAGE_QUERIES = 18


def test_mitt_arbeid_reads_the_memberships_once_and_does_not_count_the_teams(world):
    queries = statements_of_second_view(verified_client(world.coordinator), reverse("teams:work"))
    assert len(queries) == WORK_PAGE_QUERIES + scope_lookups()
    assert _reads(queries, "people_membership") == 1
    assert not any('SELECT COUNT(*) AS "__count" FROM "teams_team"' in sql for sql in queries)


# The team page: session, user, second factor; the access check (membership, memberships,
# consent, the read's event: three statements with its transaction); members, meetings, tasks,
# hand-overs, log, guardians, unit invitations, measures needing an owner; the header's count
# (two). It read the consent ledger (three) and the plan too before, which it does not show.
TEAM_PAGE_QUERIES = 19


def test_the_team_page_reads_neither_the_ledger_nor_the_plan(world):
    url = reverse("teams:detail", args=[world.team.pk])
    queries = statements_of_second_view(verified_client(world.member), url)
    assert len(queries) == TEAM_PAGE_QUERIES + scope_lookups()
    assert _reads(queries, "plans_plan") == 0
    assert not any("_prefetch_related_val_consent_id" in sql for sql in queries)
    assert _reads(queries, "people_membership") == 1
