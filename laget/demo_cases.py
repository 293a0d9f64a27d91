"""Demo cases: fictional children with a concern, a team, consent, a plan, meetings and tasks,
built through the real services so the demo shows what the audit log and the log look like.

Identity numbers are H-numbers (month + 40): help numbers that are never in the population
register, so they belong to nobody."""

from __future__ import annotations

import datetime

from django.utils import timezone

from children.identity import identity_number_q
from children.models import Child
from children.services import GuardianData, child_register
from concerns.models import Level
from concerns.services import concern_raise
from consents.models import Consent, GivenBy, InformationKind, Method
from consents.services import consent_record
from people.models import User
from plans.models import MeasureKind
from plans.services import evaluation_add, goal_add, measure_add, plan_create
from teams.models import Team, TeamMember
from teams.services import (
    Invitees,
    meeting_input_record,
    meeting_plan,
    member_invite,
    member_leave,
    member_respond,
    task_create,
    team_open,
)
from units.models import Unit

EMMA = "14431250064"
NOAH = "02461750160"
LINA = "20491050188"
HANNE = "11458215040"  # Emma's mother, for the portal demo
INGRID = "17428615069"  # Noah's mother
MATHIAS = "10450950187"  # 17, on OT's list: OT and fagopplæring on his team
SOFIE = "02420850002"  # 18, her upper secondary school left; her consent covers OT
JAKOB = "30471050098"  # 16, his upper secondary school left; no consent covers OT


def _consent(
    actor: User, child: Child, units: list[Unit], given_by: str, team: Team | None = None
) -> Consent:
    return consent_record(
        team=team,
        actor=actor,
        child=child,
        units=units,
        information_kinds=[InformationKind.PLAN, InformationKind.LOG, InformationKind.SCHOOL],
        purpose="Samarbeid i laget rundt barnet",
        text=(
            "Jeg samtykker til at enhetene som er krysset av, kan dele opplysninger om meg med "
            "hverandre og samarbeide i et lag med en koordinator. Jeg kan trekke samtykket når "
            "som helst."
        ),
        method=Method.PAPER,
        evidence_note="Signert skjema ligger i elevmappen.",
        given_by=given_by,
        guardians=list(child.guardians.filter(has_parental_responsibility=True)),
        valid_from=timezone.localdate() - datetime.timedelta(days=30),
        valid_until=timezone.localdate() + datetime.timedelta(days=335),
    )


def demo_cases_seed(*, users: dict[str, User], units: dict[str, Unit]) -> int:
    """Create the demo cases once; running again changes nothing (a demo database from before
    the county and the health trust gets BUP on Emma's team and the follow-up service's young
    people). Returns the number of teams."""
    if not Child.objects.filter(identity_number_q(EMMA)).exists():
        _first_cases_seed(users=users, units=units)
    _emma_gains_bup(users=users, units=units)
    return 2 + _follow_up_cases_seed(users=users, units=units)


def _emma_gains_bup(*, users: dict[str, User], units: dict[str, Unit]) -> None:
    """BUP (the health trust's) joins Emma's team, with a consent of its own for the team."""
    bup, heidi = units["BUP-poliklinikken"], users["heidi.brekke"]
    team = Team.objects.get(child__in=Child.objects.filter(identity_number_q(EMMA)))
    if TeamMember.objects.filter(team=team, unit=bup).exists():
        return
    emma = team.child
    _consent(users["ola.nordmann"], emma, [bup], GivenBy.YOUNG_PERSON_AND_GUARDIANS, team=team)
    invitation = member_invite(actor=users["ola.nordmann"], team=team, user=heidi, unit=bup)
    member_respond(actor=heidi, member=invitation, accept=True)


def _young_person(
    actor: User, school: Unit, name: tuple[str, str], born: datetime.date, number: str
) -> Child:
    return child_register(
        actor=actor,
        unit=school,
        given_name=name[0],
        family_name=name[1],
        birth_date=born,
        identity_number=number,
        guardians=[GuardianData(f"Kristin {name[1]}", "mor", True, "+47 41 00 00 41")],
    )


