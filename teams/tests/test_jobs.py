from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from audit.models import AccessEvent, Action
from audit.selectors import access_events_verify
from children.models import Child, RecordType, RetentionRule
from concerns.models import Concern
from consents.models import Consent, GivenBy
from consents.services import consent_record
from teams.models import Task, Team, TeamStatus
from teams.services import (
    consent_authority_tasks_create,
    consent_jobs,
    consent_renewal_tasks_create,
    retention_apply,
    task_create,
    task_reminders_send,
    team_close,
)

pytestmark = pytest.mark.django_db


def test_reminders_go_once_a_day_and_name_no_child(world):
    today = timezone.localdate()
    world.member.email = "member@test.laget.invalid"
    world.member.save(update_fields=["email"])
    for title, days in (("Ring Sara", -2), ("Send referat", 1), ("Senere", 10)):
        task_create(
            actor=world.coordinator,
            team=world.team,
            title=title,
            owner=world.member,
            due_on=today + datetime.timedelta(days=days),
        )
    assert task_reminders_send(today=today) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["member@test.laget.invalid"]
    assert "2" in message.body
    assert "Sara" not in message.body + message.subject
    assert "Ring" not in message.body
    assert task_reminders_send(today=today) == 0
    assert task_reminders_send(today=today + datetime.timedelta(days=1)) == 1


def test_a_consent_about_to_end_gives_the_coordinator_one_renewal_task(world):
    today = timezone.localdate()
    Consent.objects.filter(pk=world.consent.pk).update(
        valid_until=today + datetime.timedelta(days=10)
    )
    assert consent_renewal_tasks_create(today=today) == 1
    assert consent_renewal_tasks_create(today=today) == 0
    task = Task.objects.get(source_key=f"consent-renewal:{world.consent.pk}")
    assert task.owner == world.coordinator
    assert task.due_on == today + datetime.timedelta(days=10)
    event = AccessEvent.objects.get(object_type="task", object_id=str(task.pk))
    assert event.actor is None


def _close_long_ago(world, years: int) -> None:
    team_close(actor=world.coordinator, team=world.team, reason="Ferdig", final_evaluation="Bra")
    long_ago = timezone.now() - datetime.timedelta(days=365 * years + 2)
    Team.objects.filter(pk=world.team.pk).update(closed_at=long_ago)
    Concern.objects.filter(pk=world.concern.pk).update(closed_at=long_ago)


def test_retention_deletes_a_team_closed_long_ago_and_the_child_with_nothing_left(world):
    _close_long_ago(world, years=6)
    result = retention_apply()
    assert result.teams == 1
    assert result.children == 1
    assert not Team.objects.filter(pk=world.team.pk).exists()
    assert not Child.objects.filter(pk=world.child.pk).exists()
    # The other child, whose concern is open, is untouched.
    assert Child.objects.filter(pk=world.small_concern.child_id).exists()
    deletions = AccessEvent.objects.filter(child_id=world.child.pk, action=Action.DELETE)
    assert set(deletions.values_list("object_type", flat=True)) == {"team", "child"}
    assert deletions.first().actor_label == "retention job"
    assert access_events_verify().problems == []
    assert retention_apply().teams == 0


def test_a_municipality_rule_keeps_records_longer(world):
    _close_long_ago(world, years=6)
    RetentionRule.objects.create(
        municipality=world.child.municipality,
        record_type=RecordType.TEAM,
        keep_years=10,
        basis="Arkivplan for Porsgrunn kommune",
    )
    assert retention_apply().teams == 0
    assert Team.objects.filter(pk=world.team.pk, status=TeamStatus.CLOSED).exists()


