"""The public directory "Hvem kan hjelpe?" as a young person and as a professional uses it."""

from playwright.sync_api import expect

from directory.demo import demo_directory_seed
from tests.browser.conftest import check_page, visit_checked
from tests.browser.test_walkthrough import _log_in
from tests.factories import confirmed_device, municipality


def test_a_young_person_finds_help_in_plain_words_without_logging_in(page, db):
    municipality("4001")
    municipality("4003")
    demo_directory_seed()
    visit_checked(page, "/directory/")
    page.get_by_label("Hva trenger du hjelp med?").fill("jeg er så deppa")
    page.get_by_label("Jeg er ung").check()
    # Where they live is asked up front, as a name or a postcode, not hidden under more choices.
    page.locator("#id_place").fill("Porsgrunn")
    page.get_by_role("button", name="Søk").click()
    check_page(page)
    expect(page.get_by_text("Vi forsto dette som:")).to_be_visible()
    results = page.locator("article.laget-service")
    expect(results.first).to_be_visible()
    assert results.count() >= 5

    results.first.get_by_role("heading").get_by_role("link").click()
    check_page(page)
    expect(page.get_by_text("Slik kommer du i kontakt")).to_be_visible()
    # The public page never shows what is meant for professionals only.
    expect(page.get_by_role("heading", name="For fagpersoner")).to_have_count(0)

    page.get_by_role("link", name="Tilbake til søket").click()
    check_page(page)
    # A number field stops "tolv" in the browser; a hand-made URL gets a clear message instead.
    visit_checked(page, "/directory/?q=hjelp&age=tolv")
    expect(page.get_by_text("Oppgi et heltall.")).to_be_visible()


def test_a_professional_sees_referral_details_and_prints_the_overview(page, cast):
    demo_directory_seed()
    _log_in(page, "colleague", confirmed_device(cast.colleague))
    page.wait_for_url("**/teams/")  # staff land on their work; the start page has the links
    visit_checked(page, "/")
    page.get_by_role(
        "link", name="Oversikt over kommunens tjenester etter behov (for utskrift)"
    ).click()
    check_page(page)
    expect(page.get_by_role("heading", name="Psykisk helse")).to_be_visible()
    page.get_by_role("link", name="Skolehelsetjenesten – helsesykepleier på skolen").first.click()
    check_page(page)
    expect(page.get_by_role("heading", name="For fagpersoner")).to_be_visible()
    visit_checked(page, "/directory/review/")
    expect(page.get_by_role("table")).to_be_visible()
    # Not the owner: the entry is public, changing it is not allowed (403, its own page).
    visit_checked(page, "/directory/?q=helsesykepleier&municipality=4001")
    page.locator("article.laget-service h3 a").first.click()
    visit_checked(page, page.url + "edit/")
    expect(page.get_by_role("heading", name="Du kan ikke gjøre dette")).to_be_visible()


def test_the_owner_keeps_an_entry_true(page, cast):
    from directory.models import Service

    demo_directory_seed()
    service = Service.objects.get(name="Skolehelsetjenesten – helsesykepleier på skolen")
    service.owner = cast.colleague
    service.save(update_fields=["owner"])
    _log_in(page, "colleague", confirmed_device(cast.colleague))
    page.wait_for_url(lambda url: url.endswith("/"))
    visit_checked(page, f"/directory/services/{service.id}/")
    page.get_by_role("link", name="Rediger oppføringen").click()
    check_page(page)
    page.get_by_label("Vanlig ventetid").fill("Samme uke")
    page.get_by_label("E-post").fill("ikke en adresse")
    page.get_by_role("button", name="Lagre og merk som gjennomgått").click()
    check_page(page)  # the form with its error
    page.get_by_label("E-post").fill("helsesykepleier@porsgrunn.kommune.invalid")
    page.get_by_role("button", name="Lagre og merk som gjennomgått").click()
    expect(page.get_by_text("Lagret. Oppføringen er merket som gjennomgått i dag.")).to_be_visible()
    check_page(page)
