"""Writing the review of the rights table. Every step (appoint, propose, approve, reject) is one
transaction that writes its access event, on the national chain.

The rule text stays in `rights/rules/*.toml`: an approved review is shown with its rule, an
approved correction is a recorded decision that the files must change."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import access_event_record
from people.models import User
from rights.models import ReviewKind, ReviewStatus, RuleEditor, RuleReview
from rights.table import FILES_DIGEST

OBJECT_TYPE = "rights.rulereview"
PURPOSE = "rights table upkeep"


class NotARuleEditorError(PermissionError):
    """Only a rule editor proposes, approves and rejects."""


@dataclass(frozen=True)
class ReviewData:
    """What a rule editor proposes about one rule."""

    rule_id: str
    kind: str
    source: str
    note: str = ""
    read_on: datetime.date | None = None
    evidence: str = ""
    proposed_text: str = ""


def _event(actor: User | None, review: RuleReview, action: Action, detail: dict[str, Any]) -> None:
    access_event_record(
        actor=actor,
        action=action,
        object_type=OBJECT_TYPE,
        object_id=review.pk,
        purpose=PURPOSE,
        detail={"rule": review.rule_id, "kind": review.kind, **detail},
    )


def _editor(actor: User) -> None:
    if not RuleEditor.objects.filter(user=actor, user__is_active=True).exists():
        raise NotARuleEditorError(actor.get_username())


@transaction.atomic
def rule_editor_appoint(*, actor: User | None, user: User) -> RuleEditor:
    """Make someone a national rule editor (idempotent: one event when appointed)."""
    editor, created = RuleEditor.objects.get_or_create(user=user)
    if created:
        access_event_record(
            actor=actor,
            action=Action.CREATE,
            object_type="rights.ruleeditor",
            object_id=editor.pk,
            purpose=PURPOSE,
            detail={"user": user.get_username()},
        )
    return editor


@transaction.atomic
def rule_review_propose(*, actor: User, data: ReviewData) -> RuleReview:
    """A rule editor proposes that a rule was reviewed, or a correction of it. Fields that do
    not belong to the kind are left empty."""
    _editor(actor)
    reviewed = data.kind == ReviewKind.REVIEWED
    review = RuleReview(
        rule_id=data.rule_id,
        kind=data.kind,
        source=data.source,
        note=data.note,
        read_on=data.read_on if reviewed else None,
        evidence=data.evidence if reviewed else "",
        proposed_text="" if reviewed else data.proposed_text,
        recorded_by=actor,
    )
    review.full_clean()
    review.save()
    _event(actor, review, Action.CREATE, {"status": ReviewStatus.PROPOSED})
    return review


def _decide(*, actor: User, review: RuleReview, status: ReviewStatus, reason: str) -> RuleReview:
    _editor(actor)
    review = RuleReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."), code="decided")
    if review.recorded_by_id == actor.pk:
        raise ValidationError(
            _("You proposed this yourself: another rule editor must approve or reject it."),
            code="own_proposal",
        )
    review.status = status
    review.decided_by = actor
    review.decided_at = timezone.now()
    review.decision_note = reason
    review.files_digest = FILES_DIGEST
    # The rule may have left the table since the proposal: it can still be decided.
    review.full_clean(exclude=["rule_id"])
    # Only the decision's fields: `recorded_at` stays the time of the proposal.
    review.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "files_digest"]
    )
    _event(actor, review, Action.UPDATE, {"status": status.value})
    return review


@transaction.atomic
def rule_review_approve(*, actor: User, review: RuleReview, reason: str = "") -> RuleReview:
    """A second rule editor approves a proposal; the proposer never can."""
    return _decide(actor=actor, review=review, status=ReviewStatus.APPROVED, reason=reason)


@transaction.atomic
def rule_review_reject(*, actor: User, review: RuleReview, reason: str = "") -> RuleReview:
    """A second rule editor rejects a proposal; the proposer never can."""
    return _decide(actor=actor, review=review, status=ReviewStatus.REJECTED, reason=reason)