def _follow_up_cases_seed(*, users: dict[str, User], units: dict[str, Unit]) -> int:
    """Three young people for OT Telemark's work list (kine.bakke): Mathias, with OT and
    fagopplæring on his team and an apprenticeship in his plan; Sofie, whose upper secondary
    school left her team and whose consent covers OT (named); Jakob, the same without a consent
    covering OT (only counted). Once; returns the number of teams."""
    if Child.objects.filter(identity_number_q(MATHIAS)).exists():
        return 3
    today = timezone.localdate()
    erik, kine, trond = users["erik.sand"], users["kine.bakke"], users["trond.aasen"]
    jonas = users["jonas.berg"]
    vgs, ot = units["Porsgrunn videregående skole"], units["OT Telemark"]
    training, nav = units["Fagopplæringen i Telemark"], units["NAV Porsgrunn"]
    lower = units["Vestsiden ungdomsskole"]

    mathias = _young_person(erik, vgs, ("Mathias", "Dal"), datetime.date(2009, 5, 10), MATHIAS)
    concern = concern_raise(
        actor=erik,
        unit=vgs,
        child=mathias,
        observed="Mathias har sluttet å møte på Vg1 elektro etter høstferien.",
        child_view="Mathias vil heller jobbe og lære faget i en bedrift.",
        level=Level.OWN_UNIT,
    )
    consent = _consent(erik, mathias, [vgs, ot, training, nav], GivenBy.YOUNG_PERSON_AND_GUARDIANS)
    team = team_open(actor=erik, concern=concern, consent=consent, level=Level.COLLABORATION)
    for person, unit in [(kine, ot), (trond, training)]:
        invitation = member_invite(actor=erik, team=team, user=person, unit=unit)
        member_respond(actor=person, member=invitation, accept=True)
    plan = plan_create(
        actor=erik,
        team=team,
        period_start=today - datetime.timedelta(days=10),
        period_end=today + datetime.timedelta(days=365),
    )
    goal = goal_add(actor=erik, plan=plan, text="Jeg vil bli elektriker og tjene egne penger.")
    measure_add(
        actor=erik,
        plan=plan,
        goal=goal,
        kind=MeasureKind.APPRENTICESHIP,
        title="Opplæring i bedrift hos en elektroinstallatør",
        description="Fagopplæringen finner en bedrift som kan ta Mathias inn som lærekandidat.",
        responsible_unit=training,
        responsible_person=trond,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=300),
        evaluate_on=today + datetime.timedelta(days=60),
    )
    measure_add(
        actor=erik,
        plan=plan,
        goal=goal,
        title="Faste samtaler med OT",
        description="OT følger opp Mathias annenhver uke til han er i gang.",
        responsible_unit=ot,
        responsible_person=kine,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=120),
        evaluate_on=today + datetime.timedelta(days=30),
    )

    # Two teams from lower secondary that the upper secondary school joined and then left.
    for name, born, number, units_covered in [
        (("Sofie", "Lund"), datetime.date(2008, 2, 2), SOFIE, [lower, vgs, ot]),
        (("Jakob", "Strand"), datetime.date(2010, 7, 30), JAKOB, [lower, vgs]),
    ]:
        child = _young_person(jonas, lower, name, born, number)
        left_concern = concern_raise(
            actor=jonas,
            unit=lower,
            child=child,
            observed=f"{name[0]} har mye fravær og vurderer å slutte på videregående.",
            level=Level.OWN_UNIT,
        )
        left_team = team_open(
            actor=jonas,
            concern=left_concern,
            consent=_consent(jonas, child, units_covered, GivenBy.YOUNG_PERSON_AND_GUARDIANS),
            level=Level.COLLABORATION,
        )
        invitation = member_invite(actor=jonas, team=left_team, user=erik, unit=vgs)
        member_respond(actor=erik, member=invitation, accept=True)
        member_leave(actor=erik, team=left_team, member=invitation)
    return 3


