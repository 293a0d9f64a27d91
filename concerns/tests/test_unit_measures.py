"""Level 1 as Stafettloggen keeps it: measures in the unit with an owner and an evaluation date,
evaluations, the log – and carried into the team's plan when the concern moves up."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from children.services import GuardianData, guardian_add
from concerns.models import UnitMeasureStatus
from concerns.services import unit_measure_add, unit_measure_evaluate
from conftest import verified_client
from plans.services import plan_create
from teamlog.models import LogEntry, LogKind
from teams.services import team_open
from tests.world import World, _consent

TODAY = timezone.localdate


def _measure(world: World, **overrides):
    values = {
        "actor": world.coordinator,
        "concern": world.small_concern,
        "title": "Fast voksen i friminuttene",
        "owner": world.colleague,
        "starts_on": TODAY(),
        "evaluate_on": TODAY() + datetime.timedelta(days=21),
    }
    return unit_measure_add(**{**values, **overrides})


def test_a_measure_has_an_owner_in_the_unit_and_an_evaluation_date_and_is_logged(world):
    measure = _measure(world)
    assert measure.status == UnitMeasureStatus.ACTIVE
    entry = LogEntry.objects.filter(concern=world.small_concern, kind=LogKind.MEASURE).get()
    assert entry.params["title"] == "Fast voksen i friminuttene"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "   "}, "title"),
        ({"evaluate_on": TODAY() - datetime.timedelta(days=1)}, "evaluate_on"),
    ],
)
def test_a_measure_without_what_or_with_an_early_evaluation_is_refused(world, overrides, field):
    with pytest.raises(ValidationError) as refused:
        _measure(world, **overrides)
    assert field in refused.value.message_dict


def test_the_owner_must_work_in_the_unit(world):
    with pytest.raises(ValidationError) as refused:
        _measure(world, owner=world.member)
    assert "owner" in refused.value.message_dict


def test_someone_outside_the_unit_cannot_add_a_measure(world):
    with pytest.raises(PermissionDenied):
        _measure(world, actor=world.outsider)


def test_a_concern_with_a_team_keeps_its_measures_in_the_plan(world):
    with pytest.raises(ValidationError) as refused:
        _measure(world, concern=world.concern, owner=world.coordinator)
    assert "title" in refused.value.message_dict


def test_an_evaluation_moves_the_date_or_ends_the_measure(world):
    measure = _measure(world)
    later = TODAY() + datetime.timedelta(days=60)
    unit_measure_evaluate(
        actor=world.colleague,
        measure=measure,
        text="Hjelper litt.",
        child_view="Jonas liker det.",
        continues=True,
        next_evaluation=later,
    )
    measure.refresh_from_db()
    assert (measure.status, measure.evaluate_on) == (UnitMeasureStatus.ACTIVE, later)
    with pytest.raises(ValidationError) as refused:
        unit_measure_evaluate(actor=world.colleague, measure=measure, text="x", continues=True)
    assert "next_evaluation" in refused.value.message_dict
    unit_measure_evaluate(actor=world.colleague, measure=measure, text="Ferdig.", continues=False)
    measure.refresh_from_db()
    assert measure.status == UnitMeasureStatus.ENDED
    assert list(measure.evaluations.values_list("text", flat=True)) == ["Hjelper litt.", "Ferdig."]


def test_active_measures_are_carried_into_the_teams_plan(world):
    """The world's team concern was level 1 before its team: give it measures as it was, then
    make the plan of a fresh team for it."""
    concern = world.small_concern
    active = _measure(world, title="Leksehjelp to dager i uka")
    ended = _measure(world, title="Avsluttet tiltak")
    unit_measure_evaluate(actor=world.coordinator, measure=ended, text="Slutt.", continues=False)
    guardian_add(
        actor=world.coordinator,
        child=concern.child,
        data=GuardianData("Kari Prøvesen", "mor", True, "+47 41 00 00 02"),
    )
    consent = _consent(world.coordinator, concern.child, [world.school, world.health])
    team = team_open(actor=world.coordinator, concern=concern, consent=consent, level=2)
    plan = plan_create(
        actor=world.coordinator,
        team=team,
        period_start=TODAY(),
        period_end=TODAY() + datetime.timedelta(days=180),
    )
    carried = plan.measures.get()
    assert (carried.title, carried.responsible_person, carried.evaluate_on) == (
        "Leksehjelp to dager i uka",
        world.colleague,
        active.evaluate_on,
    )
    active.refresh_from_db()
    ended.refresh_from_db()
    assert (active.status, ended.status) == (UnitMeasureStatus.CARRIED, UnitMeasureStatus.ENDED)


def test_the_concern_page_shows_the_measures_and_the_forms_work(world):
    client = verified_client(world.colleague)
    url = reverse("concerns:measure_new", args=[world.small_concern.pk])
    response = client.post(
        url,
        {
            "title": "Samtale hver fredag",
            "owner": world.colleague.pk,
            "starts_on": TODAY().strftime("%d.%m.%Y"),
            "evaluate_on": (TODAY() + datetime.timedelta(days=14)).strftime("%d.%m.%Y"),
        },
    )
    assert response.status_code == 302
    measure = world.small_concern.measures.get()
    page = client.get(reverse("concerns:detail", args=[world.small_concern.pk]))
    assert "Samtale hver fredag" in page.content.decode()
    assert reverse("concerns:measure_evaluate", args=[world.small_concern.pk, measure.pk]) in (
        page.content.decode()
    )
    bad = client.post(url, {"title": "Uten dato", "owner": world.colleague.pk})
    assert bad.status_code == 400
    assert world.small_concern.measures.count() == 1
