from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from plans.models import Revision
from plans.services import StaleItemError, evaluation_add, goal_update, measure_update

pytestmark = pytest.mark.django_db


def _measure_fields(world, **changes):
    measure = world.measure
    fields = {
        "title": measure.title,
        "description": measure.description,
        "responsible_unit": measure.responsible_unit,
        "responsible_person": measure.responsible_person,
        "starts_on": measure.starts_on,
        "ends_on": measure.ends_on,
        "evaluate_on": measure.evaluate_on,
        "status": measure.status,
        "goal": measure.goal,
    }
    return {**fields, **changes}


def test_the_second_of_two_edits_of_a_goal_gets_a_conflict_and_nothing_is_lost(world):
    goal = world.plan.goals.get()
    goal_update(
        actor=world.coordinator,
        goal=goal,
        version=1,
        text="Jeg vil gå på skolen fire dager i uka.",
        in_childs_words=True,
        status="active",
    )
    with pytest.raises(StaleItemError) as conflict:
        goal_update(
            actor=world.member,
            goal=goal,
            version=1,
            text="Sara skal møte hver dag.",
            in_childs_words=False,
            status="active",
        )
    assert conflict.value.current.text == "Jeg vil gå på skolen fire dager i uka."
    assert conflict.value.changed == ["text"]
    goal.refresh_from_db()
    assert goal.text == "Jeg vil gå på skolen fire dager i uka."
    assert goal.version == 2


def test_a_measure_edit_with_a_stale_version_names_the_changed_fields(world):
    later = world.measure.evaluate_on + datetime.timedelta(days=7)
    measure_update(
        actor=world.coordinator,
        measure=world.measure,
        version=1,
        **_measure_fields(world, evaluate_on=later),
    )
    with pytest.raises(StaleItemError) as conflict:
        measure_update(
            actor=world.member,
            measure=world.measure,
            version=1,
            **_measure_fields(world, title="Noe annet"),
        )
    assert conflict.value.changed == ["evaluate_on"]


def test_every_saved_version_is_kept_as_a_revision(world):
    goal = world.plan.goals.get()
    goal_update(
        actor=world.coordinator,
        goal=goal,
        version=1,
        text="Ny tekst",
        in_childs_words=True,
        status="active",
    )
    versions = Revision.objects.filter(object_type="goal", object_id=goal.pk).order_by("version")
    assert [(r.version, r.data["text"]) for r in versions] == [
        (1, "Jeg vil gå på skolen hver dag."),
        (2, "Ny tekst"),
    ]


def test_a_measure_owned_by_someone_outside_the_team_is_refused(world):
    with pytest.raises(ValidationError) as error:
        measure_update(
            actor=world.coordinator,
            measure=world.measure,
            version=1,
            **_measure_fields(
                world, responsible_person=world.outsider, responsible_unit=world.primary
            ),
        )
    assert "responsible_person" in error.value.message_dict


def test_an_evaluation_in_the_future_is_refused_and_a_next_date_moves_the_measure(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        evaluation_add(
            actor=world.member,
            measure=world.measure,
            evaluated_on=today + datetime.timedelta(days=1),
            result="Bra",
            child_view="",
        )
    assert "evaluated_on" in error.value.message_dict
    evaluation_add(
        actor=world.member,
        measure=world.measure,
        evaluated_on=today,
        result="Sara møter oftere.",
        child_view="Det hjelper å snakke.",
        next_evaluation=today + datetime.timedelta(days=60),
    )
    world.measure.refresh_from_db()
    assert world.measure.evaluate_on == today + datetime.timedelta(days=60)
    assert world.measure.version == 2
