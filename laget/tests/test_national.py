"""The national data generator (issue 12): repeatable, a valid access log, the database's wall
holds on its rows, and no identity number it writes could be a real person's."""

from __future__ import annotations

import datetime
import io
from typing import cast

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Model
from django.urls import reverse
from stdnum.no import fodselsnummer

from audit.models import AccessEvent, ChainHead
from children.models import Child, Guardian, validate_identity_number
from concerns.models import ChildWelfareReport, Concern
from conftest import verified_client
from consents.models import Consent
from directory.models import Organization, Service
from laget.national import (
    NationalDataError,
    apportion,
    is_synthetic_identity_number,
    national_digest,
    national_generate,
    synthetic_identity_number,
)
from municipalities.services import reference_data_load
from people.models import Membership, User
from plans.models import Goal, Measure, Plan
from teamlog.models import LogEntry
from teams.models import Handover, Meeting, Task, Team, TeamMember
from tenancy import scope
from tests.factories import UnitFactory
from units.models import Organisation, OrganisationKind, Unit
from units.services import organisations_sync

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the generator writes with PostgreSQL's COPY"
)
SCALE = 0.001
GENERATED_MODELS: list[type[Model]] = [
    User, Membership, Unit, Organisation, Child, Guardian, Concern, Team, TeamMember, Consent,
    LogEntry, AccessEvent, Organization, Service, Plan, Goal, Measure, Meeting, Task, Handover,
    ChildWelfareReport,
]  # fmt: skip


class _RollbackError(Exception):
    pass


@pytest.fixture
def reference(db) -> None:
    reference_data_load(directory=settings.LAGET_REFERENCE_DATA_DIR)
    organisations_sync()


def _digest_of_a_run(seed: int) -> str:
    """Generate, take the digest, and roll the rows back."""
    try:
        with transaction.atomic():
            national_generate(scale=SCALE, seed=seed)
            digest = national_digest()
            raise _RollbackError
    except _RollbackError:
        pass
    assert not Child.objects.exists()
    return digest


def test_apportion_splits_the_whole_in_proportion():
    assert apportion(10, [1, 1, 2]) == [3, 2, 5]  # a tie goes to the first
    assert apportion(7, [0, 5, 5]) == [0, 4, 3]
    assert sum(apportion(150_000, [193_531, 17, 4_000, 0])) == 150_000
    assert apportion(5, [0, 0]) == [0, 0]


def test_a_synthetic_identity_number_fails_the_check_for_a_real_one():
    number = synthetic_identity_number(datetime.date(2015, 3, 7), 12)
    assert number is not None
    assert number[2:4] == "83"
    assert is_synthetic_identity_number(number)
    # The check digits are right, so only the month (plus 80) makes it impossible.
    assert fodselsnummer.calc_check_digit1(number[:9]) == number[9]
    with pytest.raises(ValidationError):
        validate_identity_number(number)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal on SQLite")
def test_the_generator_refuses_sqlite_with_a_clear_error(reference):
    with pytest.raises(NationalDataError, match="needs PostgreSQL"):
        national_generate(scale=SCALE, seed=1)


@on_postgresql
def test_the_same_seed_gives_the_same_rows_and_another_seed_others(reference):
    first = _digest_of_a_run(seed=3)

    assert _digest_of_a_run(seed=3) == first
    assert _digest_of_a_run(seed=4) != first


@on_postgresql
def test_the_generated_access_log_verifies_and_the_rows_have_the_sizes(reference):
    report = national_generate(scale=SCALE, seed=1)

    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "OK: 3000 access events" in out.getvalue()
    assert (
        AccessEvent.objects.count()
        == 3000
        == sum(ChainHead.objects.values_list("sequence", flat=True))
    )
    assert Child.objects.count() == 150 == report.rows["children_child"]
    assert Team.objects.count() == 80
    # About one team in ten has a member from a county authority's or health trust's unit.
    cross = (
        TeamMember.objects.exclude(unit__organisation__kind=OrganisationKind.MUNICIPALITY)
        .values("team")
        .distinct()
        .count()
    )
    assert 1 <= cross <= 30
    assert Organisation.objects.filter(kind=OrganisationKind.HEALTH_TRUST).count() == 15


