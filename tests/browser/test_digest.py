"""The digest by e-mail (docs/digest.md) in the browser, every page under axe: a parent
subscribes, confirms from the e-mail, sees the preview and unsubscribes; a national editor sees
the editors' preview. Selectors use ids and addresses, not labels the lead translates."""

from __future__ import annotations

import re

from django.core import mail
from playwright.sync_api import expect

from digest.models import Subscription
from knowledge.services import editor_appoint
from tests.browser.conftest import check_page, visit_checked
from tests.browser.test_knowledge import _seed
from tests.browser.test_walkthrough import _log_in
from tests.factories import confirmed_device


def _path(body: str) -> str:
    url = re.search(r"https?://\S+", body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_a_parent_subscribes_confirms_previews_and_unsubscribes(page, db):
    _seed()
    visit_checked(page, "/nyhetsbrev/")
    page.locator("#id_email").fill("forelder@example.no")
    page.locator("input[name=audiences][value=parents]").check()
    page.locator("input[name=needs][value='need:bullying']").check()
    page.locator("main form button[type=submit]").click()
    check_page(page)
    assert Subscription.objects.count() == 0
    visit_checked(page, _path(mail.outbox[-1].body))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/nyhetsbrev/abonnement/**")
    check_page(page)
    expect(page.locator("#preview")).to_be_visible()
    page.locator("a[href*='/nyhetsbrev/avmeld/']").click()
    check_page(page)
    page.locator("main form button[type=submit]").click()
    check_page(page)
    assert Subscription.objects.count() == 0


def test_a_national_editor_sees_the_preview(page, cast):
    _seed()
    editor_appoint(actor=None, user=cast.foreigner, municipality=None)
    _log_in(page, "foreigner", confirmed_device(cast.foreigner))
    page.wait_for_url("**/teams/")
    visit_checked(page, "/nyhetsbrev/forhandsvisning/")
    expect(page.locator("#preview")).to_be_visible()
