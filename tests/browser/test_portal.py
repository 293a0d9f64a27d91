"""The portal in the browser, logged in through the local OpenID Connect provider's real pages,
with axe on every page of ours: a 15-year-old reads the plan, writes what they want to say
before the next meeting and withdraws consent for one unit – after which a member from that
unit gets 404 on the team. A guardian of a 13-year-old who asked to keep health information
from the parents does not see it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from audit.models import AccessEvent, Action
from audit.selectors import access_events_verify
from concerns.models import Level
from concerns.services import concern_raise
from consents.models import GivenBy, InformationKind, Method
from consents.services import consent_record
from people.models import Role
from plans.services import goal_add, measure_add, plan_create
from portal import oidc
from portal.access import portal_access_for
from portal.devprovider import provider_running
from portal.services import portal_health_choice_set
from portal.tests.helpers import child_with_guardian
from teams.access import team_access_basis
from teams.models import Meeting
from teams.services import meeting_plan, member_invite, member_respond, team_open
from tests.browser.conftest import check_page
from tests.browser.test_walkthrough import _log_in
from tests.factories import UnitFactory, UserFactory, confirmed_device, member, municipality
from units.models import Sector


def _check(page) -> None:
    """axe once the page has settled: fonts loaded and animations (details opening) done."""
    page.evaluate(
        "() => Promise.all([document.fonts.ready,"
        " ...document.getAnimations().map(animation => animation.finished)])"
    )
    check_page(page)


@pytest.fixture
def provider(settings):
    with provider_running() as running:
        settings.PORTAL_OIDC_ISSUER = running.url
        settings.PORTAL_OIDC_CLIENT_ID = "laget-portal"
        settings.PORTAL_OIDC_CLIENT_SECRET = "browser-test-secret"
        settings.PORTAL_OIDC_ACR_VALUES = ""
        oidc.clear_caches()
        yield running
        oidc.clear_caches()


def _team_around(child, *, teacher, nurse, school, health):
    today = timezone.localdate()
    concern = concern_raise(
        actor=teacher,
        unit=school,
        child=child,
        observed="Mye fravær, sitter alene i friminuttene.",
        level=Level.OWN_UNIT,
    )
    consent = consent_record(
        actor=teacher,
        child=child,
        units=[school, health],
        information_kinds=[InformationKind.PLAN, InformationKind.LOG],
        purpose="Samarbeid i laget rundt barnet",
        text="Vi samtykker til at skolen og helsestasjonen samarbeider i et lag.",
        method=Method.PAPER,
        given_by=GivenBy.YOUNG_PERSON_AND_GUARDIANS,
        guardians=list(child.guardians.all()),
        valid_from=today,
    )
    team = team_open(actor=teacher, concern=concern, consent=consent, level=Level.COLLABORATION)
    invitation = member_invite(actor=teacher, team=team, user=nurse, unit=health)
    member_respond(actor=nurse, member=invitation, accept=True)
    plan = plan_create(
        actor=teacher,
        team=team,
        period_start=today,
        period_end=today + datetime.timedelta(days=200),
    )
    goal = goal_add(actor=teacher, plan=plan, text="Jeg vil ha det bra på skolen.")
    for title, unit, person in [
        ("Samtaler med helsesykepleier", health, nurse),
        ("Fast voksen i friminuttet", school, teacher),
    ]:
        measure_add(
            actor=teacher,
            plan=plan,
            goal=goal,
            title=title,
            description="",
            responsible_unit=unit,
            responsible_person=person,
            starts_on=today,
            ends_on=today + datetime.timedelta(days=90),
            evaluate_on=today + datetime.timedelta(days=30),
        )
    meeting_plan(
        actor=teacher,
        team=team,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        place="Møterom 2",
        agenda="Hvordan går det?",
    )
    return team


def _portal_log_in(page, sub: str) -> None:
    page.goto("/portal/")
    _check(page)
    page.get_by_role("button", name="English").click()
    _check(page)
    page.get_by_role("link", name="Log in with ID-porten").click()
    # The provider's own page (ID-porten in production): not ours, so not checked with axe.
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def test_young_person_and_guardian_in_the_portal(page, db, provider):
    # The mock provider's page loads a stylesheet from the internet; nothing leaves this machine.
    page.route(re.compile(r"^https://"), lambda route: route.abort())
    porsgrunn = municipality("4001")
    school = UnitFactory(
        municipality=porsgrunn, name="Vestsiden ungdomsskole", sector=Sector.LOWER_SECONDARY
    )
    health = UnitFactory(
        municipality=porsgrunn, name="Helsestasjonen", sector=Sector.HEALTH_STATION
    )
    teacher = UserFactory(username="lise", first_name="Lise", last_name="Lærer")
    nurse = UserFactory(username="kari", first_name="Kari", last_name="Helsesøster")
    member(teacher, school, Role.PROFESSIONAL, "Kontaktlærer")
    member(nurse, health, Role.PROFESSIONAL, "Helsesykepleier")
    ida, _ida_mother = child_with_guardian(
        actor=teacher,
        unit=school,
        given_name="Ida",
        family_name="Fjell",
        age=15,
        guardian_name="Hanne Fjell",
        individual=512,
        guardian_individual=100,
    )
    emil, emil_mother = child_with_guardian(
        actor=teacher,
        unit=school,
        given_name="Emil",
        family_name="Berg",
        age=13,
        guardian_name="Ingrid Berg",
        individual=612,
        guardian_individual=200,
    )
    ida_team = _team_around(ida, teacher=teacher, nurse=nurse, school=school, health=health)
    _team_around(emil, teacher=teacher, nurse=nurse, school=school, health=health)
    # Emil (13) has asked that his health information is not shown to his parents.
    portal_health_choice_set(
        access=portal_access_for(pid=emil.identity_number, child_id=emil.pk), choice="withhold"
    )
    provider.user_set("ida", {"pid": ida.identity_number})
    provider.user_set("ingrid", {"pid": emil_mother.identity_number})
    assert team_access_basis(user=nurse, team=ida_team) is not None

    # --- Ida, 15 -----------------------------------------------------------------------------
    _portal_log_in(page, "ida")
    expect(page.get_by_role("heading", name="My team")).to_be_visible()
    expect(page.get_by_text("Lise Lærer, Vestsiden ungdomsskole").first).to_be_visible()
    _check(page)

    page.get_by_role("link", name="My plan").click()
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    expect(page.get_by_text("«Jeg vil ha det bra på skolen.»")).to_be_visible()
    expect(page.get_by_role("heading", name="Samtaler med helsesykepleier")).to_be_visible()
    _check(page)

    page.get_by_role("link", name="Meetings").click()
    _check(page)
    page.get_by_role("button", name="Send to the team").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    _check(page)
    page.get_by_label("What do you want to say before the meeting?").fill(
        "Jeg vil ikke snakke om fraværet foran alle."
    )
    page.get_by_role("button", name="Send to the team").click()
    expect(page.get_by_text("Thank you. The team will read it before the meeting.")).to_be_visible()
    _check(page)
    assert (
        Meeting.objects.get(team=ida_team).child_input
        == "Jeg vil ikke snakke om fraværet foran alle."
    )

    page.get_by_role("link", name="Consent").click()
    expect(
        page.get_by_role("heading", name="Who decides, now that you are 15 years old")
    ).to_be_visible()
    _check(page)
    page.get_by_role("link", name="Stop sharing with Helsestasjonen").click()
    expect(page.get_by_role("heading", name="Stop sharing with Helsestasjonen?")).to_be_visible()
    _check(page)
    page.get_by_label("Yes, stop it now").check()
    page.get_by_role("button", name="Stop it now").click()
    expect(page.get_by_text("Helsestasjonen can no longer see your information")).to_be_visible()
    _check(page)
    assert team_access_basis(user=nurse, team=ida_team) is None
    assert team_access_basis(user=teacher, team=ida_team) is not None

    page.get_by_role("link", name="Who has seen it").click()
    row = page.locator(".laget-access-event").filter(has_text="Lise Lærer").first
    expect(row).to_contain_text("Vestsiden ungdomsskole")
    expect(row).to_contain_text("consent from")
    _check(page)
    page.get_by_role("link", name="Download").click()
    _check(page)
    page.get_by_role("link", name="Something wrong?").click()
    _check(page)
    page.get_by_role("button", name="Log out").click()
    # The provider's end-session page, then back to ours.
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_role("heading", name="You are logged out")).to_be_visible()
    _check(page)
    page.get_by_role("button", name="Bokmål").click()
    expect(page.get_by_role("heading", name="Du er logget ut")).to_be_visible()

    # --- The nurse from the unit Ida stopped: the team is gone for her ----------------------
    _log_in(page, "kari", confirmed_device(nurse))
    page.wait_for_url(lambda url: url.endswith("/"))
    response = page.goto(f"/teams/{ida_team.pk}/")
    assert response is not None
    assert response.status == 404
    page.get_by_role("button", name="Logg ut").first.click()
    page.wait_for_url("**/accounts/login/")

    # --- Ingrid, guardian of Emil (13) ------------------------------------------------------
    _portal_log_in(page, "ingrid")
    expect(page.get_by_role("heading", name="The team around Emil")).to_be_visible()
    expect(
        page.get_by_text("Some information about Emil's health is not shown here.")
    ).to_be_visible()
    expect(page.get_by_text("Kari Helsesøster")).to_have_count(0)
    _check(page)
    page.get_by_role("link", name="The plan").click()
    expect(page.get_by_role("heading", name="Fast voksen i friminuttet")).to_be_visible()
    expect(page.get_by_text("Samtaler med helsesykepleier")).to_have_count(0)
    expect(page.get_by_text("pasient- og brukerrettighetsloven § 3-4 andre ledd")).to_be_visible()
    _check(page)
    page.get_by_role("link", name="Consent").click()
    _check(page)
    page.get_by_role("link", name="Who has seen it").click()
    expect(page.get_by_text("Kari Helsesøster")).to_have_count(0)
    _check(page)
    page.get_by_role("link", name="Health information").click()
    _check(page)

    # Mobile: the same pages on a phone-sized screen.
    page.set_viewport_size({"width": 360, "height": 740})
    page.get_by_role("link", name="The team").click()
    _check(page)
    page.get_by_role("button", name="Nynorsk").click()
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    _check(page)

    assert access_events_verify().problems == []
    logins = AccessEvent.objects.filter(action=Action.LOGIN, actor__isnull=True)
    assert set(logins.values_list("child_id", flat=True)) == {ida.pk, emil.pk}
