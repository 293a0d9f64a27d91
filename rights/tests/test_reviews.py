"""The review workflow of the rights table: one rule editor proposes, a second approves or
rejects; the approved reviews show on the age-limit page and in the table's history."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from audit.models import AccessEvent, Action
from conftest import verified_client
from rights.models import ReviewKind, ReviewStatus, RuleReview
from rights.selectors import HISTORY_PAGE_SIZE, age_limits_table, table_state
from rights.services import (
    ReviewData,
    rule_editor_appoint,
    rule_review_approve,
    rule_review_propose,
    rule_review_reject,
)
from tests.factories import UserFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
SOURCE = "https://lovdata.no/dokument/NL/lov/1999-07-02-63/KAPITTEL_4"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def editors(db):
    first, second = UserFactory(username="regel_en"), UserFactory(username="regel_to")
    rule_editor_appoint(actor=None, user=first)
    rule_editor_appoint(actor=None, user=second)
    return first, second


def a_rule_in_force():
    return age_limits_table(domain="health")[0].rules[0]


def reviewed(rule_id: str, **changes) -> dict[str, str]:
    data = {
        "rule_id": rule_id,
        "kind": ReviewKind.REVIEWED,
        "source": SOURCE,
        "read_on": "03.12.2026",
        "evidence": "statute",
        "proposed_text": "",
        "note": "Lest § 4-3 i sin helhet.",
    }
    data.update(changes)
    return data


def events(before: int) -> list[tuple[str, str, str, str]]:
    return [
        (e.action, e.object_type, e.actor_label, e.detail.get("status", ""))
        for e in AccessEvent.objects.order_by("id")[before:]
    ]


@pytest.mark.django_db
def test_a_proposal_approved_by_a_second_editor_shows_on_the_table_and_in_history(editors):
    first, second = editors
    rule = a_rule_in_force()
    before = AccessEvent.objects.count()
    response = verified_client(first).post(reverse("rights:review_new"), reviewed(rule.id), **EN)
    assert response.status_code == 302
    review = RuleReview.objects.get()
    assert (review.status, review.recorded_by, review.read_on) == (
        ReviewStatus.PROPOSED,
        first,
        datetime.date(2026, 12, 3),
    )
    # Not shown before it is approved.
    page = Client().get(reverse("rights:age_limits"), **EN).content.decode()
    assert "Reviewed 3 December 2026" not in page
    listed = verified_client(second).get(reverse("rights:reviews"), **EN).content.decode()
    assert "Lest § 4-3 i sin helhet." in listed
    assert reverse("rights:review_approve", args=[review.pk]) in listed

    response = verified_client(second).post(
        reverse("rights:review_approve", args=[review.pk]), {"reason": "Stemmer."}, **EN
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.decided_by) == (ReviewStatus.APPROVED, second)
    assert events(before) == [
        (Action.CREATE, "rights.rulereview", "regel_en", "proposed"),
        (Action.UPDATE, "rights.rulereview", "regel_to", "approved"),
    ]

    page = Client().get(reverse("rights:age_limits"), **EN).content.decode()
    assert "Reviewed 3 December 2026" in page
    assert f'href="{SOURCE}"' in page
    history = Client().get(reverse("rights:history"), **EN).content.decode()
    assert "Rule reviewed" in history
    assert "Approved" in history
    assert "1 review approved" in history
    # Who proposed and approved is not public.
    for text in (page, history):
        assert "regel_en" not in text
        assert "regel_to" not in text
    assert table_state().approved == 1


@pytest.mark.django_db
def test_the_proposer_cannot_approve_or_reject_their_own(editors):
    first, _second = editors
    review = rule_review_propose(
        actor=first,
        data=ReviewData(
            rule_id=a_rule_in_force().id,
            kind=ReviewKind.CORRECTION,
            source="Prop. 57 L (2022–2023) kapittel 21",
            proposed_text="§ 1-4, ikke § 1-6.",
        ),
    )
    client = verified_client(first)
    listed = client.get(reverse("rights:reviews"), **EN).content.decode()
    assert reverse("rights:review_approve", args=[review.pk]) not in listed
    before = AccessEvent.objects.count()
    for name in ("rights:review_approve", "rights:review_reject"):
        response = client.post(reverse(name, args=[review.pk]), **EN)
        assert response.status_code == 400
        assert "another rule editor must approve or reject it" in response.content.decode()
    review.refresh_from_db()
    assert review.status == ReviewStatus.PROPOSED
    assert events(before) == []
    with pytest.raises(ValidationError, match="another rule editor"):
        rule_review_approve(actor=first, review=review)


@pytest.mark.django_db
def test_the_database_refuses_a_decision_by_the_proposer(editors):
    first, _second = editors
    review = RuleReview.objects.create(
        rule_id=a_rule_in_force().id,
        kind=ReviewKind.CORRECTION,
        source="x",
        proposed_text="y",
        recorded_by=first,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        RuleReview.objects.filter(pk=review.pk).update(
            status=ReviewStatus.APPROVED, decided_by=first, decided_at=review.recorded_at
        )


@pytest.mark.django_db
def test_a_rejected_correction_is_in_history_and_an_approved_one_waits_for_the_files(editors):
    first, second = editors
    rule_id = a_rule_in_force().id

    def correction(text: str) -> RuleReview:
        return rule_review_propose(
            actor=first,
            data=ReviewData(
                rule_id=rule_id,
                kind=ReviewKind.CORRECTION,
                source="NOU 2020: 14",
                proposed_text=text,
            ),
        )

    before = AccessEvent.objects.count()
    rejected = rule_review_reject(actor=second, review=correction("Feil forslag"), reason="Nei.")
    approved = rule_review_approve(actor=second, review=correction("Riktig forslag"))
    assert [e[3] for e in events(before)] == ["proposed", "rejected", "proposed", "approved"]
    assert rejected.status == ReviewStatus.REJECTED
    history = Client().get(reverse("rights:history"), **EN).content.decode()
    assert "Feil forslag" in history
    assert "Rejected" in history
    assert "Nei." in history
    assert "Approved, waiting for a change in the table" in history
    # Once the rule files have changed since the approval, it no longer waits.
    RuleReview.objects.filter(pk=approved.pk).update(files_digest="0" * 64)
    history = Client().get(reverse("rights:history"), **EN).content.decode()
    assert "waiting for a change in the table" not in history
    # A decided proposal cannot be decided again, and its page is gone.
    with pytest.raises(ValidationError, match="already been decided"):
        rule_review_approve(actor=second, review=approved)
    response = verified_client(second).post(
        reverse("rights:review_reject", args=[approved.pk]), **EN
    )
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["rights:reviews", "rights:review_new"])
def test_the_review_pages_answer_404_to_staff_who_are_not_rule_editors(editors, name):
    outsider = UserFactory(username="ikke_redaktor")
    assert verified_client(outsider).get(reverse(name), **EN).status_code == 404
    assert verified_client(editors[0]).get(reverse(name), **EN).status_code == 200


@pytest.mark.django_db
def test_a_non_editor_cannot_decide_and_a_missing_proposal_is_404(editors):
    first, _second = editors
    review = rule_review_propose(
        actor=first,
        data=ReviewData(
            rule_id=a_rule_in_force().id,
            kind=ReviewKind.REVIEWED,
            source=SOURCE,
            read_on=datetime.date(2026, 12, 1),
            evidence="guidance",
        ),
    )
    outsider = verified_client(UserFactory(username="ikke_redaktor"))
    for name in ("rights:review_approve", "rights:review_reject"):
        assert outsider.post(reverse(name, args=[review.pk])).status_code == 404
        assert verified_client(first).post(reverse(name, args=[uuid.uuid4()])).status_code == 404
    review.refresh_from_db()
    assert review.status == ReviewStatus.PROPOSED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("note", "Notat\x00med null"),
        ("source", "https://lovdata.no/\x00"),
        ("proposed_text", "x" * 4001),
        ("source", "https://lovdata.no/" + "x" * 500),
        ("note", "x" * 2001),
    ],
)
def test_bad_input_gives_a_form_error_and_nothing_is_lost(editors, field, bad):
    data = reviewed(a_rule_in_force().id, kind=ReviewKind.CORRECTION, proposed_text="§ 4-4")
    data[field] = bad
    if field != "note":
        data["note"] = "Et notat som ikke skal gå tapt."
    response = verified_client(editors[0]).post(reverse("rights:review_new"), data, **EN)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    if field != "note":
        assert "Et notat som ikke skal gå tapt." in response.content.decode()
    assert not RuleReview.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"read_on": ""}, "read_on"),
        ({"evidence": ""}, "evidence"),
        ({"source": "lovdata.no"}, "source"),
        ({"kind": ReviewKind.CORRECTION, "proposed_text": ""}, "proposed_text"),
        ({"rule_id": "no.such.rule"}, "rule_id"),
    ],
)
def test_a_proposal_needs_what_its_kind_needs(editors, changes, field):
    data = {**reviewed(a_rule_in_force().id), **changes}
    response = verified_client(editors[0]).post(reverse("rights:review_new"), data, **EN)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not RuleReview.objects.exists()


@pytest.mark.django_db
def test_a_decision_reason_that_is_bad_is_refused(editors):
    first, second = editors
    review = rule_review_propose(
        actor=first,
        data=ReviewData(
            rule_id=a_rule_in_force().id,
            kind=ReviewKind.CORRECTION,
            source="NOU 2020: 14",
            proposed_text="§ 4-4",
        ),
    )
    for bad in ("Grunn\x00", "x" * 501):
        response = verified_client(second).post(
            reverse("rights:review_approve", args=[review.pk]), {"reason": bad}, **EN
        )
        assert response.status_code == 400
    review.refresh_from_db()
    assert review.status == ReviewStatus.PROPOSED


@pytest.mark.django_db
def test_appointing_a_rule_editor_is_audited_once():
    user = UserFactory(username="ny_redaktor")
    before = AccessEvent.objects.count()
    rule_editor_appoint(actor=None, user=user)
    rule_editor_appoint(actor=None, user=user)
    assert [(e.action, e.object_type) for e in AccessEvent.objects.order_by("id")[before:]] == [
        (Action.CREATE, "rights.ruleeditor")
    ]


def test_the_history_is_shown_a_page_at_a_time_newest_decision_first(editors):
    first, second = editors
    rule = a_rule_in_force()
    for number in range(HISTORY_PAGE_SIZE + 1):
        review = rule_review_propose(
            actor=first,
            data=ReviewData(
                rule_id=rule.id,
                kind=ReviewKind.CORRECTION,
                source=SOURCE,
                proposed_text=f"Forslag nummer {number}.",
            ),
        )
        rule_review_reject(actor=second, review=review)
    newest = Client().get(reverse("rights:history"), **EN).content.decode()
    oldest = Client().get(reverse("rights:history"), {"page": "2"}, **EN).content.decode()
    assert newest.count("Forslag nummer") == HISTORY_PAGE_SIZE
    assert f"Forslag nummer {HISTORY_PAGE_SIZE}." in newest
    assert oldest.count("Forslag nummer") == 1
    assert "Forslag nummer 0." in oldest
    assert "Page 2 of 2" in oldest
