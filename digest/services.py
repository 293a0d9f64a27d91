"""Writing subscriptions and sending the digest. Every write is one transaction and audited
(an e-mail address is personal data); the weekly send records each digest in the transaction
that sends it, under a unique constraint, so that a rerun or a second worker sends nothing twice
(docs/digest.md)."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import access_event_record
from digest.models import DigestSend, Subscription
from digest.selectors import (
    BATCH_SIZE,
    Digest,
    DigestSources,
    digest_for,
    digest_sources,
    subscriptions_due,
)
from digest.tokens import (
    UNSUBSCRIBE_SALT,
    confirm_request,
    confirm_token,
    subscription_token,
)
from municipalities.models import Municipality

logger = logging.getLogger(__name__)

OBJECT_TYPE = "digest.subscription"
PURPOSE = "digest by e-mail"


@dataclass(frozen=True)
class SubscriptionRequest:
    email: str
    needs: list[str]
    sectors: list[str]
    audiences: list[str]
    municipality: str | None  # the municipality's number
    language: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "e": self.email,
            "n": self.needs,
            "s": self.sectors,
            "a": self.audiences,
            "m": self.municipality,
            "l": self.language,
        }


def _absolute(path: str) -> str:
    return settings.LAGET_BASE_URL + path


def manage_url(subscription: Subscription) -> str:
    return _absolute(reverse("digest:subscription", args=[subscription_token(subscription.pk)]))


def unsubscribe_path(subscription: Subscription) -> str:
    token = subscription_token(subscription.pk, salt=UNSUBSCRIBE_SALT)
    return reverse("digest:unsubscribe", args=[token])


def unsubscribe_url(subscription: Subscription) -> str:
    return _absolute(unsubscribe_path(subscription))


def subscription_request_send(*, request: SubscriptionRequest) -> None:
    """E-mail the confirmation link (double opt-in). Nothing is stored: the link carries the
    request, signed, and expires."""
    url = _absolute(reverse("digest:confirm", args=[confirm_token(request.as_dict())]))
    with translation.override(request.language):
        body = render_to_string("digest/confirm_email.txt", {"url": url})
        subject = _("Confirm your subscription to the digest from Laget")
    EmailMultiAlternatives(subject=subject, body=body, to=[request.email]).send()


def subscription_confirm(*, token: str) -> Subscription | None:
    """Store the subscription the signed link asks for, or update the filters of the address's
    subscription; None when the link is broken or too old. Audited."""
    data = confirm_request(token)
    if data is None or not isinstance(data.get("e"), str):
        return None
    number = data.get("m")
    municipality = Municipality.objects.filter(number=number).first() if number else None
    with transaction.atomic():
        subscription, created = Subscription.objects.select_for_update().get_or_create(
            email=data["e"],
            defaults={"confirmed_at": timezone.now()},
        )
        subscription.needs = list(data.get("n") or [])
        subscription.sectors = list(data.get("s") or [])
        subscription.audiences = list(data.get("a") or [])
        subscription.municipality = municipality
        subscription.language = str(data.get("l") or "nb")
        subscription.confirmed_at = timezone.now()
        subscription.save()
        access_event_record(
            actor=None,
            action=Action.CREATE if created else Action.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=subscription.pk,
            purpose=PURPOSE,
        )
    return subscription


def subscription_delete(*, subscription: Subscription) -> None:
    """Unsubscribe: the subscription and the record of its digests are deleted. Audited."""
    with transaction.atomic():
        access_event_record(
            actor=None,
            action=Action.DELETE,
            object_type=OBJECT_TYPE,
            object_id=subscription.pk,
            purpose=PURPOSE,
        )
        Subscription.objects.filter(pk=subscription.pk).delete()


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of the ISO week: the period a digest is sent for."""
    return day - datetime.timedelta(days=day.weekday())


def digest_message(digest: Digest) -> EmailMultiAlternatives:
    """The digest as an e-mail with a text and an HTML part, in the subscriber's language, with
    one-click unsubscribe (RFC 8058)."""
    subscription = digest.subscription
    if subscription is None:
        raise ValueError("a digest without a subscription is only previewed")
    unsubscribe = unsubscribe_url(subscription)
    context = {
        "digest": digest,
        "manage_url": manage_url(subscription),
        "unsubscribe_url": unsubscribe,
        "base_url": settings.LAGET_BASE_URL,
    }
    with translation.override(subscription.language):
        subject = _("News from Laget: the week's digest")
        text = render_to_string("digest/digest_email.txt", context)
        html = render_to_string("digest/digest_email.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


@dataclass
class SendResult:
    sent: int = 0
    nothing_new: int = 0
    already_sent: int = 0


def _digest_send(
    subscription: Subscription,
    sources: DigestSources,
    *,
    week: datetime.date,
    now: datetime.datetime,
    result: SendResult,
) -> None:
    digest = digest_for(subscription, sources)
    if digest.empty:
        result.nothing_new += 1
        return
    try:
        with transaction.atomic():
            DigestSend.objects.create(
                subscription=subscription, week=week, sent_at=now, changes=digest.reported
            )
            digest_message(digest).send()
    except IntegrityError:
        result.already_sent += 1
        return
    result.sent += 1


def digests_send(
    *, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE
) -> SendResult:
    """Send this week's digest to every subscription that has not had it, once.

    The sources (materials, deadlines, changes in the law, the schemes that fit each
    municipality) are read once per run; what each subscription was sent before, once per batch.
    Each digest is recorded (subscription,
    week) in the transaction that sends it: a second run, or a second worker at the same time,
    meets the unique constraint and sends nothing (on PostgreSQL the second insert waits for the
    first transaction and then fails). A failed send rolls its record back, so the next run tries
    again. A subscription with nothing new gets no e-mail and no record that week. The
    subscriptions are read `batch_size` at a time.
    """
    now = now or timezone.now()
    week = week_of(timezone.localdate(now))
    result = SendResult()
    after = None
    sources: DigestSources | None = None
    while subscriptions := subscriptions_due(week=week, after=after, limit=batch_size):
        after = subscriptions[-1].pk
        # A fixed number of queries per batch, none per subscription; the run's sources once.
        sources = digest_sources(subscriptions=subscriptions, now=now, previous=sources)
        for subscription in subscriptions:
            _digest_send(subscription, sources, week=week, now=now, result=result)
    logger.info(
        "digest: %s sent, %s with nothing new, %s already sent",
        result.sent,
        result.nothing_new,
        result.already_sent,
    )
    return result
