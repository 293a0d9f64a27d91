"""Demo history: six quarters of fictional work in Porsgrunn and Skien, so that every indicator
on the municipal leader's page (Oversikt for kommunen) has something to say – concerns, teams,
plans, measures and their evaluations, meetings, invitations, hand-overs, consents and reports
to child welfare – and then the indicators counted by the nightly job's own code.

The cases lie in the past, so they are written with the dates they happened on (the services
always use today's date), each date consistent with the others: a team opens after its concern,
a measure is evaluated after it starts and never after today. Every case is closed, so none of
it lands on anyone's work list. Like the rest of the demo seed it is not audited: no person did
this.

Deterministic and idempotent: case number n in a municipality is always the same fictional
child, and a case whose child is there already is left alone. Porsgrunn has 20 or more teams a
quarter, so its shares and medians are shown; Skien has fewer in the first quarters, and small
cells (hand-overs declined, consents of an age band) stay under 5, so the page shows what it
hides and why.

Run after `load_reference_data` and `load_demo`:
`python manage.py shell -c "from laget.demo_history import demo_history_seed; demo_history_seed()"`
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from children.models import Child
from concerns.models import (
    ChildWelfareReport,
    Concern,
    ConcernStatus,
    UnitMeasure,
    UnitMeasureEvaluation,
)
from consents.models import Consent, GivenBy, Method
from municipalities.models import Municipality
from oversikt.indicators.compute import IndicatorRun, work_indicators_compute
from oversikt.models import WorkIndicator
from people.demo import DEMO_PASSWORD
from people.models import Role, User
from people.services.memberships import membership_grant_seed
from plans.models import Evaluation, Goal, Measure, Plan
from teams.models import (
    Handover,
    HandoverStatus,
    Meeting,
    MeetingStatus,
    Task,
    TaskStatus,
    Team,
    TeamMember,
    TeamStatus,
    UnitInvitation,
    UnitInvitationStatus,
)
from units.models import Sector, Unit
from units.services import organisation_of_municipality

OSLO = ZoneInfo("Europe/Oslo")
QUARTERS = 6
PORSGRUNN = "4001"
SKIEN = "4003"
# The municipal leader who sees the history on /oversikt/kommune/ (password: DEMO_PASSWORD).
LEADER = "mette.leder"

# fmt: off
GIVEN_NAMES = (
    "Aksel", "Amalie", "Birk", "Dina", "Eirik", "Frida", "Gaute", "Hedda", "Iver", "Julie",
    "Kasper", "Live", "Magnus", "Nora", "Oskar", "Pernille", "Runar", "Sigrid", "Tobias", "Une",
    "Vetle", "Vilde", "Aron", "Ylva", "Emil", "Tiril", "Sander", "Maja", "Jonas", "Ida",
    "Mathias", "Selma", "Henrik", "Leah", "Filip", "Mille", "Ludvig", "Ronja", "Theo", "Astrid",
)
FAMILY_NAMES = (
    "Aasen", "Bakke", "Dale", "Eide", "Fjeld", "Gundersen", "Hauge", "Iversen", "Jacobsen",
    "Kleven", "Lie", "Moe", "Nygård", "Olsen", "Pettersen", "Rud", "Sæther", "Tangen",
    "Ulvestad", "Vik", "Waage", "Østby", "Ås", "Berge", "Holm", "Myhre", "Lund", "Solberg",
    "Strand",
)
# fmt: on

# The units that raise concerns, by the child's age, and the units invited into teams.
SCHOOLS = (
    (6, Sector.KINDERGARTEN),
    (13, Sector.PRIMARY_SCHOOL),
    (16, Sector.LOWER_SECONDARY),
    (20, Sector.UPPER_SECONDARY),
    (99, Sector.NAV),
)
PARTNERS = (
    Sector.HEALTH_STATION,
    Sector.PPT,
    Sector.CHILD_WELFARE,
    Sector.MENTAL_HEALTH,
    Sector.CULTURE_LEISURE,
    Sector.FOLLOW_UP_SERVICE,
)
# Skien has only two demo units (units.demo); the history adds the rest of a municipality.
SKIEN_UNITS = (
    ("Elvebakken barnehage", Sector.KINDERGARTEN),
    ("Elvebakken skole", Sector.PRIMARY_SCHOOL),
    ("Bryggeparken ungdomsskole", Sector.LOWER_SECONDARY),
    ("Skien videregående skole", Sector.UPPER_SECONDARY),
    ("PPT Skien", Sector.PPT),
    ("NAV Skien", Sector.NAV),
    ("Psykisk helse for barn og unge i Skien", Sector.MENTAL_HEALTH),
    ("Fritid for unge i Skien", Sector.CULTURE_LEISURE),
    ("Oppfølgingstjenesten i Skien", Sector.FOLLOW_UP_SERVICE),
)


@dataclass(frozen=True)
class Pace:
    """How much work a municipality does a quarter (q counts from 0, the oldest quarter)."""

    name: str
    level0: int
    level1: int
    level2: int  # plus q: the work grows
    level3: int
    days_to_team: int  # the median in the first quarter; it shrinks a day a quarter
    plan_share: float  # teams with a plan, the first quarter; it grows
    handover_share: float
    first_case: int  # the municipalities' children have different names


PACES = {
    PORSGRUNN: Pace("Porsgrunn", 6, 9, 18, 4, 24, 0.6, 0.45, 0),
    SKIEN: Pace("Skien", 5, 7, 14, 2, 20, 0.55, 0.4, 500),
}


@dataclass
class HistoryReport:
    children: int
    teams: int
    indicators: IndicatorRun | None


def _quarters(today: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The first and last day of the last QUARTERS quarters, oldest first, today's included."""
    index = today.year * 4 + (today.month - 1) // 3
    spans = []
    for i in range(index - QUARTERS + 1, index + 1):
        year, quarter = divmod(i, 4)
        first = datetime.date(year, quarter * 3 + 1, 1)
        next_year, next_quarter = divmod(i + 1, 4)
        spans.append((first, datetime.date(next_year, next_quarter * 3 + 1, 1)))
    return [(first, after - datetime.timedelta(days=1)) for first, after in spans]


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=OSLO)


