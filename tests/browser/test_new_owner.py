"""After a withdrawal: the team page and the plan show what needs a new owner, and the
coordinator gives a task a new owner – with axe on each page, on a phone and a desktop."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from teams.models import Task
from teams.services import task_create, team_consent_withdraw
from tests.browser.conftest import check_page, visit_checked
from tests.browser.test_walkthrough import _log_in
from tests.factories import confirmed_device


@pytest.mark.parametrize("width", [1280, 320])
def test_the_coordinator_sees_and_fixes_what_needs_a_new_owner(page, world, width):
    from consents.models import GivenBy, InformationKind, Method
    from consents.services import consent_record

    consent_record(
        actor=world.coordinator,
        child=world.child,
        units=[world.school],
        information_kinds=[InformationKind.PLAN],
        purpose="Skolen",
        text="Vi samtykker.",
        method=Method.PAPER,
        given_by=GivenBy.GUARDIANS,
        guardians=list(world.child.guardians.all()),
        valid_from=timezone.localdate(),
    )
    task = task_create(
        actor=world.coordinator,
        team=world.team,
        title="Ringe skolen",
        owner=world.member,
        due_on=timezone.localdate(),
    )
    team_consent_withdraw(actor=world.coordinator, consent=world.consent, withdrawn_by="Sara")

    page.set_viewport_size({"width": width, "height": 900})
    _log_in(page, "coordinator", confirmed_device(world.coordinator))
    page.wait_for_url(lambda url: url.endswith("/"))
    visit_checked(page, reverse("teams:detail", args=[world.team.pk]))
    expect(page.locator(".ds-alert[data-color=warning]")).to_contain_text("Ringe skolen")
    visit_checked(page, reverse("plans:plan", args=[world.team.pk]))
    expect(
        page.locator("#measure-" + str(world.measure.pk) + " .ds-tag[data-color=warning]")
    ).to_be_visible()

    visit_checked(page, reverse("teams:task_owner", args=[world.team.pk, task.pk]))
    page.locator('select[name="owner"]').select_option(str(world.coordinator.pk))
    page.locator('form.laget-form button[type="submit"]').click()
    expect(page.locator(".ds-alert[data-color=success]")).to_be_visible()
    check_page(page)
    assert Task.objects.get(pk=task.pk).owner == world.coordinator
