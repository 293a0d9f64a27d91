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


def test_the_owner_reviews_needs_suggested_for_an_imported_service(page, cast, tmp_path):
    """A municipality's plain HSDS service (no taxonomy) gets needs suggested from its text; the
    owner confirms one and rejects another, on a phone and then at a desk."""
    import json

    from directory.hsds_in import hsds_import_path
    from directory.models import ClassificationStatus, Service, ServiceClassification
    from directory.reference import taxonomies_load

    taxonomies_load()
    catalogue = {
        "id": "5d0c1a52-7a4e-4c59-9d64-0c9b8e4b2a01",
        "name": "Porsgrunn kommune – ungdom",
        "description": "Tilbud til ungdom i Porsgrunn.",
        "services": [
            {
                "id": "0b7e8f3e-3f5c-4f8e-a0f9-7d2c1b6e9a10",
                "organization_id": "5d0c1a52-7a4e-4c59-9d64-0c9b8e4b2a01",
                "name": "Ungdomskontakten",
                "description": (
                    "Samtaler for unge som sliter med angst, tristhet, mobbing eller alkohol."
                ),
                "status": "active",
            }
        ],
    }
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(catalogue, ensure_ascii=False), encoding="utf-8")
    report = hsds_import_path(path)
    assert not report.rejections
    service = Service.objects.get(name="Ungdomskontakten")
    service.owner = cast.owner
    service.save(update_fields=["owner"])
    suggested = ServiceClassification.objects.filter(service=service)
    assert {"need:mental-health", "need:bullying", "need:substance-use"} <= set(
        suggested.values_list("taxonomy_term__code", flat=True)
    )
    waiting = suggested.count()

    _log_in(page, "owner", confirmed_device(cast.owner))
    page.wait_for_url(lambda url: "/accounts/" not in url)
    for width, height in ((360, 740), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        visit_checked(page, f"/directory/services/{service.id}/edit/")
        link = page.locator(f'a[href="/directory/services/{service.id}/needs/"]')
        expect(link).to_contain_text(str(waiting))
        link.click()
        check_page(page)
        if width == 360:
            # Each suggestion is a group named by the need, with the words that triggered it.
            mental = page.get_by_role("group", name="Psykisk helse")
            expect(mental).to_contain_text("angst")
            # Nothing chosen: a clear error, and nothing is saved.
            page.locator("form.laget-stack button[type=submit]").click()
            check_page(page)
            expect(page.get_by_role("alert")).to_be_visible()
            assert not suggested.exclude(status=ClassificationStatus.SUGGESTED).exists()
            mental.locator("input[value=confirm]").check()
            page.get_by_role("group", name="Mobbing og utenforskap").locator(
                "input[value=reject]"
            ).check()
            waiting -= 2
        else:
            page.get_by_role("group").first.locator("input[value=confirm]").check()
            waiting -= 1
        page.locator("form.laget-stack button[type=submit]").click()
        check_page(page)
        expect(page.locator("ul").filter(has_text="Psykisk helse")).to_be_visible()
    statuses = dict(suggested.values_list("taxonomy_term__code", "status"))
    assert statuses["need:mental-health"] == ClassificationStatus.CONFIRMED
    assert statuses["need:bullying"] == ClassificationStatus.REJECTED
    assert list(statuses.values()).count(ClassificationStatus.CONFIRMED) == 2
