"""The review of the rights table (issue 15, item 4), with axe: one rule editor proposes that a
rule was reviewed, cannot approve it themselves, and a second rule editor approves it; the age
limits show it and the history lists it. Selectors use ids and addresses, not English labels
that the lead translates."""

from __future__ import annotations

from playwright.sync_api import expect

from rights.models import ReviewStatus, RuleReview
from rights.selectors import age_limits_table
from rights.services import rule_editor_appoint
from tests.browser.conftest import check_page, visit_checked
from tests.browser.test_walkthrough import _log_in
from tests.factories import confirmed_device

SOURCE = (
    "https://www.helsedirektoratet.no/rundskriv/pasient-og-brukerrettighetsloven-med-"
    "kommentarer/samtykke-til-helsehjelp/samtykke-pa-vegne-av-barn"
)


def test_one_rule_editor_proposes_and_a_second_approves(page, cast, chromium, live_server):
    proposer, approver = cast.foreigner, cast.colleague
    rule_editor_appoint(actor=None, user=proposer)
    rule_editor_appoint(actor=None, user=approver)
    rule = age_limits_table(domain="health")[0].rules[0]

    _log_in(page, "foreigner", confirmed_device(proposer))
    page.wait_for_url("**/teams/")
    visit_checked(page, "/rights/")
    page.locator(f"tr[id='{rule.id}'] a[href^='/rights/reviews/new/']").click()
    check_page(page)
    expect(page.locator("#id_rule_id")).to_have_value(rule.id)
    page.locator("input[name=kind][value=reviewed]").check()
    page.locator("#id_source").fill(SOURCE)
    page.locator("#id_note").fill("Kommentaren til § 4-4 lest.")
    # Without the date read and the evidence: said at the fields, nothing else lost.
    page.locator("main form button[type=submit]").click()
    check_page(page)
    expect(page.locator("#id_read_on_error")).to_be_visible()
    expect(page.locator("#id_evidence_error")).to_be_visible()
    expect(page.locator("#id_note")).to_have_value("Kommentaren til § 4-4 lest.")
    page.locator("#id_read_on").fill("2026-12-03")
    page.locator("#id_evidence").select_option("guidance")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/rights/reviews/")
    check_page(page)
    review = RuleReview.objects.get()
    # The proposer is offered no approval of their own proposal.
    expect(page.locator(f"form[action='/rights/reviews/{review.pk}/approve/']")).to_have_count(0)

    context = chromium.new_context(base_url=live_server.url, locale="nb-NO")
    second = context.new_page()
    second.csp_violations = []  # type: ignore[attr-defined]
    try:
        _log_in(second, "colleague", confirmed_device(approver))
        second.wait_for_url("**/teams/")
        visit_checked(second, "/rights/reviews/")
        expect(second.get_by_text("Kommentaren til § 4-4 lest.")).to_be_visible()
        approve = second.locator(f"form[action='/rights/reviews/{review.pk}/approve/']")
        approve.locator("input[name=reason]").fill("Stemmer med rundskrivet.")
        approve.locator("button[type=submit]").first.click()
        second.wait_for_url("**/rights/reviews/")
        check_page(second)
    finally:
        context.close()
    review.refresh_from_db()
    assert (review.status, review.decided_by) == (ReviewStatus.APPROVED, approver)

    visit_checked(page, "/rights/")
    row = page.locator(f"tr[id='{rule.id}']")
    expect(row.locator(f"a[href='{SOURCE}']").last).to_be_visible()
    expect(row).to_contain_text("3. desember 2026")
    visit_checked(page, "/rights/history/")
    expect(page.get_by_text("Stemmer med rundskrivet.")).to_be_visible()
    expect(page.locator(f"a[href='{SOURCE}']")).to_be_visible()
