"""Who may review the rights table: the national rule editors (`RuleEditor`).

The review pages are for rule editors only; everyone else gets 404, as for a missing page, and a
proposal that is missing or already decided answers 404 too."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from people.models import User
from rights.models import ReviewStatus, RuleEditor, RuleReview


def is_rule_editor(*, user: User | AnonymousUser) -> bool:
    return (
        isinstance(user, User) and user.is_active and RuleEditor.objects.filter(user=user).exists()
    )


def access_rule_editing(user: User | AnonymousUser) -> User:
    """The rule editor, for the pages only rule editors see; 404 for everyone else."""
    if not isinstance(user, User) or not is_rule_editor(user=user):
        raise Http404
    return user


def access_open_review(user: User | AnonymousUser, review_id: uuid.UUID) -> RuleReview:
    """An open proposal, for a rule editor to decide; 404 for anyone else, and for a missing
    or decided one."""
    access_rule_editing(user)
    review = RuleReview.objects.filter(pk=review_id, status=ReviewStatus.PROPOSED).first()
    if review is None:
        raise Http404
    return review
