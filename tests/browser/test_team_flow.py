"""The whole way of working, in the browser, with axe on every page: a concern at level 1, level
2 with consent, a team with a coordinator, a plan with two measures, a meeting, tasks, an
evaluation, a hand-over accepted by another unit, and closing the team."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from audit.models import AccessEvent, Action
from audit.selectors import access_events_verify
from people.models import Role
from teams.models import Team, TeamStatus
from tests.browser.conftest import check_page
from tests.browser.test_walkthrough import _log_in
from tests.factories import UnitFactory, UserFactory, confirmed_device, member, municipality
from units.models import Sector


def _english(page) -> None:
    page.get_by_role("button", name="English").click()


def _log_out(page) -> None:
    page.get_by_role("button", name="Log out").first.click()
    page.wait_for_url("**/accounts/login/")
    page.get_by_role("button", name="Norsk (bokmål)").click()


def test_from_concern_to_closed_team(page, db):
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
    today = timezone.localdate()

    _log_in(page, "lise", confirmed_device(teacher))
    page.wait_for_url(lambda url: url.endswith("/"))
    _english(page)
    page.get_by_role("link", name=re.compile("^My work")).click()
    check_page(page)
    page.get_by_role("link", name="Action guide").click()
    check_page(page)
    page.get_by_role("link", name="Raise a concern").click()
    check_page(page)

    # Bad input first: nothing is saved and every field says what is wrong.
    page.get_by_label("Child's given name").fill("Emma")
    page.get_by_label("National identity number (optional)").fill("12345678901")
    page.get_by_role("button", name="Register the concern").click()
    expect(page.get_by_text("is not a valid national identity number")).to_be_visible()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    check_page(page)

    page.get_by_label("National identity number (optional)").fill("")
    page.get_by_label("Child's family name").fill("Fjell")
    page.get_by_label("Birth date").fill("2012-03-14")
    page.get_by_label("Guardian's name").fill("Hanne Fjell")
    page.get_by_label("Relation to the child").fill("mor")
    page.get_by_label("The guardian has parental responsibility").check()
    page.get_by_label("What have you observed?").fill("Mye fravær, sitter alene i friminuttene.")
    page.get_by_label("What does the child say?").fill("Vondt i magen om morgenen.")
    page.get_by_label("Level 1: action in the own unit").check()
    page.get_by_role("button", name="Register the concern").click()
    expect(page.get_by_role("heading", name="Concern about Emma Fjell")).to_be_visible()
    check_page(page)

    # Level 2 needs consent: the consent covers the school and the health station.
    page.get_by_role("link", name="Open a team (level 2–3)").click()
    check_page(page)
    # Ticking the health station asks again who must consent (htmx): at 14 the guardians;
    # the young person and the guardians together is offered too.
    with page.expect_response(lambda response: "/team/givers/" in response.url):
        page.get_by_label("Helsestasjonen").check()
    page.get_by_label("The young person and the guardians").check()
    page.get_by_label("Hanne Fjell").check()
    check_page(page)
    page.get_by_label("The plan, goals and measures").check()
    page.get_by_label("The log and meetings").check()
    page.get_by_label("How was it given?").select_option("paper")
    page.get_by_role("button", name="Record consent and open the team").click()
    expect(page.get_by_role("heading", name="Team around Emma Fjell")).to_be_visible()
    check_page(page)
    team = Team.objects.get()

    page.get_by_role("link", name="Invite a member").click()
    check_page(page)
    page.get_by_label("Person and unit").select_option(label="Kari Helsesøster – Helsestasjonen")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_role("cell", name="Invited")).to_be_visible()

    page.get_by_role("link", name="The plan").click()
    check_page(page)
    page.get_by_role("button", name="Make the plan").click()
    page.get_by_role("link", name="New goal").click()
    check_page(page)
    page.get_by_label("Goal", exact=True).fill("Jeg vil gå på skolen hver dag.")
    page.get_by_role("button", name="Save").click()
    for title, start in (("Samtaler med helsesykepleier", 0), ("Fast voksen i friminuttet", 1)):
        page.get_by_role("link", name="New measure").click()
        check_page(page)
        page.get_by_label("Measure", exact=True).fill(title)
        page.get_by_label("Responsible person and unit").select_option(
            label="Lise Lærer – Vestsiden ungdomsskole"
        )
        page.get_by_label("Start").fill(str(today + datetime.timedelta(days=start)))
        page.get_by_label("End").fill(str(today + datetime.timedelta(days=90)))
        page.get_by_label("Evaluation date").fill(str(today + datetime.timedelta(days=30)))
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", name=title)).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Back to the team").click()
    page.get_by_role("link", name="Plan a meeting").click()
    check_page(page)
    page.get_by_label("Time").fill(f"{today + datetime.timedelta(days=7)}T13:00")
    page.get_by_label("Place").fill("Møterom 2")
    page.get_by_label("Agenda").fill("1. Hvordan går det?")
    page.get_by_role("button", name="Plan the meeting").click()
    expect(page.get_by_role("heading", name="The child's voice before the meeting")).to_be_visible()
    check_page(page)
    page.get_by_label("What the child wants to say").fill("Ikke snakk om fraværet i klassen.")
    page.get_by_role("button", name="Save the input").click()
    expect(page.get_by_text("The child's and guardians' input is saved.")).to_be_visible()
    page.get_by_role("textbox", name="Minutes").fill("Vi gikk gjennom tiltakene.")
    page.get_by_label("Decision 1: what is to be done").fill("Ringe foreldrene")
    page.get_by_label("Decision 1: who does it").select_option(label="Lise Lærer")
    page.get_by_label("Decision 1: by when").fill(str(today + datetime.timedelta(days=3)))
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.get_by_role("cell", name="Ringe foreldrene", exact=True)).to_be_visible()
    check_page(page)
    page.get_by_role("button", name=re.compile("Mark as done.*Ringe foreldrene")).click()
    expect(page.get_by_text("Marked as done.")).to_be_visible()

    page.get_by_role("link", name="The plan").click()
    page.get_by_role("link", name=re.compile("Evaluate.*Samtaler med helsesykepleier")).click()
    check_page(page)
    page.get_by_label("What did the evaluation find?").fill("Fraværet er halvert.")
    page.get_by_label("What does the child say?").fill("Det hjelper.")
    page.get_by_role("button", name="Save the evaluation").click()
    expect(page.get_by_text("Fraværet er halvert.")).to_be_visible()
    check_page(page)

    # The sharing assistant: may the school tell the health station about the plan?
    page.get_by_role("link", name="Back to the team").click()
    page.get_by_role("link", name="Can I share this?").click()
    check_page(page)
    page.get_by_label("Who do you want to share with?").select_option(label="Helsestasjonen")
    page.get_by_label("Working together in the team (plan, measures, meetings)").check()
    page.get_by_label("The plan, goals and measures").check()
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("You may share: a consent covers it")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Record that I share").click()
    expect(page.get_by_text("Recorded: what you shared and on which basis.")).to_be_visible()

    # The hand-over goes to the health station's nurse, who must accept.
    page.get_by_role("link", name="Back to the team").click()
    page.get_by_role("link", name="Hand over the coordinator role").click()
    check_page(page)
    page.get_by_label("New coordinator and unit").select_option(
        label="Kari Helsesøster – Helsestasjonen"
    )
    page.get_by_label("Transition").select_option("lower_upper_secondary")
    page.get_by_label("What the receiver should know").fill("Emma begynner på vgs i august.")
    page.get_by_role("button", name="Offer the hand-over").click()
    expect(page.get_by_text("waits for an answer")).to_be_visible()
    check_page(page)
    _log_out(page)

    _log_in(page, "kari", confirmed_device(nurse))
    page.wait_for_url(lambda url: url.endswith("/"))
    _english(page)
    page.get_by_role("link", name=re.compile("^My work")).click()
    check_page(page)
    page.get_by_role("link", name="Invitation to a team from Lise Lærer").click()
    check_page(page)
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("heading", name="Team around Emma Fjell")).to_be_visible()
    page.get_by_role("link", name=re.compile("^My work")).click()
    page.get_by_role("link", name="Hand-over of the coordinator role from Lise Lærer").click()
    check_page(page)
    page.get_by_role("button", name="Accept and become coordinator").click()
    expect(page.get_by_text("You are now the coordinator.")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Who has seen this child").click()
    check_page(page)
    expect(page.locator(".laget-access-event").filter(has_text="Lise Lærer").first).to_be_visible()
    page.get_by_role("link", name="Back to the team").click()
    page.get_by_role("link", name="Close the team").click()
    check_page(page)
    page.get_by_role("button", name="Close the team").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    page.get_by_label("Why is the team closed?").fill("Målene er nådd.")
    page.get_by_label("Final evaluation").fill("Emma går på skolen. Hun sier hun har det bedre.")
    page.get_by_role("button", name="Close the team").click()
    expect(page.get_by_text("The team is closed.")).to_be_visible()
    check_page(page)

    team.refresh_from_db()
    assert team.status == TeamStatus.CLOSED
    assert access_events_verify().problems == []
    reads = AccessEvent.objects.filter(child_id=team.child_id, action=Action.READ)
    assert reads.filter(actor=nurse).exists()
    assert reads.filter(actor=teacher).exists()
