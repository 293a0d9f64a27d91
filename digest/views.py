"""The digest's public pages: subscribe, confirm, the subscriber's page with the preview, and
one-click unsubscribe (RFC 8058); and the national editors' preview (docs/digest.md)."""

from __future__ import annotations

import hashlib
import math

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from core.limits import client_address, limit_exceeded
from digest.access import access_editor_preview, access_subscription
from digest.forms import SubscribeForm
from digest.selectors import digest_preview
from digest.services import (
    subscription_confirm,
    subscription_delete,
    subscription_request_send,
    unsubscribe_path,
)
from digest.tokens import confirm_request, subscription_token
from people.http import AuthenticatedHttpRequest

HOUR, DAY = 3600, 24 * 3600


@login_not_required
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Anyone with an e-mail address subscribes here; a link in an e-mail confirms it."""
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    wait = None
    if request.method == "POST" and form.is_valid():
        language = "en" if (get_language() or "nb").startswith("en") else "nb"
        subscription_request = form.subscription_request(language=language)
        wait = _confirmations_exceeded(request, form, email=subscription_request.email)
        if wait is None:
            subscription_request_send(request=subscription_request)
            return render(
                request, "digest/subscribe_sent.html", {"email": form.cleaned_data["email"]}
            )
    response = render(
        request,
        "digest/subscribe.html",
        {"form": form},
        status=429 if wait is not None else 400 if form.errors else 200,
    )
    if wait is not None:
        response["Retry-After"] = str(wait)
    return response


def _confirmations_exceeded(request: HttpRequest, form: SubscribeForm, *, email: str) -> int | None:
    """Count a confirmation e-mail against the client's and the address's limits, so that the
    form cannot be used to flood a mailbox; the seconds to wait, with the reason on the form,
    when one is over."""
    address = client_address(request)
    wait = limit_exceeded(
        f"digest-client:{address}", limit=settings.DIGEST_SUBSCRIPTIONS_PER_HOUR, window=HOUR
    )
    if wait is not None:
        minutes = math.ceil(wait / 60)
        form.add_error(
            None,
            ngettext(
                "Too many subscriptions from your network in a short time. "
                "Try again in %(minutes)d minute.",
                "Too many subscriptions from your network in a short time. "
                "Try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
        )
        return wait
    mailbox = hashlib.sha256(email.encode()).hexdigest()
    wait = limit_exceeded(
        f"digest-mailbox:{mailbox}", limit=settings.DIGEST_CONFIRMATIONS_PER_DAY, window=DAY
    )
    if wait is not None:
        form.add_error(
            "email",
            _(
                "We have already sent several confirmation e-mails to this address today. "
                "Look for the link in your inbox (and among spam), or try again tomorrow."
            ),
        )
    return wait


@login_not_required
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation e-mail: a button confirms (a link checker that opens the
    link confirms nothing)."""
    data = confirm_request(token)
    if data is None:
        raise Http404
    if request.method == "POST":
        subscription = subscription_confirm(token=token)
        if subscription is None:
            raise Http404
        return redirect("digest:subscription", token=subscription_token(subscription.pk))
    return render(request, "digest/confirm.html", {"email": data.get("e", "")})


@login_not_required
@require_GET
def subscription(request: HttpRequest, token: str) -> HttpResponse:
    """The subscriber's page (from the link in each digest): the filters and the digest as it
    would be sent now."""
    found = access_subscription(token)
    return render(
        request,
        "digest/subscription.html",
        {
            "subscription": found,
            "digest": digest_preview(subscription=found),
            "unsubscribe_url": unsubscribe_path(found),
        },
    )


@csrf_exempt
@login_not_required
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe (RFC 8058): a POST with the signed token unsubscribes, without
    log-in or CSRF token (the mail client posts it); a GET asks first."""
    found = access_subscription(token, unsubscribe=True)
    if request.method == "POST":
        subscription_delete(subscription=found)
        return render(request, "digest/unsubscribed.html")
    return render(
        request,
        "digest/unsubscribe.html",
        {"action": reverse("digest:unsubscribe", args=[token])},
    )


@require_GET
def editor_preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """For the national editors: the digest of the last week, without filters."""
    access_editor_preview(request.user)
    return render(
        request, "digest/editor_preview.html", {"digest": digest_preview(subscription=None)}
    )
