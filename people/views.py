from __future__ import annotations

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import match_token

from core.http import AuthenticatedHttpRequest
from people import services
from people.forms import LoginForm, TokenForm
from people.models import User
from people.selectors import second_factor_enrolled


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


@login_not_required
@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponseBase:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if isinstance(user, User):
            services.user_login(request=request, user=user)
            if settings.LAGET_DEMO_MODE:
                return redirect(_next_url(request))
            step = (
                "people:second_factor"
                if second_factor_enrolled(user=user)
                else "people:second_factor_setup"
            )
            return redirect(f"{reverse(step)}?{urlencode({'next': _next_url(request)})}")
        locked_out = bool(getattr(request, "axes_locked_out", False))
        services.user_login_failed(username=username, locked_out=locked_out)
        # Axes' middleware turns a locked-out attempt into its lock-out page.
        form.add_error(None, _("Wrong user name or password."))
    return render(
        request,
        "people/login.html",
        {"form": form, "next": request.GET.get("next", "")},
        status=400 if form.errors else 200,
    )


def locked_out(request: HttpRequest, credentials: dict[str, str] | None = None) -> HttpResponse:
    """django-axes calls this when a user name has too many failed log-ins."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "people/locked_out.html", {"cooloff_minutes": minutes}, status=429)


@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_view(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not second_factor_enrolled(user=user):
        return redirect("people:second_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            services.user_second_factor_verify(request=request, user=user, device=device)
            return redirect(_next_url(request))
        services.user_second_factor_failed(user=user)
        form.add_error("token", _("The code is wrong or has expired. Try the newest code."))
    return render(
        request,
        "people/second_factor.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


def _qr_data_uri(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_setup_view(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    user = request.user
    if second_factor_enrolled(user=user):
        return redirect("people:second_factor")
    device = services.totp_device_pending(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            services.user_second_factor_enrol(request=request, user=user, device=device)
            return redirect(_next_url(request))
        services.user_second_factor_failed(user=user)
        form.add_error("token", _("The code is wrong or has expired. Try the newest code."))
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return render(
        request,
        "people/second_factor_setup.html",
        {
            "form": form,
            "qr_code": _qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next_url(request),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    services.user_logout(request=request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@require_POST
def logout_everywhere_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    services.user_logout_everywhere(request=request, user=user)
    return redirect(settings.LOGOUT_REDIRECT_URL)