def _first_cases_seed(*, users: dict[str, User], units: dict[str, Unit]) -> None:
    today = timezone.localdate()
    ola, kari, amir = users["ola.nordmann"], users["kari.nordmann"], users["amir.haddad"]
    school, health = units["Vestsiden ungdomsskole"], units["Helsestasjon og skolehelsetjeneste"]
    ppt = units["PPT Porsgrunn"]

    emma = child_register(
        actor=ola,
        unit=school,
        given_name="Emma",
        family_name="Fjell",
        birth_date=datetime.date(2012, 3, 14),
        identity_number=EMMA,
        languages="norsk",
        guardians=[
            GuardianData("Hanne Fjell", "mor", True, "+47 41 00 00 11", identity_number=HANNE),
            GuardianData("Rune Fjell", "far", True, "+47 41 00 00 12"),
        ],
    )
    concern = concern_raise(
        actor=ola,
        unit=school,
        child=emma,
        observed=(
            "Emma har hatt 18 dager fravær dette halvåret, mest mandager. Hun sitter alene i "
            "friminuttene og har sluttet på håndball."
        ),
        child_view="Emma sier at hun får vondt i magen når hun skal på skolen.",
        guardians_view="Foreldrene er bekymret og ønsker hjelp fra helsesykepleier.",
        level=Level.OWN_UNIT,
    )
    consent = _consent(ola, emma, [school, health, ppt], GivenBy.YOUNG_PERSON_AND_GUARDIANS)
    team = team_open(actor=ola, concern=concern, consent=consent, level=Level.COLLABORATION)
    for person, unit in [(kari, health), (amir, ppt)]:
        invitation = member_invite(actor=ola, team=team, user=person, unit=unit)
        member_respond(actor=person, member=invitation, accept=True)
    plan = plan_create(
        actor=ola,
        team=team,
        period_start=today - datetime.timedelta(days=20),
        period_end=today + datetime.timedelta(days=180),
        resources="Emma er god i matte og tegning, og har en venninne i klassen hun stoler på.",
    )
    school_goal = goal_add(actor=ola, plan=plan, text="Jeg vil klare å gå på skolen hver dag.")
    friend_goal = goal_add(actor=ola, plan=plan, text="Jeg vil begynne på håndball igjen.")
    talks = measure_add(
        actor=ola,
        plan=plan,
        goal=school_goal,
        title="Samtaler med helsesykepleier",
        description="Ukentlige samtaler om magesmerter og stress, tirsdager etter lunsj.",
        responsible_unit=health,
        responsible_person=kari,
        starts_on=today - datetime.timedelta(days=14),
        ends_on=today + datetime.timedelta(days=90),
        evaluate_on=today - datetime.timedelta(days=2),
    )
    measure_add(
        actor=ola,
        plan=plan,
        goal=school_goal,
        title="Kartlegging av lese- og skrivevansker",
        description="PPT kartlegger om skolearbeidet er for vanskelig.",
        responsible_unit=ppt,
        responsible_person=amir,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=60),
        evaluate_on=today + datetime.timedelta(days=60),
    )
    measure_add(
        actor=ola,
        plan=plan,
        goal=friend_goal,
        title="Fast voksen i friminuttene",
        description="Kontaktlærer avtaler hvem Emma kan gå til.",
        responsible_unit=school,
        responsible_person=ola,
        starts_on=today - datetime.timedelta(days=14),
        ends_on=today + datetime.timedelta(days=120),
        evaluate_on=today + datetime.timedelta(days=30),
    )
    evaluation_add(
        actor=kari,
        measure=talks,
        evaluated_on=today - datetime.timedelta(days=2),
        result="Emma har kommet til alle samtalene. Fraværet er halvert.",
        child_view="Det er lettere å si ifra når det er vondt.",
        next_evaluation=today + datetime.timedelta(days=42),
    )
    meeting = meeting_plan(
        actor=ola,
        team=team,
        starts_at=timezone.now().replace(hour=13, minute=0, second=0, microsecond=0)
        + datetime.timedelta(days=9),
        place="Vestsiden ungdomsskole, møterom 2",
        agenda="1. Hvordan har det gått siden sist?\n2. Tiltakene\n3. Neste møte",
        domain="education",
        invitees=Invitees(
            members=[ola, kari, amir], child=True, guardians=list(emma.guardians.all())
        ),
    )
    meeting_input_record(
        actor=ola,
        meeting=meeting,
        child_input="Jeg vil ikke at alle skal snakke om fraværet mitt i klassen.",
        guardians_input="Vi lurer på om Emma kan få slippe muntlig framføring en periode.",
    )
    task_create(
        actor=ola,
        team=team,
        title="Sende innkalling til møtet til foreldrene",
        owner=kari,
        due_on=today - datetime.timedelta(days=1),
    )
    task_create(
        actor=ola,
        team=team,
        title="Avtale kartleggingstidspunkt med Emma",
        owner=amir,
        due_on=today + datetime.timedelta(days=5),
    )

    # A concern that stays in the health station (level 1).
    noah = child_register(
        actor=kari,
        unit=health,
        given_name="Noah",
        family_name="Berg",
        birth_date=datetime.date(2017, 6, 2),
        identity_number=NOAH,
        guardians=[
            GuardianData("Ingrid Berg", "mor", True, "+47 41 00 00 21", identity_number=INGRID)
        ],
    )
    concern_raise(
        actor=kari,
        unit=health,
        child=noah,
        observed="Noah har gått ned i vekt siden forrige kontroll og virker trøtt.",
        child_view="Noah sier han ikke får sove fordi det er mye bråk om kvelden.",
        level=Level.OWN_UNIT,
    )

    # A team where Kari is invited but has not answered yet.
    lina = child_register(
        actor=amir,
        unit=ppt,
        given_name="Lina",
        family_name="Haugen",
        birth_date=datetime.date(2010, 9, 20),
        identity_number=LINA,
        languages="norsk, somali",
        guardians=[GuardianData("Amina Haugen", "mor", True, "+47 41 00 00 31")],
    )
    lina_concern = concern_raise(
        actor=amir,
        unit=ppt,
        child=lina,
        observed="Lina strever med å følge undervisningen etter skolebytte.",
        child_view="Lina vil ha hjelp, men ikke i en egen gruppe.",
        level=Level.OWN_UNIT,
    )
    lina_consent = _consent(amir, lina, [ppt, health], GivenBy.YOUNG_PERSON_AND_GUARDIANS)
    lina_team = team_open(
        actor=amir, concern=lina_concern, consent=lina_consent, level=Level.COLLABORATION
    )
    member_invite(actor=amir, team=lina_team, user=kari, unit=health)
