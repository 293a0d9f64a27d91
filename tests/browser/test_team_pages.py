"""Every staff page of the team that the long walk in test_team_flow.py does not pass, with axe:
the forms a coordinator and a colleague open, and the conflict page of two edits at once."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import check_page, visit_checked
from tests.browser.test_walkthrough import _log_in
from tests.factories import confirmed_device


def test_the_remaining_team_pages_pass_axe(page, world):
    _log_in(page, "coordinator", confirmed_device(world.coordinator))
    page.wait_for_url(lambda url: url.endswith("/"))
    goal = world.plan.goals.get()
    for path in (
        reverse("concerns:edit", args=[world.concern.pk]),
        reverse("concerns:detail", args=[world.small_concern.pk]),
        reverse("concerns:report", args=[world.small_concern.pk]),
        reverse("concerns:close", args=[world.small_concern.pk]),
        reverse("teams:consents", args=[world.team.pk]),
        reverse("teams:consent_withdraw", args=[world.team.pk, world.consent.pk]),
        reverse("teams:task_new", args=[world.team.pk]),
        reverse("teams:guardian_new", args=[world.team.pk]),
        reverse("plans:goal_edit", args=[world.team.pk, goal.pk]),
        reverse("plans:measure_edit", args=[world.team.pk, world.measure.pk]),
    ):
        visit_checked(page, path)

    # An empty consent: every field says what is missing, also in the groups of checkboxes.
    visit_checked(page, reverse("teams:consents", args=[world.team.pk]))
    page.get_by_role("button", name="Registrer", exact=True).click()
    expect(page.get_by_text("Feltet er påkrevd.").first).to_be_visible()
    assert page.get_by_text("Feltet er påkrevd.").count() >= 4
    check_page(page)


def test_the_second_of_two_edits_sees_the_conflict_page(page, world):
    from plans.services import goal_update

    _log_in(page, "member", confirmed_device(world.member))
    page.wait_for_url(lambda url: url.endswith("/"))
    goal = world.plan.goals.get()
    visit_checked(page, reverse("plans:goal_edit", args=[world.team.pk, goal.pk]))
    goal_update(
        actor=world.coordinator,
        goal=goal,
        version=goal.version,
        text="Lagret av koordinatoren",
        in_childs_words=True,
        status="active",
    )
    page.get_by_label("Mål", exact=True).fill("Min tekst")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Lagret av koordinatoren")).to_be_visible()
    expect(page.get_by_label("Mål", exact=True)).to_have_value("Min tekst")
    check_page(page)


def test_a_large_municipalitys_consent_form_finds_a_unit_by_name(page, world):
    """More units than the form lists: the search box finds one, with axe on both states."""
    from tests.factories import UnitFactory
    from units.forms import UNIT_LIST_MAX

    for number in range(UNIT_LIST_MAX):
        UnitFactory(municipality=world.school.municipality, name=f"Barnehage nummer {number:02}")
    UnitFactory(municipality=world.school.municipality, name="Solsikken barnehage")
    _log_in(page, "coordinator", confirmed_device(world.coordinator))
    page.wait_for_url(lambda url: url.endswith("/"))
    visit_checked(page, reverse("teams:consents", args=[world.team.pk]))
    expect(page.get_by_label("Solsikken barnehage")).to_have_count(0)
    page.get_by_label("Finn en enhet etter navn").fill("solsikken")
    page.get_by_role("button", name="Finn enheter").click()
    expect(page.get_by_text("1 enhet funnet; den står i listen nedenfor.")).to_be_visible()
    expect(page.get_by_label("Solsikken barnehage")).to_have_count(1)
    check_page(page)
