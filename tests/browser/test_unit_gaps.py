"""The unit leader's responsibility gaps in the browser: the school's consent is withdrawn, so
the coordinator is shut out; the school's leader finds the team on the gap list from Mitt
arbeid and chooses a new coordinator – with axe on each page, on a phone and a desktop."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from consents.models import GivenBy, InformationKind, Method
from consents.services import consent_record
from teams.models import MemberRole, TeamMember
from teams.services import team_consent_withdraw
from tests.browser.conftest import check_page
from tests.browser.test_walkthrough import _log_in
from tests.factories import confirmed_device


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width", [375, 1280])
def test_the_unit_leader_finds_the_stranded_team_and_chooses_a_new_coordinator(page, world, width):
    # A narrower consent keeps the health station and NAV; the school loses its cover.
    consent_record(
        actor=world.coordinator,
        child=world.child,
        units=[world.health, world.nav],
        information_kinds=[InformationKind.PLAN],
        purpose="Helse og NAV",
        text="Vi samtykker.",
        method=Method.PAPER,
        given_by=GivenBy.GUARDIANS,
        guardians=list(world.child.guardians.all()),
        valid_from=timezone.localdate(),
        team=world.team,
    )
    team_consent_withdraw(actor=world.coordinator, consent=world.consent, withdrawn_by="Sara")

    page.set_viewport_size({"width": width, "height": 900})
    _log_in(page, "unit_leader", confirmed_device(world.unit_leader))
    page.wait_for_url("**/teams/")
    check_page(page)
    _no_sideways_scroll(page)
    gaps_url = reverse("gaps:unit", args=[world.school.pk])
    page.locator(f'a[href="{gaps_url}"]').click()
    page.wait_for_url(f"**{gaps_url}")
    check_page(page)
    _no_sideways_scroll(page)
    expect(page.locator("main")).not_to_contain_text("Sara")
    choose_url = reverse("gaps:coordinator", args=[world.school.pk, world.team.pk])
    page.locator(f'a[href="{choose_url}"]').click()
    page.wait_for_url(f"**{choose_url}")
    check_page(page)
    _no_sideways_scroll(page)
    new = TeamMember.objects.get(team=world.team, user=world.member)
    page.locator(f'input[name="member"][value="{new.pk}"]').check()
    page.locator('form.laget-form button[type="submit"]').click()
    expect(page.locator(".ds-alert[data-color=success]")).to_be_visible()
    check_page(page)
    new.refresh_from_db()
    assert new.role == MemberRole.COORDINATOR
    expect(page.locator(f'a[href="{choose_url}"]')).to_have_count(0)