# The worker closes database connections between jobs, as a long-running process should, so
# this test runs outside a wrapping transaction.
@pytest.mark.django_db(transaction=True)
def test_the_daily_jobs_run_through_the_database_queue():
    call_command("enqueue_daily_jobs")
    from laget.management.commands.enqueue_daily_jobs import DAILY_JOBS

    assert DBTaskResult.objects.count() == len(DAILY_JOBS)
    call_command("db_worker", "--batch", "--no-startup-delay")
    statuses = set(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == {"SUCCESSFUL"}


def test_turning_16_moves_the_health_consent_to_the_young_person(world):
    from children.models import Child
    from consents.models import GivenBy
    from consents.services import consent_record

    child = world.child
    consent = consent_record(
        actor=world.coordinator,
        child=child,
        team=world.team,
        units=[world.health],
        information_kinds=["health"],
        purpose="Helsesamtaler",
        text="Foreldrene samtykker.",
        method="paper",
        given_by=GivenBy.GUARDIANS,
        guardians=list(child.guardians.all()),
        valid_from=timezone.localdate(),
    )
    day_before = Child.objects.get(pk=child.pk).birth_date.replace(year=2028) - datetime.timedelta(
        days=1
    )
    assert consent_authority_tasks_create(today=day_before) == 0
    sixteenth = day_before + datetime.timedelta(days=1)
    assert consent_authority_tasks_create(today=sixteenth) == 1
    assert consent_authority_tasks_create(today=sixteenth) == 0
    task = Task.objects.get(source_key__startswith=f"consent-authority:{consent.pk}")
    assert task.owner == world.coordinator
    assert "16" in task.title


def _health_consents(world, count: int) -> list[Consent]:
    """`count` consents to share with the health station, given by the guardians: each needs
    the young person's word from the day the child turns 16."""
    child = world.child
    return [
        consent_record(
            actor=world.coordinator,
            child=child,
            team=world.team,
            units=[world.health],
            information_kinds=["health"],
            purpose=f"Helsesamtaler {number}",
            text="Foreldrene samtykker.",
            method="paper",
            given_by=GivenBy.GUARDIANS,
            guardians=list(child.guardians.all()),
            valid_from=timezone.localdate(),
        )
        for number in range(count)
    ]


def _sixteenth(world) -> datetime.date:
    return Child.objects.get(pk=world.child.pk).birth_date.replace(year=2028)


def test_the_consent_authority_job_costs_the_same_queries_for_3_and_30_consents(
    world, django_assert_max_num_queries
):
    sixteenth = _sixteenth(world)
    _health_consents(world, 3)
    with CaptureQueriesContext(connection) as few:
        assert consent_authority_tasks_create(today=sixteenth) == 3
    _health_consents(world, 27)
    with CaptureQueriesContext(connection) as many:
        assert consent_authority_tasks_create(today=sixteenth) == 27
    assert len(many) == len(few)
    # Nothing left to do costs the reading only: the consents and their units' sectors.
    with django_assert_max_num_queries(len(few)):
        assert consent_authority_tasks_create(today=sixteenth) == 0
    tasks = Task.objects.filter(source_key__startswith="consent-authority:")
    assert tasks.count() == 30
    assert set(tasks.values_list("owner", flat=True)) == {world.coordinator.pk}
    events = AccessEvent.objects.filter(object_type="task", actor__isnull=True)
    assert set(events.values_list("object_id", flat=True)) >= {str(t.pk) for t in tasks}
    assert access_events_verify().ok


def test_the_consent_authority_job_reads_every_consent_a_chunk_at_a_time(world, monkeypatch):
    monkeypatch.setattr(consent_jobs, "CHUNK_SIZE", 4)
    made = _health_consents(world, 11)
    assert consent_authority_tasks_create(today=_sixteenth(world)) == 11
    keys = set(Task.objects.values_list("source_key", flat=True))
    assert {f"consent-authority:{c.pk}:young_person" for c in made} <= keys


def test_the_renewal_job_reads_every_consent_a_chunk_at_a_time(world, monkeypatch):
    monkeypatch.setattr(consent_jobs, "CHUNK_SIZE", 2)
    today = timezone.localdate()
    made = _health_consents(world, 5)
    Consent.objects.filter(pk__in=[c.pk for c in made]).update(
        valid_until=today + datetime.timedelta(days=3)
    )
    assert consent_renewal_tasks_create(today=today) == 5
    assert consent_renewal_tasks_create(today=today) == 0
