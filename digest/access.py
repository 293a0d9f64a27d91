"""Who may see a subscription: whoever holds its signed link. A broken link and a subscription
that is gone both answer 404. The editors' preview is for the national editors of the
knowledge base only (404 for everyone else)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from digest.models import Subscription
from digest.tokens import SUBSCRIPTION_SALT, UNSUBSCRIBE_SALT, subscription_id
from knowledge.access import editor_scopes
from people.models import User


def access_subscription(token: str, *, unsubscribe: bool = False) -> Subscription:
    found = subscription_id(token, salt=UNSUBSCRIBE_SALT if unsubscribe else SUBSCRIPTION_SALT)
    subscription = (
        Subscription.objects.select_related("municipality").filter(pk=found).first()
        if found is not None
        else None
    )
    if subscription is None:
        raise Http404
    return subscription


def access_editor_preview(user: User | AnonymousUser) -> None:
    if not editor_scopes(user=user).national:
        raise Http404
