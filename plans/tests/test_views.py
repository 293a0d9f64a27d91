from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import verified_client
from plans.services import goal_add
from tests.queries import scope_lookups, statements_of_second_view

pytestmark = pytest.mark.django_db


def test_a_stale_goal_form_answers_409_and_shows_the_other_change(world):
    goal = world.plan.goals.get()
    url = reverse("plans:goal_edit", args=[world.team.pk, goal.pk])
    first, second = verified_client(world.coordinator), verified_client(world.member)
    form = {"version": 1, "text": "Første", "in_childs_words": "on", "status": "active"}
    assert first.post(url, form).status_code == 302
    response = second.post(url, {**form, "text": "Andre"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Første" in body
    assert 'name="version" value="2"' in body
    goal.refresh_from_db()
    assert goal.text == "Første"


def test_the_plan_page_uses_the_same_number_of_queries_for_more_goals(world):
    client = verified_client(world.member)
    url = reverse("plans:plan", args=[world.team.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(6):
        goal_add(actor=world.coordinator, plan=world.plan, text=f"Mål {n}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    # The child's municipality (for the weight of their view) is the team's, read by the access
    # check: not read again.
    assert not any(
        q["sql"].startswith('SELECT "municipalities_municipality"') for q in many.captured_queries
    )


# The plan page: session, user, second factor; the access check (membership, memberships,
# consent, the read's event: three statements with its transaction); the plan, its goals, its
# measures (with whether each one's responsible person can still see the team) and their
# evaluations, its history; the local practice behind the child's voice; the header's count
# (two). The measures' goals are the goals read already, not joined again.
PLAN_PAGE_QUERIES = 17


def test_the_plan_page_costs_a_fixed_number_of_queries_and_reads_the_goals_once(world):
    url = reverse("plans:plan", args=[world.team.pk])
    client = verified_client(world.member)
    queries = statements_of_second_view(client, url)
    assert len(queries) == PLAN_PAGE_QUERIES + scope_lookups()
    measures = [sql for sql in queries if sql.startswith('SELECT "plans_measure"')]
    assert len(measures) == 1
    assert 'JOIN "plans_goal"' not in measures[0]
    goal = world.plan.goals.get()
    body = client.get(url).content.decode()
    assert "Samtaler med helsesykepleier" in body
    assert f"<dd>{goal.text}</dd>" in body  # the measure's goal, as before


def test_bad_dates_give_field_errors(world):
    client = verified_client(world.coordinator)
    url = reverse("plans:measure_new", args=[world.team.pk])
    response = client.post(url, {"title": "X", "starts_on": "2026-13-01", "ends_on": "i går"})
    assert response.status_code == 400
    form = response.context["form"]
    assert {"starts_on", "ends_on", "evaluate_on", "responsible"} <= set(form.errors)


def test_the_plan_says_how_much_the_childs_view_weighs_at_this_age(world):
    from teams.selectors import child_voice

    voice = child_voice(team=world.team)
    assert voice.age == world.child.age_on(timezone.localdate())
    assert voice.weight == "great"  # from 12 the child's view is given great weight
    response = verified_client(world.member).get(reverse("plans:plan", args=[world.team.pk]))
    assert str(voice.weight.label) in response.content.decode()
