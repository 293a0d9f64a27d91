"""A small world around one child, built through the real services: the cast for every test of
concerns, teams, consents and plans (and the access matrix).

Porsgrunn: a lower secondary school (where the concern starts), the health station, PPT, NAV
and a primary school. Skien: a health station. Across organisations: Telemark county authority's
upper secondary school in Porsgrunn and a health trust's BUP in Skien, both serving Porsgrunn.
All people are fictional; the health trust is fictional too (no real organisation number)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from children.models import Child
from children.services import GuardianData, child_register
from concerns.models import Concern, Level
from concerns.services import concern_raise
from consents.models import Consent, GivenBy, InformationKind, Method
from consents.services import consent_record, consent_withdraw
from people.models import AnalystAccess, Membership, Role, User
from plans.models import Measure, Plan
from plans.services import goal_add, measure_add, plan_create
from teams.models import Meeting, Team
from teams.services import meeting_plan, member_invite, member_respond, team_open
from tests.factories import UnitFactory, UserFactory, member, municipality
from units.models import Organisation, OrganisationKind, Sector, Unit

# An H-number (help number: month + 40) with valid check digits for 01.01.2012. H-numbers are
# never in the population register, so this is nobody's national identity number.
FICTIONAL_FNR = "01411250187"


@dataclass
class World:
    school: Unit
    health: Unit
    ppt: Unit
    nav: Unit
    primary: Unit
    skien_health: Unit
    county: Organisation  # Telemark fylkeskommune, serving Porsgrunn and Skien
    trust: Organisation  # a health trust whose catchment includes Porsgrunn
    upper_secondary: Unit  # the county's school, sited in Porsgrunn
    bup: Unit  # the health trust's BUP, sited in Skien
    coordinator: User  # school, responsible and coordinator
    member: User  # health station, active member, consent covers the health station
    peer: User  # health station, active member, owns no task (ordinary member, not coordinator)
    withdrawn: User  # PPT, active member, but the consent covering PPT was withdrawn
    invited: User  # NAV, invited, not yet accepted (a consent covers NAV)
    colleague: User  # school, same unit, not on the team
    outsider: User  # primary school, same municipality
    foreigner: User  # Skien
    departed: User  # worked in the school until yesterday (see `leave_unit`)
    county_member: User  # upper secondary school, active member, a consent covers the school
    county_staff: User  # upper secondary school, not on the team
    county_admin: User  # administrator of the county authority: its units and staff only
    trust_withdrawn: User  # BUP, active member, but the consent covering BUP was withdrawn
    analyst: User
    leader: User  # municipal leader of Porsgrunn: the municipality's figures, never a child
    unit_leader: User  # leads the school (the coordinator's unit): its gap list, not the team
    other_leader: User  # leads the primary school: another unit's gaps
    admin: User  # municipal administrator of Porsgrunn: units and staff, never a child
    child: Child
    concern: Concern  # level 2 with the team
    small_concern: Concern  # level 1, stays in the school
    team: Team
    consent: Consent
    plan: Plan
    measure: Measure
    meeting: Meeting


def _consent(actor: User, child: Child, units: list[Unit], team: Team | None = None) -> Consent:
    return consent_record(
        actor=actor,
        child=child,
        units=units,
        information_kinds=[InformationKind.PLAN, InformationKind.LOG],
        purpose="Samarbeid i laget rundt barnet",
        text="Jeg samtykker til at enhetene under kan dele opplysninger om meg i laget.",
        method=Method.PAPER,
        given_by=GivenBy.YOUNG_PERSON_AND_GUARDIANS,
        guardians=list(child.guardians.filter(has_parental_responsibility=True)),
        valid_from=timezone.localdate(),
        team=team,
    )


def build_world() -> World:
    porsgrunn, skien = municipality("4001"), municipality("4003")
    school = UnitFactory(
        municipality=porsgrunn, name="Vestsiden ungdomsskole", sector=Sector.LOWER_SECONDARY
    )
    health = UnitFactory(
        municipality=porsgrunn, name="Helsestasjonen Porsgrunn", sector=Sector.HEALTH_STATION
    )
    ppt = UnitFactory(municipality=porsgrunn, name="PPT Porsgrunn", sector=Sector.PPT)
    nav = UnitFactory(municipality=porsgrunn, name="NAV Porsgrunn", sector=Sector.NAV)
    primary = UnitFactory(municipality=porsgrunn, name="Tveten skole")
    skien_health = UnitFactory(
        municipality=skien, name="Helsestasjonen i Skien", sector=Sector.HEALTH_STATION
    )
    county = Organisation.objects.create(
        kind=OrganisationKind.COUNTY_AUTHORITY,
        name=f"{porsgrunn.county.name_norwegian} fylkeskommune",
        county=porsgrunn.county,
    )
    county.serves.set([porsgrunn, skien])
    trust = Organisation.objects.create(kind=OrganisationKind.HEALTH_TRUST, name="Helse Prøve HF")
    trust.serves.set([porsgrunn, skien])
    upper_secondary = UnitFactory(
        municipality=porsgrunn,
        organisation=county,
        name="Porsgrunn videregående skole",
        sector=Sector.UPPER_SECONDARY,
    )
    bup = UnitFactory(
        municipality=skien, organisation=trust, name="BUP Prøve", sector=Sector.SPECIALIST_BUP
    )
    people = {}
    for username, unit, role in [
        ("coordinator", school, Role.PROFESSIONAL),
        ("member", health, Role.PROFESSIONAL),
        ("peer", health, Role.PROFESSIONAL),
        ("withdrawn", ppt, Role.PROFESSIONAL),
        ("invited", nav, Role.PROFESSIONAL),
        ("colleague", school, Role.PROFESSIONAL),
        ("outsider", primary, Role.PROFESSIONAL),
        ("foreigner", skien_health, Role.PROFESSIONAL),
        ("departed", school, Role.PROFESSIONAL),
        ("county_member", upper_secondary, Role.PROFESSIONAL),
        ("county_staff", upper_secondary, Role.PROFESSIONAL),
        ("trust_withdrawn", bup, Role.PROFESSIONAL),
    ]:
        people[username] = UserFactory(username=username, first_name=username.title())
        member(people[username], unit, role)
    analyst = UserFactory(username="analyst")
    AnalystAccess.objects.create(user=analyst, county=porsgrunn.county, organisation="SF")
    leader = UserFactory(username="leader")
    Membership.objects.create(user=leader, municipality=porsgrunn, role=Role.MUNICIPAL_LEADER)
    county_admin = UserFactory(username="county_admin")
    Membership.objects.create(user=county_admin, organisation=county, role=Role.ORGANISATION_ADMIN)
    unit_leader = UserFactory(username="unit_leader", first_name="Rektor")
    member(unit_leader, school, Role.UNIT_LEADER)
    other_leader = UserFactory(username="other_leader", first_name="Inspektør")
    member(other_leader, primary, Role.UNIT_LEADER)
    admin = UserFactory(username="admin")
    Membership.objects.create(user=admin, municipality=porsgrunn, role=Role.MUNICIPAL_ADMIN)

    coordinator = people["coordinator"]
    child = child_register(
        actor=coordinator,
        unit=school,
        given_name="Sara",
        family_name="Testesen",
        birth_date=datetime.date(2012, 1, 1),
        identity_number=FICTIONAL_FNR,
        guardians=[GuardianData("Mona Testesen", "mor", True, "+47 41 00 00 01")],
    )
    concern = concern_raise(
        actor=coordinator,
        unit=school,
        child=child,
        observed="Mye fravær siste måned, trekker seg unna i friminuttene.",
        child_view="Sara sier hun har vondt i magen om morgenen.",
        level=Level.OWN_UNIT,
    )
    small_child = child_register(
        actor=coordinator,
        unit=school,
        given_name="Jonas",
        family_name="Prøvesen",
        birth_date=datetime.date(2011, 5, 5),
    )
    small_concern = concern_raise(
        actor=coordinator,
        unit=school,
        child=small_child,
        observed="Virker sliten i timene.",
        level=Level.OWN_UNIT,
    )
    consent = _consent(coordinator, child, [school, health, ppt, nav, upper_secondary, bup])
    team = team_open(actor=coordinator, concern=concern, consent=consent, level=Level.COLLABORATION)
    for username, unit in [
        ("member", health),
        ("peer", health),
        ("withdrawn", ppt),
        ("county_member", upper_secondary),
        ("trust_withdrawn", bup),
    ]:
        invitation = member_invite(actor=coordinator, team=team, user=people[username], unit=unit)
        member_respond(actor=people[username], member=invitation, accept=True)
    member_invite(actor=coordinator, team=team, user=people["invited"], unit=nav)
    # PPT's and BUP's coverage is withdrawn: the team's main consent keeps the others, a
    # narrower replacement without them is recorded (and a consent of its own for the county's
    # school), then the main one is withdrawn – in the ledger only, so the PPT and BUP members
    # stay listed as active but see nothing, as when a consent runs out
    # (`teams.services.team_consent_withdraw` would also take them off the team).
    replacement = _consent(coordinator, child, [school, health, nav], team=team)
    _consent(coordinator, child, [upper_secondary], team=team)
    consent_withdraw(actor=coordinator, consent=consent, withdrawn_by="Sara og Mona Testesen")

    today = timezone.localdate()
    plan = plan_create(
        actor=coordinator,
        team=team,
        period_start=today,
        period_end=today + datetime.timedelta(days=365),
    )
    goal = goal_add(actor=coordinator, plan=plan, text="Jeg vil gå på skolen hver dag.")
    measure = measure_add(
        actor=coordinator,
        plan=plan,
        goal=goal,
        title="Samtaler med helsesykepleier",
        description="Ukentlige samtaler.",
        responsible_unit=health,
        responsible_person=people["member"],
        starts_on=today,
        ends_on=today + datetime.timedelta(days=90),
        evaluate_on=today + datetime.timedelta(days=45),
    )
    meeting = meeting_plan(
        actor=coordinator,
        team=team,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        place="Vestsiden ungdomsskole, møterom 2",
        agenda="1. Hvordan går det? 2. Tiltak",
    )
    return World(
        school=school,
        health=health,
        ppt=ppt,
        nav=nav,
        primary=primary,
        skien_health=skien_health,
        county=county,
        trust=trust,
        upper_secondary=upper_secondary,
        bup=bup,
        coordinator=coordinator,
        member=people["member"],
        peer=people["peer"],
        withdrawn=people["withdrawn"],
        invited=people["invited"],
        colleague=people["colleague"],
        outsider=people["outsider"],
        foreigner=people["foreigner"],
        departed=people["departed"],
        county_member=people["county_member"],
        county_staff=people["county_staff"],
        county_admin=county_admin,
        trust_withdrawn=people["trust_withdrawn"],
        analyst=analyst,
        leader=leader,
        unit_leader=unit_leader,
        other_leader=other_leader,
        admin=admin,
        child=child,
        concern=concern,
        small_concern=small_concern,
        team=team,
        consent=replacement,
        plan=plan,
        measure=measure,
        meeting=meeting,
    )


def leave_unit(user: User, unit: Unit) -> None:
    """The person stopped working in the unit yesterday: their membership there has ended."""
    Membership.objects.filter(user=user, unit=unit, ended_on__isnull=True).update(
        ended_on=timezone.localdate() - datetime.timedelta(days=1)
    )