@on_postgresql
def test_row_level_security_keeps_the_generated_municipalities_apart(reference):
    national_generate(scale=SCALE, seed=1)
    oslo_children = Child.objects.filter(municipality_id="0301").count()
    oslo_members = TeamMember.objects.filter(team__municipality_id="0301").count()
    assert oslo_children > 0
    assert oslo_members > 0

    scope.scope_set(municipalities=["0301"])

    assert set(Child.objects.values_list("municipality_id", flat=True)) == {"0301"}
    assert Child.objects.count() == oslo_children
    assert TeamMember.objects.count() == oslo_members
    assert set(AccessEvent.objects.values_list("municipality_id", flat=True)) == {"0301"}
    scope.scope_set(municipalities=[])
    assert not Child.objects.exists()
    assert not TeamMember.objects.exists()


@on_postgresql
def test_every_generated_identity_number_is_synthetic_and_refused_as_real(reference):
    national_generate(scale=SCALE, seed=1)

    numbers = [person.identity_number for person in [*Child.objects.all(), *Guardian.objects.all()]]
    assert len(numbers) == 300
    assert len(set(numbers)) == 300
    for number in numbers:
        assert is_synthetic_identity_number(number)
        with pytest.raises(ValidationError):
            validate_identity_number(number)


@on_postgresql
def test_the_generator_refuses_a_database_with_other_data_and_changes_nothing(reference):
    UnitFactory()

    with pytest.raises(CommandError, match="already holds data"):
        call_command("generate_national", "--scale", str(SCALE), stdout=io.StringIO())

    assert not Child.objects.exists()
    assert not AccessEvent.objects.exists()


@on_postgresql
def test_every_foreign_key_of_the_generated_rows_points_at_a_row(reference):
    """The generator copies with the foreign key triggers off (as a superuser): the rows must
    hold together by construction."""
    national_generate(scale=SCALE, seed=1)

    dangling = {}
    with connection.cursor() as cursor:
        through = [Organisation.serves.through, Consent.units.through, Consent.guardians.through]
        for model in [*GENERATED_MODELS, *(cast(type[Model], table) for table in through)]:
            for field in model._meta.concrete_fields:
                if not field.is_relation:
                    continue
                target = cast(type[Model], field.related_model)._meta
                cursor.execute(
                    f"SELECT count(*) FROM {model._meta.db_table} c "  # noqa: S608
                    f"LEFT JOIN {target.db_table} p ON p.{target.pk.column} = c.{field.column} "
                    f"WHERE c.{field.column} IS NOT NULL AND p.{target.pk.column} IS NULL"
                )
                dangling[f"{model._meta.db_table}.{field.column}"] = cursor.fetchone()[0]
    assert set(dangling.values()) == {0}, dangling


@on_postgresql
def test_a_generated_coordinator_opens_the_team_page_and_the_chain_still_verifies(reference):
    """The rows are whole enough for the pages (the consent admits the members' units), and
    the application's own events continue the generated chain."""
    national_generate(scale=SCALE, seed=1)
    member = TeamMember.objects.filter(role="coordinator").order_by("id").first()
    assert member is not None
    partner = (
        TeamMember.objects.exclude(unit__organisation__kind=OrganisationKind.MUNICIPALITY)
        .order_by("id")
        .first()
    )
    assert partner is not None

    for user, team_id in [(member.user, member.team_id), (partner.user, partner.team_id)]:
        response = verified_client(user).get(reverse("teams:detail", args=[team_id]))
        assert response.status_code == 200

    out = io.StringIO()
    call_command("audit_verify", stdout=out)  # the two page reads wait for the sealer
    assert "OK: 3000 access events" in out.getvalue()
    assert "2 waiting to be sealed" in out.getvalue()
    call_command("audit_seal", stdout=io.StringIO())
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "OK: 3002 access events" in out.getvalue()


