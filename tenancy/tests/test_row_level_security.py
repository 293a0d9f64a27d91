"""The second wall: PostgreSQL itself keeps municipalities apart when a query forgets to.

These tests go past the Python access checks on purpose (the ORM directly, no access_*), with a
scope as the middleware would set it, and show what the database still refuses."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.signals import request_finished
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from audit.models import AccessEvent
from children.models import Child, Guardian
from children.services import GuardianData, child_register
from concerns.models import Concern, Level, UnitMeasureEvaluation
from concerns.services import concern_raise, unit_measure_add, unit_measure_evaluate
from consents.models import Consent
from people.models import Role
from plans.models import Goal, Measure
from teams.models import Meeting, MeetingParticipant, Team, TeamMember, UnitInvitation
from teams.services import unit_invite
from tenancy import scope
from tenancy.middleware import DatabaseScopeMiddleware
from tests.factories import UnitFactory, UserFactory, member, municipality
from transitions.models import ChecklistTick, Transition, TransitionKind
from transitions.services import transition_start, transition_tick
from units.models import Sector

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row-level security is PostgreSQL's; on SQLite the Python access checks stand alone",
)

PORSGRUNN, SKIEN = "4001", "4003"


@pytest.fixture
def skien_child(world):
    """A child in Skien next to the world's Porsgrunn child."""
    health = world.skien_health
    nurse = UserFactory(username="skien_nurse")
    member(nurse, health, Role.PROFESSIONAL)
    return child_register(
        actor=nurse,
        unit=health,
        given_name="Siri",
        family_name="Skiensen",
        birth_date=datetime.date(2013, 3, 3),
        guardians=[GuardianData("Per Skiensen", "far", True, "+47 41 00 00 09")],
    )


def _refused(statement) -> str:
    with pytest.raises(DatabaseError) as raised, transaction.atomic():
        statement()
    return str(raised.value)


def test_the_application_runs_as_a_role_that_row_level_security_binds(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
        )
        assert cursor.fetchone() == ("laget_app", False, False)


def test_a_prepared_statement_keeps_to_the_scope_it_runs_under(world, skien_child):
    """Statements are prepared on the connection and, after a few runs, planned once
    (DATABASE_PREPARE_THRESHOLD): the policies read the scope when the plan runs, not when it was
    made, so a plan made under one municipality never answers with another's rows."""
    children = Child.objects.filter(given_name__gt="").values_list("municipality_id", flat=True)
    for _ in range(8):
        scope.scope_set(municipalities=[PORSGRUNN])
        assert set(children.all()) == {PORSGRUNN}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%"children_child"."given_name" > $1%'],
        )
        assert cursor.fetchone()[0] > 0  # the cached plan, not one made for each run

    scope.scope_set(municipalities=[SKIEN])
    assert set(children.all()) == {SKIEN}
    scope.scope_set(municipalities=[])
    assert not children.all()


def test_a_query_without_a_filter_returns_nothing_of_another_municipality(world, skien_child):
    assert Child.objects.filter(municipality_id=SKIEN).count() == 1  # commands see all

    scope.scope_set(municipalities=[PORSGRUNN])

    children = set(Child.objects.values_list("municipality_id", flat=True))
    assert children == {PORSGRUNN}
    assert not Child.objects.filter(pk=skien_child.pk).exists()
    assert not Guardian.objects.filter(child_id=skien_child.pk).exists()
    assert not Concern.objects.filter(municipality_id=SKIEN).exists()
    assert not AccessEvent.objects.filter(municipality_id=SKIEN).exists()
    assert AccessEvent.objects.filter(municipality_id=PORSGRUNN).exists()


def test_the_scope_of_another_municipality_sees_none_of_the_team(world):
    unit_invite(actor=world.coordinator, team=world.team, unit=world.nav)
    MeetingParticipant.objects.create(meeting=world.meeting, kind="child")
    scope.scope_set(municipalities=[SKIEN])

    assert not Child.objects.filter(pk=world.child.pk).exists()
    assert not Team.objects.exists()
    # Tables without a municipality of their own, through their parent row.
    assert not TeamMember.objects.filter(team_id=world.team.pk).exists()
    assert not Meeting.objects.filter(pk=world.meeting.pk).exists()
    assert not UnitInvitation.objects.exists()
    assert not MeetingParticipant.objects.exists()
    # The child's own municipality sees them: the policy filters, it does not hide everything.
    scope.scope_set(municipalities=[PORSGRUNN])
    assert UnitInvitation.objects.count() == 1
    assert MeetingParticipant.objects.count() == 1
    scope.scope_set(municipalities=[SKIEN])
    assert not Goal.objects.exists()
    assert not Measure.objects.filter(pk=world.measure.pk).exists()
    assert not Consent.objects.exists()
    assert not Consent.units.through.objects.exists()


