"""A move from Porsgrunn to Skien in the browser (issue 9 part 6): with a consent that allows
the move, the coordinator offers the role to the health station in Skien, Skien accepts from
Mitt arbeid, and the old coordinator then gets 404 on the team – with axe on every page, on a
phone and a desktop."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from teams.models import MemberStatus, Team, TeamMember
from tests.browser.conftest import check_page, visit_checked
from tests.browser.test_walkthrough import _log_in
from tests.factories import confirmed_device
from tests.moving import moving_consent


def _english(page) -> None:
    page.get_by_role("button", name="English").click()


def _log_out(page) -> None:
    page.get_by_role("button", name="Log out").first.click()
    page.wait_for_url("**/accounts/login/")
    page.get_by_role("button", name="Norsk (bokmål)").click()


@pytest.mark.parametrize("width", [320, 1280])
def test_a_move_to_skien_is_offered_accepted_and_closes_the_team_to_porsgrunn(page, world, width):
    moving_consent(world)
    page.set_viewport_size({"width": width, "height": 900})
    team_url = reverse("teams:detail", args=[world.team.pk])

    _log_in(page, "coordinator", confirmed_device(world.coordinator))
    page.wait_for_url("**/teams/")
    _english(page)  # the new strings are translated in the lead's translation pass
    visit_checked(page, reverse("teams:handover_new", args=[world.team.pk]))
    page.get_by_label("New coordinator and unit").select_option(
        label=f"{world.foreigner.display_name()} – Helsestasjonen i Skien"
    )
    page.get_by_label("Transition").select_option(label="Moving to another municipality")
    page.get_by_label("What the receiver should know").fill("Sara flytter til Skien i august.")
    page.get_by_role("button", name="Offer the hand-over").click()
    page.wait_for_url(f"**{team_url}")
    expect(page.locator(".ds-alert[data-color=success]")).to_be_visible()
    check_page(page)
    _log_out(page)

    _log_in(page, "foreigner", confirmed_device(world.foreigner))
    page.wait_for_url("**/teams/")
    _english(page)
    check_page(page)
    page.get_by_role("link", name=re.compile("Hand-over of the coordinator role")).click()
    expect(page.get_by_text("Moving to", exact=True)).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Accept and become coordinator").click()
    page.wait_for_url(f"**{team_url}")
    expect(page.locator(".ds-alert[data-color=success]")).to_contain_text("Skien")
    check_page(page)
    visit_checked(page, reverse("plans:plan", args=[world.team.pk]))
    assert Team.objects.get(pk=world.team.pk).municipality_id == "4003"
    _log_out(page)

    _log_in(page, "coordinator", confirmed_device(world.coordinator))
    page.wait_for_url("**/teams/")
    response = page.goto(team_url)
    assert response is not None
    assert response.status == 404
    check_page(page)
    assert (
        TeamMember.objects.get(team=world.team, user=world.coordinator).status == MemberStatus.LEFT
    )


@pytest.mark.parametrize("width", [320, 1280])
def test_the_consent_forms_moving_choice_opens_when_asked_and_keeps_what_was_typed(
    page, world, width
):
    """The choice of the municipality a young person moves to (every municipality in the
    country) is not rendered until the coordinator asks for it; asking keeps the form."""
    page.set_viewport_size({"width": width, "height": 900})
    _log_in(page, "coordinator", confirmed_device(world.coordinator))
    page.wait_for_url("**/teams/")
    visit_checked(page, reverse("teams:consents", args=[world.team.pk]))
    expect(page.locator('select[name="moving_to"]')).to_have_count(0)
    page.locator('textarea[name="purpose"], input[name="purpose"]').first.fill("Flytting i august")
    page.get_by_role("button", name="Velg kommunen", exact=True).click()
    page.wait_for_url("**?moving=1")
    moving = page.locator('select[name="moving_to"]')
    expect(moving).to_be_visible()
    expect(page.locator('textarea[name="purpose"], input[name="purpose"]').first).to_have_value(
        "Flytting i august"
    )
    check_page(page)
    moving.select_option(value="4003")
    page.get_by_role("button", name="Vis enhetene der", exact=True).click()
    expect(page.locator('select[name="moving_to"]')).to_have_value("4003")
    check_page(page)
