"""The knowledge base (docs/knowledge.md): a teacher finds material, and a national editor
writes and publishes it, every page under axe. Selectors use ids and addresses, not English
labels that the lead translates."""

from __future__ import annotations

from playwright.sync_api import expect

from directory.reference import taxonomies_load
from knowledge.models import Material, Status
from knowledge.reference import DEMO_ROUTINES_FILE, materials_seed
from knowledge.services import editor_appoint
from tests.browser.conftest import check_page, visit_checked
from tests.browser.test_walkthrough import _log_in
from tests.factories import confirmed_device, municipality


def _seed() -> None:
    taxonomies_load()
    municipality("4001")
    materials_seed()
    materials_seed(DEMO_ROUTINES_FILE, local=True)


def test_a_teacher_finds_material_and_the_municipality_s_routine(page, cast):
    _seed()
    _log_in(page, "colleague", confirmed_device(cast.colleague))
    page.wait_for_url("**/teams/")
    visit_checked(page, "/knowledge/")
    page.locator("#id_q").fill("barnet mitt blir mobba")
    page.locator("form[role=search] button[type=submit]").click()
    check_page(page)
    results = page.locator("article.laget-service")
    expect(results.first).to_be_visible()
    expect(page.get_by_role("link", name="Skolemiljø: Hva skal skolen gjøre?")).to_be_visible()
    page.get_by_role("link", name="Skolemiljø: Hva skal skolen gjøre?").first.click()
    check_page(page)
    expect(page.locator("a[href^='https://www.udir.no/']")).to_be_visible()
    # Porsgrunn's own routine, for Porsgrunn's staff.
    visit_checked(page, "/knowledge/?q=skolefravær")
    page.get_by_role("link", name="Rutine for oppfølging av bekymringsfullt skolefravær").click()
    check_page(page)
    # The filters, opened, and a second page of the list.
    visit_checked(page, "/knowledge/?audience=parents&kind=tool")
    expect(results.first).to_be_visible()
    visit_checked(page, "/knowledge/?page=2")


def test_a_national_editor_writes_and_publishes_material(page, cast):
    _seed()
    editor_appoint(actor=None, user=cast.foreigner, municipality=None)
    _log_in(page, "foreigner", confirmed_device(cast.foreigner))
    page.wait_for_url("**/teams/")
    visit_checked(page, "/knowledge/edit/")
    page.locator("a[href='/knowledge/new/']").click()
    check_page(page)
    page.locator("#id_scope").select_option("national")
    page.locator("#id_kind").select_option("film")
    page.locator("#id_title").fill("Film om samtaler med barn som opplever vold")
    page.locator("#id_publisher").fill("Bufdir")
    page.locator("#id_url").fill("https://www.bufdir.no/")
    page.locator("input[name=audiences][value=professionals]").check()
    page.locator("input[name=needs][value='need:violence-abuse']").check()
    page.locator("#id_issued_on").fill("2026-02-03")
    # A summary forgotten is said at its field, and nothing else is lost.
    page.locator("main form button[type=submit]").click()
    check_page(page)
    expect(page.locator("#id_summary_error")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value("Film om samtaler med barn som opplever vold")
    page.locator("#id_summary").fill("En kort film om hvordan du snakker med barn om vold.")
    page.locator("main form button[type=submit]").click()
    check_page(page)
    material = Material.objects.get(title="Film om samtaler med barn som opplever vold")
    assert material.status == Status.DRAFT
    page.locator(f"form[action='/knowledge/{material.id}/publish/'] button").click()
    check_page(page)
    material.refresh_from_db()
    assert material.status == Status.PUBLISHED
    visit_checked(page, "/knowledge/?q=samtaler+med+barn+vold")
    expect(page.get_by_role("link", name=material.title)).to_be_visible()