def test_no_scope_sees_nothing(world):
    scope.scope_set(municipalities=[])

    assert not Child.objects.exists()
    assert not TeamMember.objects.exists()


def test_writing_a_row_for_another_municipality_is_refused(world):
    scope.scope_set(municipalities=[SKIEN])

    message = _refused(
        lambda: Child.objects.create(
            municipality_id=PORSGRUNN,
            given_name="Ny",
            family_name="Nysen",
            birth_date=datetime.date(2015, 1, 1),
        )
    )
    assert "row-level security" in message
    # Moving a visible row out of the scope is refused too (WITH CHECK on UPDATE).
    scope.scope_set(municipalities=[PORSGRUNN, SKIEN])
    message = _refused(
        lambda: Child.objects.filter(pk=world.child.pk).update(municipality_id="9999")
    )
    assert "row-level security" in message
    # A row it cannot see is not changed (0 rows), not overwritten.
    scope.scope_set(municipalities=[SKIEN])
    assert Child.objects.filter(pk=world.child.pk).update(given_name="X") == 0
    assert TeamMember.objects.filter(team_id=world.team.pk).delete()[0] == 0


def test_a_scope_is_checked_before_it_reaches_the_database(db):
    with pytest.raises(ValueError, match="Not a municipality number"):
        scope.scope_set(municipalities=["4001,4003"])


def _middleware_run(request: HttpRequest) -> list[tuple[str, list[str]]]:
    seen: list[tuple[str, list[str]]] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(scope.scope_current())
        return HttpResponse()

    DatabaseScopeMiddleware(view)(request)
    return seen


def _staff_request(user, path="/") -> HttpRequest:
    request = RequestFactory().get(path)
    request.user = user
    user.is_verified = lambda: True
    request.session = {}
    return request


def test_the_middleware_sets_the_staff_members_municipalities_and_resets_them_after(
    world, skien_child, settings
):
    settings.DATABASE_SCOPE_OUTSIDE_REQUESTS = "none"

    seen = _middleware_run(_staff_request(world.member))
    assert seen == [("request", [PORSGRUNN])]

    # The connection outlives the request: it keeps nothing of it. (As Django's test client
    # does, without closing the connection, which would end the test's transaction.)
    request_finished.disconnect(close_old_connections)
    try:
        request_finished.send(sender=None)
    finally:
        request_finished.connect(close_old_connections)
    assert scope.scope_current() == ("none", [])
    assert not Child.objects.exists()


def test_a_team_in_another_municipality_is_in_the_scope_of_its_member(world, skien_child):
    # A Skien professional offered the coordinator role after a move, or on the team.
    TeamMember.objects.create(
        team=world.team,
        user=world.foreigner,
        unit=world.skien_health,
        role="member",
        status="active",
    )

    assert _middleware_run(_staff_request(world.foreigner)) == [("request", [PORSGRUNN, SKIEN])]


def test_anonymous_and_analysts_get_no_scope(world, skien_child):
    from django.contrib.auth.models import AnonymousUser

    anonymous = RequestFactory().get("/")
    anonymous.user = AnonymousUser()
    anonymous.session = {}
    assert _middleware_run(anonymous) == [("request", [])]
    assert _middleware_run(_staff_request(world.analyst)) == [("request", [])]


def test_an_operator_sees_all_in_the_admin_and_their_own_elsewhere(world, skien_child):
    operator = UserFactory(username="operator", is_superuser=True, is_staff=True)
    member(operator, UnitFactory(municipality=municipality(SKIEN), sector=Sector.NAV))

    assert _middleware_run(_staff_request(operator, "/admin/")) == [("all", [])]
    assert _middleware_run(_staff_request(operator, "/")) == [("request", [SKIEN])]


def test_a_page_request_through_the_client_leaves_no_scope_behind(world, client_for):
    response = client_for(world.member).get(f"/teams/{world.team.pk}/")

    assert response.status_code == 200
    assert scope.scope_current() == ("all", [])


def test_truncate_of_the_access_log_is_refused_to_the_application(db):
    message = _refused(lambda: connection.cursor().execute("TRUNCATE audit_accessevent"))
    assert "permission denied" in message


@pytest.mark.parametrize("table", ["audit_accessevent", "audit_chainhead"])
def test_truncate_of_the_audit_tables_is_refused_by_trigger_even_to_the_owner(db, table):
    def truncate_as_owner() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL ROLE NONE")
            cursor.execute(f"TRUNCATE {table} CASCADE")

    message = _refused(truncate_as_owner)
    assert "TRUNCATE is not allowed" in message


