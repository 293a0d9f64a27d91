"""The map of duties (issue 15, item 5), with axe: anyone reads the public table, and Emma's
coordinator in the demo sees the duties that apply to her, records the facts behind them and
sees the rights that follow."""

from __future__ import annotations

from django.core.management import call_command
from playwright.sync_api import expect

from people.models import User
from teams.models import MemberRole, MemberStatus, TeamMember
from tests.browser.conftest import check_page, visit_checked
from tests.browser.test_walkthrough import TEST_PASSWORD, _log_in
from tests.factories import confirmed_device, municipality
from tests.test_plain_pages import FOLLOWUP_MUNICIPALITIES
from units.demo import DEMO_MUNICIPALITY, SECOND_MUNICIPALITY


def test_anyone_reads_the_map_of_duties(page, db):
    visit_checked(page, "/rights/")
    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="The map of duties: what the services must do together").click()
    check_page(page)
    expect(page.get_by_role("heading", name="The map of duties", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Right to a barnekoordinator", level=2)).to_be_visible()
    expect(
        page.get_by_role("link", name="pasient- og brukerrettighetsloven § 2-5 c")
    ).to_have_attribute("href", "https://lovdata.no/dokument/NL/lov/1999-07-02-63")
    expect(page.get_by_text("No longer in force").first).to_be_visible()


def test_emmas_coordinator_sees_the_duties_and_records_the_facts(page, db):
    municipality(DEMO_MUNICIPALITY)
    municipality(SECOND_MUNICIPALITY)
    for number in FOLLOWUP_MUNICIPALITIES:  # the demo's programme in Finnmark
        municipality(number)
    call_command("load_demo", verbosity=0)
    coordinator = (
        TeamMember.objects.select_related("user", "team")
        .filter(
            team__child__given_name="Emma",
            role=MemberRole.COORDINATOR,
            status=MemberStatus.ACTIVE,
        )
        .first()
    )
    assert coordinator is not None
    user: User = coordinator.user
    user.set_password(TEST_PASSWORD)
    user.save(update_fields=["password"])
    _log_in(page, user.username, confirmed_device(user))
    page.wait_for_url(lambda url: url.endswith("/"))
    page.get_by_role("button", name="English").click()

    visit_checked(page, f"/teams/{coordinator.team_id}/")
    duties = page.locator(
        "section", has=page.get_by_role("heading", name="Legal duties for this child")
    )
    expect(duties.get_by_role("heading", name="Duty to collaborate")).to_be_visible()
    expect(duties.get_by_role("heading", name="Duty to inform child welfare")).to_be_visible()
    expect(duties.get_by_role("heading", name="Right to a barnekoordinator")).to_have_count(0)
    expect(
        duties.get_by_text("Record whether the child has long-term and coordinated needs.")
    ).to_be_visible()

    duties.get_by_role("link", name="Record the facts behind the duties").click()
    check_page(page)
    # A barnekoordinator without the facts that give the right: a clear error, nothing lost.
    page.get_by_label("The coordinator is appointed as the family's barnekoordinator").check()
    page.get_by_label("How this was assessed (optional)").fill("Vurdert av koordinerende enhet.")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("A barnekoordinator is for a child with serious illness")
    ).to_be_visible()
    expect(page.get_by_label("How this was assessed (optional)")).to_have_value(
        "Vurdert av koordinerende enhet."
    )
    check_page(page)

    page.get_by_label("The child needs long-term and coordinated services").check()
    page.get_by_label("The child has a serious illness, injury or disability").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/teams/{coordinator.team_id}/")
    check_page(page)
    expect(duties.get_by_role("heading", name="Right to an individual plan")).to_be_visible()
    expect(duties.get_by_role("heading", name="Right to a barnekoordinator")).to_be_visible()
    expect(duties.get_by_text("is the family's barnekoordinator")).to_be_visible()
    expect(
        duties.get_by_role("link", name="pasient- og brukerrettighetsloven § 2-5 c")
    ).to_be_visible()
