"""A transition in the browser: the lower secondary school's coordinator hands the child's
plan to the county authority's upper secondary school; a teacher there finds it from Mitt
arbeid, reads the young person's own words, accepts, sees the plan and books the transfer
meeting – with axe on every page, on a phone and a desktop."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from teams.models import Meeting, MemberStatus, TeamMember
from tests.browser.conftest import check_page
from tests.browser.test_walkthrough import _log_in
from tests.factories import confirmed_device
from transitions.models import Transition, TransitionStatus

WORDS = "Jeg trenger et rolig sted i friminuttene og å vite hvem jeg kan spørre."


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _checked(page) -> None:
    check_page(page)
    _no_sideways_scroll(page)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_county_teacher_accepts_the_plan_and_books_the_transfer_meeting(
    page, chromium, live_server, world, width
):
    today = timezone.localdate()
    page.set_viewport_size({"width": width, "height": 900})
    _log_in(page, "coordinator", confirmed_device(world.coordinator))
    page.wait_for_url("**/teams/")
    page.goto(reverse("teams:detail", args=[world.team.pk]))
    page.locator("#team-transitions").click()
    page.wait_for_url(f"**{reverse('transitions:team', args=[world.team.pk])}")
    _checked(page)
    page.locator("#transition-start").click()
    _checked(page)
    page.locator("#id_kind").select_option("lower_upper_secondary")
    page.locator("#id_to_unit").select_option(str(world.upper_secondary.pk))
    page.locator("#id_starts_on").fill(str(today + datetime.timedelta(days=120)))
    page.locator("#id_note").fill("Sara har en plan med ukentlige samtaler. Hun liker realfag.")
    page.locator("#id_young_person_words").fill(WORDS)
    page.locator('form.laget-form button[type="submit"]').click()
    transition = Transition.objects.get(team=world.team)
    page.wait_for_url(f"**{reverse('transitions:detail', args=[transition.pk])}")
    expect(page.locator("#young-person-words")).to_contain_text(WORDS)
    _checked(page)
    # The team's list of transitions, now with one in it.
    page.goto(reverse("transitions:team", args=[world.team.pk]))
    expect(
        page.locator(f'main a[href="{reverse("transitions:detail", args=[transition.pk])}"]')
    ).to_be_visible()
    _checked(page)

    # The county school's teacher, in a browser of her own.
    context = chromium.new_context(base_url=live_server.url, locale="nb-NO")
    teacher = context.new_page()
    violations: list[str] = []
    teacher.csp_violations = violations  # type: ignore[attr-defined]
    teacher.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    teacher.set_viewport_size({"width": width, "height": 900})
    _log_in(teacher, "county_staff", confirmed_device(world.county_staff))
    teacher.wait_for_url("**/teams/")
    _checked(teacher)
    incoming = reverse("transitions:incoming", args=[world.upper_secondary.pk])
    teacher.locator(f'a[href="{incoming}"]').click()
    teacher.wait_for_url(f"**{incoming}")
    _checked(teacher)
    expect(teacher.locator("main")).not_to_contain_text("Sara")
    detail = reverse("transitions:detail", args=[transition.pk])
    teacher.locator(f'#incoming a[href="{detail}"]').click()
    teacher.wait_for_url(f"**{detail}")
    expect(teacher.locator("#young-person-words")).to_contain_text(WORDS)
    _checked(teacher)
    teacher.locator('button[name="action"][value="accept"]').click()
    expect(teacher.locator(".ds-alert[data-color=success]")).to_be_visible()
    _checked(teacher)
    transition.refresh_from_db()
    assert transition.status == TransitionStatus.ACCEPTED
    assert TeamMember.objects.get(team=world.team, user=world.county_staff).status == (
        MemberStatus.ACTIVE
    )

    teacher.locator("#open-plan").click()
    teacher.wait_for_url(f"**{reverse('plans:plan', args=[world.team.pk])}")
    expect(teacher.locator("main")).to_contain_text("Jeg vil gå på skolen hver dag.")
    _checked(teacher)
    teacher.go_back()
    teacher.locator("#book-meeting").click()
    teacher.wait_for_url(f"**{reverse('teams:meeting_new', args=[world.team.pk])}")
    _checked(teacher)
    teacher.locator("#id_starts_at").fill(f"{today + datetime.timedelta(days=30)}T10:00")
    teacher.locator("#id_place").fill("Porsgrunn videregående skole, rom 101")
    teacher.locator("#id_agenda").fill("Overføringsmøte: planen, Saras egne ord, kontaktlærer.")
    teacher.locator('form.laget-form button[type="submit"]').click()
    expect(teacher.locator("h1")).to_be_visible()
    _checked(teacher)
    assert Meeting.objects.filter(team=world.team, created_by=world.county_staff).exists()

    teacher.goto(detail)
    teacher.locator('#item-transfer_meeting button[value="tick"]').click()
    expect(teacher.locator("#item-transfer_meeting .ds-tag")).to_be_visible()
    _checked(teacher)
    context.close()
