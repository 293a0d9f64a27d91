"""Hand-built work for the indicator tests: cases with the dates a test needs, written straight
to the tables (the services always use today's date)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from children.models import Child
from concerns.models import ChildWelfareReport, Concern, UnitMeasure, UnitMeasureEvaluation
from consents.models import Consent, Method
from plans.models import Evaluation, Goal, Measure, Plan
from teams.models import (
    Handover,
    Meeting,
    MeetingStatus,
    Task,
    Team,
    TeamMember,
    UnitInvitation,
)
from tests.factories import UnitFactory, UserFactory, municipality
from units.models import Sector

OSLO = ZoneInfo("Europe/Oslo")


def at(year: int, month: int, day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=OSLO)


class Work:
    """Cases in one municipality."""

    def __init__(self, number: str) -> None:
        self.municipality = municipality(number)
        self.user = UserFactory()
        self.units: dict[str, object] = {}

    def unit(self, sector: str = Sector.PRIMARY_SCHOOL):
        if sector not in self.units:
            self.units[sector] = UnitFactory(municipality=self.municipality, sector=sector)
        return self.units[sector]

    def child(self, born: datetime.date = datetime.date(2014, 5, 1)) -> Child:
        return Child.objects.create(
            municipality=self.municipality,
            given_name="Testbarn",
            family_name="Oversikt",
            birth_date=born,
            created_by=self.user,
        )

    def concern(
        self,
        on: datetime.datetime,
        *,
        level: int = 1,
        sector: str = Sector.PRIMARY_SCHOOL,
        child: Child | None = None,
    ) -> Concern:
        concern = Concern.objects.create(
            municipality=self.municipality,
            unit=self.unit(sector),
            child=child or self.child(),
            level=level,
            observed="Observert.",
            raised_by=self.user,
            responsible=self.user,
        )
        Concern.objects.filter(pk=concern.pk).update(created_at=on)
        concern.created_at = on
        return concern

    def unit_measure(
        self, concern: Concern, starts: datetime.date, evaluate: datetime.date | None = None
    ) -> UnitMeasure:
        return UnitMeasure.objects.create(
            municipality=self.municipality,
            concern=concern,
            title="Tiltak",
            owner=self.user,
            starts_on=starts,
            evaluate_on=evaluate or starts + datetime.timedelta(days=60),
            created_by=self.user,
        )

    def unit_evaluation(self, measure: UnitMeasure, on: datetime.datetime) -> None:
        evaluation = UnitMeasureEvaluation.objects.create(
            measure=measure, text="Evaluert.", evaluated_by=self.user
        )
        UnitMeasureEvaluation.objects.filter(pk=evaluation.pk).update(evaluated_at=on)

    def team(
        self,
        concern: Concern,
        opened: datetime.datetime,
        *,
        sectors: tuple[str, ...] = (),
        closed: datetime.datetime | None = None,
    ) -> Team:
        team = Team.objects.create(
            municipality=self.municipality,
            child=concern.child,
            concern=concern,
            originating_unit=concern.unit,
            status="closed" if closed else "open",
            closed_at=closed,
        )
        Team.objects.filter(pk=team.pk).update(opened_at=opened)
        team.opened_at = opened
        TeamMember.objects.create(
            team=team,
            user=self.user,
            unit=concern.unit,
            role="coordinator",
            status="active",
            joined_at=opened,
        )
        for sector in sectors:
            TeamMember.objects.create(
                team=team,
                user=UserFactory(),
                unit=self.unit(sector),
                role="member",
                status="left",
                joined_at=opened,
                left_at=opened,
            )
        return team

    def plan(self, team: Team, *, goals: tuple[bool, ...] = ()) -> Plan:
        plan = Plan.objects.create(
            municipality=self.municipality,
            team=team,
            period_start=team.opened_at.date(),
            period_end=team.opened_at.date() + datetime.timedelta(days=365),
        )
        for own_words in goals:
            Goal.objects.create(
                plan=plan, text="Mål", in_childs_words=own_words, updated_by=self.user
            )
        return plan

    def measure(
        self,
        plan: Plan,
        starts: datetime.date,
        evaluate: datetime.date,
        evaluated: tuple[datetime.date, ...] = (),
    ) -> Measure:
        measure = Measure.objects.create(
            plan=plan,
            title="Tiltak",
            responsible_unit=plan.team.originating_unit,
            responsible_person=self.user,
            starts_on=starts,
            ends_on=evaluate + datetime.timedelta(days=90),
            evaluate_on=evaluate,
            updated_by=self.user,
        )
        for day in evaluated:
            Evaluation.objects.create(
                measure=measure, evaluated_on=day, result="Ok.", author=self.user
            )
        return measure

    def meeting(
        self, team: Team, when: datetime.datetime, *, child_input: str = "", held: bool = True
    ) -> Meeting:
        return Meeting.objects.create(
            team=team,
            starts_at=when,
            place="Skolen",
            agenda="Plan",
            child_input=child_input,
            status=MeetingStatus.HELD if held else MeetingStatus.PLANNED,
            created_by=self.user,
        )

    def handover(self, team: Team, created: datetime.datetime, status: str = "open") -> None:
        handover = Handover.objects.create(
            team=team,
            transition="other",
            from_user=self.user,
            to_user=UserFactory(),
            to_unit=self.unit(Sector.HEALTH_STATION),
            note="Overtar.",
            status=status,
        )
        Handover.objects.filter(pk=handover.pk).update(created_at=created)

    def invitation(
        self, team: Team, invited: datetime.datetime, status: str = "open", sector: str = Sector.NAV
    ) -> None:
        invitation = UnitInvitation.objects.create(
            team=team, unit=self.unit(sector), status=status, invited_by=self.user
        )
        UnitInvitation.objects.filter(pk=invitation.pk).update(invited_at=invited)

    def consent(
        self, child: Child, recorded: datetime.datetime, withdrawn: datetime.datetime | None = None
    ) -> Consent:
        consent = Consent.objects.create(
            municipality=self.municipality,
            child=child,
            given_by="guardians",
            purpose="Samarbeid",
            text="Samtykke.",
            method=Method.PAPER,
            valid_from=recorded.date(),
            recorded_by=self.user,
            withdrawn_at=withdrawn,
        )
        Consent.objects.filter(pk=consent.pk).update(recorded_at=recorded)
        return consent

    def deadline(self, due: datetime.date, completed: datetime.datetime | None = None) -> Task:
        concern = self.concern(at(due.year, due.month, due.day))
        report = ChildWelfareReport.objects.create(
            municipality=self.municipality,
            unit=concern.unit,
            child=concern.child,
            concern=concern,
            reporter=self.user,
            grounds="Grunn.",
            legal_basis="barnevernsloven § 13-2",
            sent_at=concern.created_at,
        )
        return Task.objects.create(
            municipality=self.municipality,
            child=concern.child,
            welfare_report=report,
            title="Frist",
            owner=self.user,
            due_on=due,
            status="done" if completed else "open",
            completed_at=completed,
        )
