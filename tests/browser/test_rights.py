"""The age-limit table and the one-question check, as a young person or a professional uses them."""

from playwright.sync_api import expect

from rights.models import LocalPractice
from tests.browser.conftest import check_page, visit_checked
from tests.factories import municipality


def test_anyone_reads_the_age_limits_and_filters_one_area(page, db):
    municipality("4001")
    visit_checked(page, "/rights/")
    expect(page.get_by_role("heading", name="Aldersgrenser", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Helse", level=2)).to_be_visible()
    expect(page.get_by_text("Ikke bekreftet:").first).to_be_visible()

    page.get_by_label("Område", exact=True).select_option("child_welfare")
    page.get_by_role("button", name="Vis").click()
    check_page(page)
    expect(page.get_by_role("heading", name="Barnevern", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Helse", level=2)).to_have_count(0)
    expect(page.get_by_role("link", name="barnevernsloven § 12-3").first).to_have_attribute(
        "href", "https://lovdata.no/dokument/NL/lov/2021-06-18-97"
    )


def test_a_professional_checks_one_question_and_sees_the_local_deviation(page, db):
    porsgrunn = municipality("4001")
    LocalPractice.objects.create(
        municipality=porsgrunn,
        rule_id="health.share.16-17",
        practised_age=15,
        note="Ungdom samtykker selv til Stafettloggen fra 15 år.",
        source="Rutine for Stafettloggen, Porsgrunn kommune",
    )
    visit_checked(page, "/rights/")
    page.get_by_role("link", name="Sjekk ett spørsmål: alder, område og hva det gjelder").click()
    check_page(page)
    page.get_by_label("Alder").fill("15")
    page.get_by_label("Område", exact=True).select_option("health")
    page.get_by_label("Hva gjelder det?").select_option("consent_share")
    page.get_by_label("Kommune").select_option("4001")
    page.get_by_role("button", name="Vis svaret").click()
    check_page(page)
    expect(page.get_by_role("heading", name="Svar for 15 år: Helse")).to_be_visible()
    expect(page.get_by_text("Foreldrene, etter å ha hørt barnet")).to_be_visible()
    expect(page.get_by_text("Lokal praksis i Porsgrunn avviker")).to_be_visible()
    differs = page.get_by_text("I denne alderen gir den lokale praksisen et annet svar")
    expect(differs).to_be_visible()

    # A number field stops 31 in the browser; a hand-made address gets a clear message instead.
    visit_checked(page, "/rights/check/?age=31&domain=moon&action=be_heard")
    expect(page.get_by_text("Alderen må være mellom 0 og 30.")).to_be_visible()
    expect(page.get_by_text("Velg et område fra listen.")).to_be_visible()


def test_the_check_page_in_english(page, db):
    visit_checked(page, "/rights/check/")
    page.get_by_role("button", name="English").click()
    check_page(page)
    page.get_by_label("Age", exact=True).fill("16")
    page.get_by_label("Area", exact=True).select_option("health")
    page.get_by_label("What is it about?").select_option("consent_help")
    page.get_by_role("button", name="Show the answer").click()
    check_page(page)
    expect(page.get_by_text("From age 16 you decide yourself")).to_be_visible()
    expect(page.get_by_text("Confirmed", exact=True)).to_be_visible()