def test_the_deploy_check_warns_when_the_role_skips_row_level_security(db):
    from tenancy.checks import app_role_bound_check

    assert app_role_bound_check(databases=["default"]) == []  # laget_app
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL ROLE NONE")  # the superuser the tests log in as
        warnings = app_role_bound_check(databases=["default"])
    assert [warning.id for warning in warnings] == ["tenancy.W001"]
    assert "superuser" in warnings[0].msg


# Tables of the apps that hold children's data but carry none themselves.
WITHOUT_PERSONAL_DATA = {
    "concerns_actionguidelevel",  # the municipality's action guide, public to its staff
    "children_retentionrule",  # how long each kind of record is kept, per municipality
}
# `teamlog`'s one table kept its old name, `teams_logentry`, when the model moved there.
PERSONAL_DATA_APPS = (
    "children",
    "concerns",
    "consents",
    "teamlog",
    "teams",
    "plans",
    "portal",
    "transitions",
)


def test_every_table_of_the_personal_data_apps_has_a_policy(db):
    """A table added later (by a new model) must get its policy in the same migration
    (`tenancy/policies.py`), or this fails."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relrowsecurity AND c.relforcerowsecurity "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'"
        )
        tables = dict(cursor.fetchall())
    wanted = {
        name
        for name in tables
        if name.split("_", 1)[0] in PERSONAL_DATA_APPS and name not in WITHOUT_PERSONAL_DATA
    }
    assert wanted, "no tables found"
    assert sorted(name for name in wanted if not tables[name]) == []


def test_a_row_reached_through_its_parent_follows_its_own_parent(world, skien_child):
    """Another municipality's evaluation stays hidden even where the scope sees parents (unit
    measures) of its own: the policy joins each row to its own parent."""
    today = timezone.localdate()
    later = today + datetime.timedelta(days=30)
    porsgrunn_measure = unit_measure_add(
        actor=world.colleague,
        concern=world.small_concern,
        title="Samtale hver uke",
        owner=world.colleague,
        starts_on=today,
        evaluate_on=later,
    )
    unit_measure_evaluate(
        actor=world.colleague,
        measure=porsgrunn_measure,
        text="Går bedre.",
        continues=True,
        next_evaluation=later,
    )
    nurse = get_user_model().objects.get(username="skien_nurse")
    skien_concern = concern_raise(
        actor=nurse,
        unit=world.skien_health,
        child=skien_child,
        observed="Mye fravær.",
        level=Level.OWN_UNIT,
    )
    unit_measure_add(
        actor=nurse,
        concern=skien_concern,
        title="Helsesamtale",
        owner=nurse,
        starts_on=today,
        evaluate_on=later,
    )

    scope.scope_set(municipalities=[SKIEN])
    assert not UnitMeasureEvaluation.objects.exists()
    scope.scope_set(municipalities=[PORSGRUNN])
    assert UnitMeasureEvaluation.objects.count() == 1


def _county_transition(world, unit):
    return transition_start(
        actor=world.coordinator,
        team=world.team,
        from_unit=world.school,
        kind=TransitionKind.LOWER_UPPER_SECONDARY,
        to_unit=unit,
        starts_on=timezone.localdate() + datetime.timedelta(days=100),
        note="Til veggen.",
    )


def test_a_transition_and_its_checklist_are_held_by_the_childs_municipality(world):
    transition = _county_transition(world, world.upper_secondary)
    transition_tick(actor=world.coordinator, transition=transition, item="plan_handed")
    scope.scope_set(municipalities=[SKIEN])
    assert not Transition.objects.exists()
    assert not ChecklistTick.objects.exists()
    scope.scope_set(municipalities=[PORSGRUNN])
    assert Transition.objects.count() == 1
    assert ChecklistTick.objects.count() == 1


def test_an_open_transition_to_a_unit_elsewhere_is_in_the_scope_of_its_staff(world, skien_child):
    # The county's school in Skien receives a Porsgrunn pupil: its teacher's scope reaches
    # Porsgrunn while the transition is open, and not before.
    skogmo = UnitFactory(
        municipality=municipality(SKIEN),
        organisation=world.county,
        name="Skogmo videregående skole",
        sector=Sector.UPPER_SECONDARY,
    )
    teacher = UserFactory(username="skogmo_teacher")
    member(teacher, skogmo, Role.PROFESSIONAL)
    assert _middleware_run(_staff_request(teacher)) == [("request", [SKIEN])]
    with scope.unrestricted():
        world.consent.units.add(skogmo)
        _county_transition(world, skogmo)
    assert _middleware_run(_staff_request(teacher)) == [("request", [PORSGRUNN, SKIEN])]