class _Municipality:
    """The units and the (fictional, never logging in) staff that did the history's work."""

    def __init__(self, number: str) -> None:
        self.municipality = Municipality.objects.get(number=number)
        if number == SKIEN:
            organisation = organisation_of_municipality(municipality=self.municipality)
            for name, sector in SKIEN_UNITS:
                Unit.objects.update_or_create(
                    municipality=self.municipality,
                    name=name,
                    defaults={"sector": sector, "is_active": True, "organisation": organisation},
                )
        self.units: dict[str, Unit] = {}
        for unit in Unit.objects.filter(municipality=self.municipality, is_active=True).order_by(
            "name"
        ):
            self.units.setdefault(unit.sector, unit)
        if Sector.HEALTH_STATION not in self.units:
            raise ValueError(f"No demo units in {self.municipality.name}: run load_demo first.")
        self.staff: dict[str, User] = {}
        for key in self.units:
            user, created = User.objects.get_or_create(
                username=f"historikk.{number}.{key}",
                defaults={
                    "first_name": "Historikk",
                    "last_name": str(Sector(key).label),
                    "email": f"historikk.{number}.{key}@demo.laget.invalid",
                },
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            self.staff[key] = user

    def unit(self, sector: str) -> Unit:
        return self.units.get(sector) or self.units[Sector.HEALTH_STATION]

    def user(self, sector: str) -> User:
        return self.staff.get(sector) or self.staff[Sector.HEALTH_STATION]


def _child_key(number: int) -> tuple[str, str, datetime.date]:
    given = GIVEN_NAMES[number % len(GIVEN_NAMES)]
    family = FAMILY_NAMES[(number // len(GIVEN_NAMES) + number) % len(FAMILY_NAMES)]
    # Ages from 2 to 22 in the history, spread so every consent age band has children.
    born = datetime.date(2004, 1, 1) + datetime.timedelta(days=(number * 131) % 7300)
    return given, family, born


def _school(born: datetime.date, on: datetime.date) -> str:
    age = (on - born).days // 365
    return next(sector for limit, sector in SCHOOLS if age < limit)


class _Writer:
    """Writes one municipality's cases with consistent dates, none after `today`."""

    def __init__(self, place: _Municipality, pace: Pace, today: datetime.date) -> None:
        self.place = place
        self.pace = pace
        self.today = today
        # Not for security: the demo draws the same "random" history every time.
        self.random = random.Random(place.municipality.number)  # noqa: S311

    def day(self, day: datetime.date) -> datetime.date:
        return min(day, self.today - datetime.timedelta(days=1))

    def child(self, key: tuple[str, str, datetime.date]) -> Child:
        given, family, born = key
        return Child.objects.create(
            municipality=self.place.municipality,
            given_name=given,
            family_name=family,
            birth_date=born,
            created_by=self.place.user(Sector.HEALTH_STATION),
        )

    def concern(self, child: Child, level: int, raised: datetime.date) -> Concern:
        sector = _school(child.birth_date, raised)
        user = self.place.user(sector)
        concern = Concern.objects.create(
            municipality=self.place.municipality,
            unit=self.place.unit(sector),
            child=child,
            level=level,
            observed="Fiktiv sak i demohistorikken: bekymring for fravær og trivsel.",
            raised_by=user,
            responsible=user,
            status=ConcernStatus.CLOSED,
        )
        closed = _at(self.day(raised + datetime.timedelta(days=120)), 15)
        Concern.objects.filter(pk=concern.pk).update(created_at=_at(raised), closed_at=closed)
        concern.created_at = _at(raised)
        return concern

    def unit_measure(self, concern: Concern, raised: datetime.date) -> None:
        starts = self.day(raised + datetime.timedelta(days=self.random.randint(3, 16)))
        evaluate = starts + datetime.timedelta(days=self.random.choice((42, 56, 70)))
        measure = UnitMeasure.objects.create(
            municipality=self.place.municipality,
            concern=concern,
            title="Tett oppfølging i klassen",
            owner=concern.responsible,
            starts_on=starts,
            evaluate_on=evaluate,
            created_by=concern.responsible,
        )
        evaluated = self.evaluated_on(evaluate)
        if evaluated is not None:
            evaluation = UnitMeasureEvaluation.objects.create(
                measure=measure, text="Fraværet har gått ned.", evaluated_by=concern.responsible
            )
            UnitMeasureEvaluation.objects.filter(pk=evaluation.pk).update(
                evaluated_at=_at(evaluated, 14)
            )

    def evaluated_on(self, evaluate: datetime.date) -> datetime.date | None:
        """Most on time, some late, some not at all; never in the future."""
        roll = self.random.random()
        if roll < 0.72:
            day = evaluate - datetime.timedelta(days=self.random.randint(0, 5))
        elif roll < 0.88:
            day = evaluate + datetime.timedelta(days=self.random.randint(7, 30))
        else:
            return None
        return day if day < self.today else None

    def team(self, concern: Concern, raised: datetime.date, quarter: int) -> Team:
        place, child = self.place, concern.child
        wait = max(1, self.pace.days_to_team - quarter + self.random.randint(-8, 8))
        opened_on = self.day(raised + datetime.timedelta(days=wait))
        opened = _at(opened_on, 13)
        closed = _at(self.day(opened_on + datetime.timedelta(days=150)), 15)
        # Consent first: the child (or the guardians, for a child under 15) agrees to the team.
        age = (opened_on - child.birth_date).days // 365
        consent_day = self.day(opened_on - datetime.timedelta(days=self.random.randint(1, 6)))
        withdrawn = None
        if self.random.random() < 0.25:
            withdrawn = _at(self.day(consent_day + datetime.timedelta(days=60)), 9)
        consent = Consent.objects.create(
            municipality=place.municipality,
            child=child,
            given_by=GivenBy.YOUNG_PERSON if age >= 15 else GivenBy.GUARDIANS,
            purpose="Samarbeid i laget rundt barnet",
            text="Fiktivt samtykke i demohistorikken.",
            method=Method.PAPER,
            valid_from=consent_day,
            valid_until=consent_day + datetime.timedelta(days=365),
            recorded_by=concern.responsible,
            withdrawn_at=withdrawn,
        )
        Consent.objects.filter(pk=consent.pk).update(recorded_at=_at(consent_day, 11))
        team = Team.objects.create(
            municipality=place.municipality,
            child=child,
            concern=concern,
            originating_unit=concern.unit,
            status=TeamStatus.CLOSED,
            closed_at=closed,
            close_reason="Målene er nådd.",
        )
        Team.objects.filter(pk=team.pk).update(opened_at=opened)
        team.opened_at = opened
        consent.units.add(concern.unit)
        TeamMember.objects.create(
            team=team,
            user=concern.responsible,
            unit=concern.unit,
            role="coordinator",
            status="left",
            joined_at=opened,
            left_at=closed,
        )
        partners = self.random.sample(PARTNERS, self.random.randint(1, 3))
        for sector in partners:
            unit = place.unit(sector)
            if unit == concern.unit:
                continue
            accepted = self.random.random() < 0.9
            invitation = UnitInvitation.objects.create(
                team=team,
                unit=unit,
                status=UnitInvitationStatus.ACCEPTED if accepted else UnitInvitationStatus.DECLINED,
                invited_by=concern.responsible,
            )
            UnitInvitation.objects.filter(pk=invitation.pk).update(invited_at=opened)
            if not accepted:
                continue
            consent.units.add(unit)
            TeamMember.objects.create(
                team=team,
                user=place.user(sector),
                unit=unit,
                role="member",
                status="left",
                joined_at=opened,
                left_at=closed,
            )
        self.work_of(team, quarter, partners)
        return team

    def work_of(self, team: Team, quarter: int, partners: Sequence[str]) -> None:
        """The plan, its goals and measures, meetings and perhaps a hand-over."""
        opened_on = timezone.localdate(team.opened_at)
        closed_on = timezone.localdate(team.closed_at) if team.closed_at else self.today
        if self.random.random() < self.pace.plan_share + quarter * 0.03:
            plan = Plan.objects.create(
                municipality=self.place.municipality,
                team=team,
                period_start=opened_on,
                period_end=opened_on + datetime.timedelta(days=365),
            )
            for text, own_share in (
                ("Jeg vil klare å være på skolen hver dag.", 0.55 + quarter * 0.04),
                ("Bedre søvn og faste rutiner.", 0.35),
            ):
                Goal.objects.create(
                    plan=plan,
                    text=text,
                    in_childs_words=self.random.random() < own_share,
                    updated_by=team.concern.responsible,
                )
            for title in ("Samtaler med helsesykepleier", "Tilrettelegging i timene")[
                : self.random.randint(1, 2)
            ]:
                starts = self.day(opened_on + datetime.timedelta(days=self.random.randint(5, 20)))
                evaluate = starts + datetime.timedelta(days=self.random.choice((42, 56, 70)))
                measure = Measure.objects.create(
                    plan=plan,
                    title=title,
                    responsible_unit=team.originating_unit,
                    responsible_person=team.concern.responsible,
                    starts_on=starts,
                    ends_on=evaluate + datetime.timedelta(days=90),
                    evaluate_on=evaluate,
                    updated_by=team.concern.responsible,
                )
                evaluated = self.evaluated_on(evaluate)
                if evaluated is not None:
                    Evaluation.objects.create(
                        measure=measure,
                        evaluated_on=evaluated,
                        result="Går bedre.",
                        author=team.concern.responsible,
                    )
        for after in (10, 45):
            day = opened_on + datetime.timedelta(days=after)
            if day >= min(closed_on, self.today):
                continue
            heard = self.random.random() < 0.5 + quarter * 0.05
            Meeting.objects.create(
                team=team,
                starts_at=_at(day, 9),
                place="Skolen",
                agenda="Plan og tiltak",
                child_input="Jeg vil ha én voksen å snakke med." if heard else "",
                status=MeetingStatus.HELD,
                created_by=team.concern.responsible,
            )
        if partners and self.random.random() < self.pace.handover_share:
            sector = partners[0]
            day = self.day(opened_on + datetime.timedelta(days=30))
            handover = Handover.objects.create(
                team=team,
                transition="other",
                from_user=team.concern.responsible,
                to_user=self.place.user(sector),
                to_unit=self.place.unit(sector),
                note="Overtar koordineringen.",
                status=HandoverStatus.ACCEPTED
                if self.random.random() < 0.85
                else HandoverStatus.DECLINED,
            )
            Handover.objects.filter(pk=handover.pk).update(created_at=_at(day, 12))

    def welfare_report(self, concern: Concern, raised: datetime.date) -> None:
        sent = self.day(raised + datetime.timedelta(days=self.random.randint(1, 10)))
        report = ChildWelfareReport.objects.create(
            municipality=self.place.municipality,
            unit=concern.unit,
            child=concern.child,
            concern=concern,
            reporter=concern.responsible,
            grounds="Fiktiv melding i demohistorikken.",
            legal_basis="barnevernsloven § 13-2",
            sent_at=_at(sent, 14),
            receipt_received_on=self.day(sent + datetime.timedelta(days=5)),
        )
        due = sent + datetime.timedelta(days=7)
        done = due - datetime.timedelta(days=self.random.randint(0, 4))
        if self.random.random() < 0.2:
            done = due + datetime.timedelta(days=self.random.randint(2, 10))
        Task.objects.create(
            municipality=self.place.municipality,
            child=concern.child,
            welfare_report=report,
            title="Følg opp meldingen til barnevernet",
            owner=concern.responsible,
            due_on=due,
            status=TaskStatus.DONE,
            completed_at=_at(self.day(done), 15),
        )


def _leader_seed() -> None:
    user, _created = User.objects.update_or_create(
        username=LEADER,
        defaults={
            "first_name": "Mette",
            "last_name": "Leder",
            "email": f"{LEADER}@demo.laget.invalid",
            "is_active": True,
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    membership_grant_seed(
        user=user,
        municipality=Municipality.objects.get(number=PORSGRUNN),
        unit=None,
        role=Role.MUNICIPAL_LEADER,
        title="Kommunalsjef oppvekst",
    )


@transaction.atomic
def _history_seed(today: datetime.date) -> tuple[int, int]:
    children = teams = 0
    _leader_seed()
    for number, pace in PACES.items():
        place = _Municipality(number)
        writer = _Writer(place, pace, today)
        existing = set(
            Child.objects.filter(municipality=place.municipality).values_list(
                "given_name", "family_name", "birth_date"
            )
        )
        case = 0
        for quarter, (first, last) in enumerate(_quarters(today)):
            levels = (
                [0] * pace.level0
                + [1] * pace.level1
                + [2] * (pace.level2 + quarter)
                + [3] * (pace.level3 + quarter % 3)
            )
            span = (min(last, today - datetime.timedelta(days=2)) - first).days
            for index, level in enumerate(levels):
                case += 1
                key = _child_key(case + pace.first_case)
                raised = first + datetime.timedelta(days=(index * 7919) % max(span, 1))
                # Each case draws from its own seed: a rerun, or a case added later, matches.
                writer.random.seed(f"{number}-{case}")
                if key not in existing:
                    concern = writer.concern(writer.child(key), level, raised)
                    children += 1
                    if level == 1:
                        writer.unit_measure(concern, raised)
                    if level >= 2:
                        writer.team(concern, raised, quarter)
                        teams += 1
                    if level == 3 or (level == 2 and index % 3 == 0):
                        writer.welfare_report(concern, raised)
    return children, teams


def demo_history_seed(*, now: datetime.datetime | None = None, count: bool = True) -> HistoryReport:
    """Write the history (in one transaction), then count the indicators as the nightly job
    does (`count=False` leaves that to the job)."""
    now = now or timezone.now()
    children, teams = _history_seed(timezone.localdate(now))
    # A second `load_demo` finds the history written and the indicators counted: the count
    # (the slow part) waits for the nightly job then.
    counted = WorkIndicator.objects.exists()
    run = work_indicators_compute(now=now) if count and (children or not counted) else None
    return HistoryReport(children=children, teams=teams, indicators=run)