@on_postgresql
def test_every_open_team_has_a_plan_meetings_and_tasks_and_some_a_hand_over_or_report(reference):
    report = national_generate(scale=0.01, seed=2)
    teams = Team.objects.filter(status="open").count()
    today = datetime.date(2026, 11, 30)

    assert teams == 800 == Plan.objects.count() == report.rows["plans_plan"]
    assert not Team.objects.filter(plan__isnull=True).exists()
    for plan in Plan.objects.prefetch_related("goals", "measures", "team__members")[:50]:
        assert 2 <= len(plan.goals.all()) <= 4
        assert 2 <= len(plan.measures.all()) <= 5
        units = {member.unit_id for member in plan.team.members.all()}
        assert {measure.responsible_unit_id for measure in plan.measures.all()} <= units
        assert plan.municipality_id == plan.team.municipality_id
    assert Goal.objects.filter(in_childs_words=True).exists()
    assert Goal.objects.filter(in_childs_words=False).exists()
    assert Measure.objects.filter(evaluate_on__lt=today).exists()
    assert Measure.objects.filter(evaluate_on__gte=today).exists()
    # One planned meeting per team, the held ones with minutes.
    assert Meeting.objects.filter(status="planned").count() == teams
    assert Meeting.objects.filter(status="planned", starts_at__date__lte=today).count() == 0
    held = Meeting.objects.filter(status="held")
    assert held.exists()
    assert not held.filter(minutes="").exists()
    team_tasks = Task.objects.filter(team__isnull=False)
    assert teams <= team_tasks.count() <= 4 * teams
    assert team_tasks.filter(status="open", due_on__lt=today).exists()
    handovers = Handover.objects.filter(status="open").count()
    assert 0.02 * teams <= handovers <= 0.09 * teams
    reports = ChildWelfareReport.objects.count()
    level_3 = Concern.objects.filter(level=3).count()
    assert 0.04 * level_3 <= reports <= 0.18 * level_3
    assert not ChildWelfareReport.objects.exclude(concern__level=3).exists()
    assert Task.objects.filter(welfare_report__isnull=False).count() == 3 * reports
    assert ChildWelfareReport.objects.filter(receipt_received_on__isnull=True).exists()

    scope.scope_set(municipalities=["0301"])
    assert set(Plan.objects.values_list("municipality_id", flat=True)) == {"0301"}
    assert set(Measure.objects.values_list("plan__municipality_id", flat=True)) == {"0301"}
    assert set(Task.objects.values_list("municipality_id", flat=True)) == {"0301"}
    assert set(Meeting.objects.values_list("team__municipality_id", flat=True)) == {"0301"}
    scope.scope_set(municipalities=[])
    assert not Plan.objects.exists()
    assert not Goal.objects.exists()
    assert not Meeting.objects.exists()
    assert not Task.objects.exists()
    assert not Handover.objects.exists()
    assert not ChildWelfareReport.objects.exists()


@on_postgresql
def test_a_generated_coordinator_opens_the_plan_and_meeting_pages(reference):
    national_generate(scale=SCALE, seed=1)
    member = TeamMember.objects.filter(role="coordinator").order_by("id").first()
    assert member is not None
    plan = Plan.objects.get(team_id=member.team_id)
    goal = plan.goals.order_by("id").first()
    assert goal is not None
    meeting = Meeting.objects.filter(team_id=member.team_id, status="planned").get()
    client = verified_client(member.user)

    response = client.get(reverse("plans:plan", args=[member.team_id]))
    assert response.status_code == 200
    assert goal.text in response.content.decode()
    response = client.get(reverse("teams:meeting", args=[member.team_id, meeting.id]))
    assert response.status_code == 200
    outsider = (
        User.objects.exclude(
            id__in=TeamMember.objects.filter(team_id=member.team_id).values("user_id")
        )
        .order_by("id")
        .first()
    )
    assert outsider is not None
    assert (
        verified_client(outsider).get(reverse("plans:plan", args=[member.team_id])).status_code
        == 404
    )
