"""Starting, answering and ticking off transitions, and the daily flags."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import override

from audit.models import AccessEvent
from people.models import Role
from teams.models import MemberStatus, Task, TaskStatus, TeamMember
from tests.factories import UnitFactory, member, municipality
from transitions.checklists import LABELS, checklist_of, checklists
from transitions.models import Transition, TransitionKind, TransitionStatus
from transitions.services import (
    transition_answer,
    transition_start,
    transition_tick,
    transitions_flag,
)
from units.models import Organisation, OrganisationKind, Sector


def _start(world, **overrides):
    arguments = {
        "actor": world.coordinator,
        "team": world.team,
        "from_unit": world.school,
        "kind": TransitionKind.LOWER_UPPER_SECONDARY,
        "to_unit": world.upper_secondary,
        "starts_on": timezone.localdate() + datetime.timedelta(days=120),
        "note": "Trenger en fast kontaktlærer.",
        "young_person_words": "Jeg trenger et rolig sted å være i friminuttene.",
    }
    return transition_start(**{**arguments, **overrides})


def test_every_kind_has_a_checklist_whose_labels_are_translatable():
    assert set(checklists()) == set(TransitionKind.values)
    labels = {item.label_en for items in checklists().values() for item in items}
    assert labels == set(LABELS)
    for items in checklists().values():
        assert {item.side for item in items} == {"sending", "receiving"}


@pytest.mark.django_db
def test_starting_makes_the_sending_sides_deadlines_tasks_once(world):
    transition = _start(world)
    sending = [item for item in checklist_of(transition.kind) if item.side == "sending"]
    tasks = Task.objects.filter(source_key__startswith=f"transition:{transition.pk}:")
    assert tasks.count() == len(sending)
    assert {task.owner for task in tasks} == {world.coordinator}
    assert all(task.team == world.team for task in tasks)
    plan_task = tasks.get(source_key=f"transition:{transition.pk}:plan_handed")
    assert plan_task.due_on == transition.starts_on - datetime.timedelta(days=45)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ("same unit", "to_unit"),
        ("not serving", "to_unit"),
        ("no consent", "to_unit"),
        ("past", "starts_on"),
        ("not 18", "starts_on"),
        ("no note", "note"),
    ],
)
def test_bad_input_gives_a_field_error_and_changes_nothing(world, change, field):
    overrides: dict = {}
    if change == "same unit":
        overrides["to_unit"] = world.school
    elif change == "not serving":
        other_county = municipality("3301")
        county = Organisation.objects.create(
            kind=OrganisationKind.COUNTY_AUTHORITY, name="Annen fylkeskommune"
        )
        county.serves.set([other_county])
        overrides["to_unit"] = UnitFactory(
            municipality=other_county, organisation=county, sector=Sector.UPPER_SECONDARY
        )
    elif change == "no consent":
        overrides["to_unit"] = world.primary
    elif change == "past":
        overrides["starts_on"] = timezone.localdate() - datetime.timedelta(days=1)
    elif change == "not 18":
        overrides["kind"] = TransitionKind.AGE_18
    else:
        overrides["note"] = "  "
    events, tasks = AccessEvent.objects.count(), Task.objects.count()
    with override("en"), pytest.raises(ValidationError) as error:
        _start(world, **overrides)
    assert set(error.value.message_dict) == {field}
    assert Transition.objects.count() == 0
    assert (AccessEvent.objects.count(), Task.objects.count()) == (events, tasks)


@pytest.mark.django_db
def test_a_unit_not_serving_the_municipality_is_named_in_the_error(world):
    skien = municipality("4003")
    unit = UnitFactory(municipality=skien, name="Skien kommunes skole")
    with override("en"), pytest.raises(ValidationError) as error:
        _start(world, to_unit=unit)
    assert "does not serve the child's municipality" in error.value.message_dict["to_unit"][0]


@pytest.mark.django_db
def test_accepting_makes_the_receiver_a_member_with_the_receiving_tasks(world):
    transition = _start(world)
    transition_answer(actor=world.county_staff, transition=transition, accept=True)
    transition.refresh_from_db()
    assert transition.status == TransitionStatus.ACCEPTED
    joined = TeamMember.objects.get(team=world.team, user=world.county_staff)
    assert (joined.status, joined.unit) == (MemberStatus.ACTIVE, world.upper_secondary)
    receiving = Task.objects.filter(
        owner=world.county_staff, source_key__startswith=f"transition:{transition.pk}:"
    )
    assert receiving.count() == 2


@pytest.mark.django_db
def test_someone_outside_the_receiving_unit_cannot_answer(world):
    transition = _start(world)
    with pytest.raises(PermissionDenied):
        transition_answer(actor=world.outsider, transition=transition, accept=True)
    transition.refresh_from_db()
    assert transition.status == TransitionStatus.OPEN


@pytest.mark.django_db
def test_ticking_an_item_completes_its_task_once(world):
    transition = _start(world)
    transition_tick(actor=world.coordinator, transition=transition, item="plan_handed")
    transition_tick(actor=world.coordinator, transition=transition, item="plan_handed")
    task = Task.objects.get(source_key=f"transition:{transition.pk}:plan_handed")
    assert task.status == TaskStatus.DONE
    assert transition.ticks.count() == 1
    with pytest.raises(ValidationError):
        transition_tick(actor=world.coordinator, transition=transition, item="nonsense")


@pytest.mark.django_db
def test_a_declined_transition_is_flagged_to_the_coordinator_and_the_sending_leader_once(world):
    transition = _start(world)
    transition_answer(actor=world.county_staff, transition=transition, accept=False)
    today = timezone.localdate()
    assert transitions_flag(today=today) == 2
    assert transitions_flag(today=today) == 0
    flags = Task.objects.filter(source_key__contains=f"{transition.pk}:declined")
    assert {task.owner for task in flags} == {world.coordinator, world.unit_leader}
    leader_task = flags.get(owner=world.unit_leader)
    assert leader_task.team is None
    assert leader_task.for_unit_leader
    assert "Sara" not in leader_task.title


@pytest.mark.django_db
def test_an_open_transition_is_flagged_after_14_days_not_13(world):
    transition = _start(world)
    now = timezone.now()
    Transition.objects.filter(pk=transition.pk).update(
        created_at=now - datetime.timedelta(days=13, hours=23)
    )
    assert transitions_flag(today=timezone.localdate()) == 0
    Transition.objects.filter(pk=transition.pk).update(created_at=now - datetime.timedelta(days=14))
    assert transitions_flag(today=timezone.localdate()) == 2


@pytest.mark.django_db
def test_the_flag_job_runs_in_a_fixed_number_of_queries(world):
    def run(count: int) -> int:
        Transition.objects.all().delete()
        for number in range(count):
            unit = UnitFactory(
                municipality=world.upper_secondary.municipality,
                organisation=world.county,
                name=f"Skole {count}-{number}",
                sector=Sector.UPPER_SECONDARY,
            )
            member(world.county_staff, unit, Role.PROFESSIONAL)
            world.consent.units.add(unit)
            transition = _start(world, to_unit=unit)
            transition_answer(actor=world.county_staff, transition=transition, accept=False)
        with CaptureQueriesContext(connection) as queries:
            assert transitions_flag(today=timezone.localdate()) == 2 * count
        return len(queries)

    assert run(1) == run(6)
