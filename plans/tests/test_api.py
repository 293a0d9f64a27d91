"""The shared plan in the API: reading it, adding goals and measures, and changing them without
losing anyone's change (409 with the saved version and what changed)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concerns.models import Level
from consents.models import InformationKind, Method
from consents.services import consent_record
from plans.services import evaluation_add, goal_add, measure_add
from teams.services import team_open
from tests.api_client import api_client_for, queries_of

pytestmark = pytest.mark.django_db


def _today(days: int = 0) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _plan_url(world) -> str:
    return reverse("api_v1:team_plan", args=[world.team.pk])


def _goal_url(world) -> str:
    return reverse("api_v1:team_goal", args=[world.team.pk, world.plan.goals.get().pk])


def _measure_url(world) -> str:
    return reverse("api_v1:team_measure", args=[world.team.pk, world.measure.pk])


def _measure_body(world, **changes):
    body = {
        "title": "Leksehjelp",
        "goal": str(world.plan.goals.get().pk),
        "responsible_person": world.member.pk,
        "responsible_unit": str(world.health.pk),
        "starts_on": _today(),
        "ends_on": _today(60),
        "evaluate_on": _today(30),
    }
    return {**body, **changes}


def test_the_plan_shows_goals_and_measures_with_who_answers_for_them(world):
    plan = api_client_for(world.member).get(_plan_url(world)).json()
    assert [goal["text"] for goal in plan["goals"]] == ["Jeg vil gå på skolen hver dag."]
    measure = plan["measures"][0]
    assert measure["responsible_person"]["id"] == world.member.pk
    assert measure["goal"] == plan["goals"][0]["id"]
    assert measure["version"] == 1


def test_a_team_makes_its_plan_once(world):
    consent = consent_record(
        actor=world.coordinator,
        child=world.small_concern.child,
        units=[world.school],
        information_kinds=[InformationKind.PLAN],
        purpose="Samarbeid",
        text="Opplysningsplikt.",
        method=Method.NOT_APPLICABLE,
        kind="legal_basis",
        legal_reference="barnevernsloven § 13-2",
        valid_from=timezone.localdate(),
    )
    team = team_open(
        actor=world.coordinator, concern=world.small_concern, consent=consent, level=Level(2)
    )
    client = api_client_for(world.coordinator)
    url = reverse("api_v1:team_plan", args=[team.pk])
    assert client.get(url).status_code == 404
    body = {"period_start": _today(), "period_end": _today(180), "resources": "Glad i fotball."}
    response = client.post(url, body)
    assert response.status_code == 201
    assert response.json()["goals"] == []
    again = client.post(url, body, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 409
    assert again.json()["detail"] == "The team already has a plan."
    # A plan that is there already comes before the input.
    wrong = client.post(url, {**body, "period_end": _today(-1)})
    assert wrong.status_code == 409


def test_a_patch_changes_only_what_it_sends(world):
    client = api_client_for(world.member)
    response = client.patch(_goal_url(world), {"version": 1, "status": "achieved"})
    assert response.status_code == 200
    goal = response.json()
    assert (goal["status"], goal["version"], goal["text"]) == (
        "achieved",
        2,
        "Jeg vil gå på skolen hver dag.",
    )
    response = client.patch(_measure_url(world), {"version": 1, "ends_on": _today(120)})
    assert response.status_code == 200
    assert response.json()["ends_on"] == _today(120)
    assert response.json()["title"] == "Samtaler med helsesykepleier"


def test_two_people_editing_the_same_goal_the_second_gets_409_with_the_other_change(world):
    first, second = api_client_for(world.coordinator), api_client_for(world.member)
    version = second.get(_plan_url(world)).json()["goals"][0]["version"]
    saved = first.patch(_goal_url(world), {"version": version, "text": "Gå på skolen."})
    assert saved.status_code == 200
    conflict = second.patch(_goal_url(world), {"version": version, "status": "ended"})
    assert conflict.status_code == 409
    problem = conflict.json()
    assert problem["current"]["text"] == "Gå på skolen."
    assert problem["current"]["version"] == version + 1
    assert problem["changed"] == ["text"]
    # Sent again on the saved version, the change applies and keeps the other one.
    again = second.patch(_goal_url(world), {"version": version + 1, "status": "ended"})
    assert again.status_code == 200
    assert (again.json()["text"], again.json()["status"]) == ("Gå på skolen.", "ended")


def test_two_people_editing_the_same_measure_the_second_gets_409_with_the_other_change(world):
    first, second = api_client_for(world.coordinator), api_client_for(world.member)
    body = {"version": 1, "responsible_person": world.coordinator.pk}
    response = first.patch(_measure_url(world), {**body, "responsible_unit": str(world.school.pk)})
    assert response.status_code == 200
    conflict = second.patch(_measure_url(world), {"version": 1, "title": "Samtaler"})
    assert conflict.status_code == 409
    assert conflict.json()["current"]["responsible_person"]["id"] == world.coordinator.pk
    assert sorted(conflict.json()["changed"]) == ["responsible_person", "responsible_unit"]
    world.measure.refresh_from_db()
    assert world.measure.title == "Samtaler med helsesykepleier"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"responsible_person": "invited"}, "responsible_person"),
        ({"responsible_unit": "school"}, "responsible_unit"),
        ({"goal": "random"}, "goal"),
        ({"ends_on": "yesterday"}, "ends_on"),
        ({"title": "  "}, "title"),
    ],
)
def test_a_measure_that_cannot_be_added_is_a_field_error(world, change, field):
    import uuid

    values = {
        "invited": world.invited.pk,
        "school": str(world.school.pk),
        "random": str(uuid.uuid4()),
        "yesterday": _today(-1),
    }
    change = {key: values.get(value, value) for key, value in change.items()}
    response = api_client_for(world.member).post(
        reverse("api_v1:team_measures", args=[world.team.pk]), _measure_body(world, **change)
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_a_patch_without_a_version_is_refused(world):
    response = api_client_for(world.member).patch(_goal_url(world), {"text": "Uten versjon"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["version"]


def test_the_plan_takes_the_same_queries_for_few_or_many_items(world):
    client = api_client_for(world.member)
    evaluation_add(
        actor=world.member,
        measure=world.measure,
        evaluated_on=timezone.localdate(),
        result="Går bedre.",
        child_view="Fint.",
    )
    client.get(_plan_url(world))
    small = queries_of(client, _plan_url(world))
    for i in range(10):
        goal = goal_add(actor=world.member, plan=world.plan, text=f"Mål {i}")
        measure = measure_add(
            actor=world.member,
            plan=world.plan,
            goal=goal,
            title=f"Tiltak {i}",
            description="",
            responsible_unit=world.health if i % 2 else world.school,
            responsible_person=world.member if i % 2 else world.coordinator,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + datetime.timedelta(days=30),
            evaluate_on=timezone.localdate() + datetime.timedelta(days=i),
        )
        for j in range(2):
            evaluation_add(
                actor=world.coordinator,
                measure=measure,
                evaluated_on=timezone.localdate() - datetime.timedelta(days=j),
                result=f"Evaluering {j}",
                child_view="",
            )
    assert queries_of(client, _plan_url(world)) == small
    plan = client.get(_plan_url(world)).json()
    assert (len(plan["goals"]), len(plan["measures"])) == (11, 11)
