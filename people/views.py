from __future__ import annotations

import base64
import uuid
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import match_token

from people import clients, services, tokens
from people.access import access_unit
from people.forms import (
    ApiTokenIssueForm,
    EnrolmentForm,
    LoginForm,
    RecoveryCodeForm,
    SystemClientForm,
    TokenForm,
)
from people.http import AuthenticatedHttpRequest
from people.models import EnrolmentInvitation, User
from people.selectors import (
    enrolment_invitation_open,
    enrolment_link_expiry,
    recovery_codes_remaining,
    second_factor_enrolled,
    unit_staff,
    works_in_a_unit,
)

# Where freshly made recovery codes wait for the one page that shows them.
RECOVERY_CODES_SESSION_KEY = "laget_recovery_codes"


def _start_url(user: object) -> str:
    """Where a log-in lands: staff of a unit on their work (Mitt arbeid), everyone else
    (administrators, analysts, operators) on the start page."""
    if isinstance(user, User) and user.is_authenticated and works_in_a_unit(user=user):
        return reverse(settings.STAFF_START_URL)
    return reverse(settings.LOGIN_REDIRECT_URL)


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # The site's root is "the start page", which for staff is their work.
    if candidate != reverse(settings.LOGIN_REDIRECT_URL) and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return _start_url(request.user)


@login_not_required
@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponseBase:
    if request.user.is_authenticated:
        return redirect(_start_url(request.user))
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
        {"form": form, "recovery_form": RecoveryCodeForm(), "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


def _qr_data_uri(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@never_cache
@require_http_methods(["GET"])
def second_factor_setup_view(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Without a second factor the password leads only here: a second factor is set up through
    an enrolment link from an administrator, never with the password alone."""
    user = request.user
    if second_factor_enrolled(user=user):
        return redirect("people:second_factor")
    return render(
        request,
        "people/second_factor_setup.html",
        {"link_expires_at": enrolment_link_expiry(user=user)},
    )


def _enrolment_page(
    request: HttpRequest, invitation: EnrolmentInvitation, form: EnrolmentForm
) -> HttpResponse:
    device = services.totp_device_pending(user=invitation.user)
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return render(
        request,
        "people/enrol.html",
        {
            "form": form,
            "person": invitation.user,
            "expires_at": invitation.expires_at,
            "qr_code": _qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
        status=400 if form.errors else 200,
    )


@login_not_required
@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
@require_http_methods(["GET", "POST"])
def enrol_view(request: HttpRequest, token: str) -> HttpResponseBase:
    """The enrolment link: set one's own password and authenticator in one form, then see the
    recovery codes once. An unknown, used, revoked or expired link all answer the same 404."""
    invitation = enrolment_invitation_open(token=token)
    if invitation is None:
        return render(request, "people/enrol_invalid.html", status=404)
    form = EnrolmentForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.totp_device_pending(user=invitation.user)
        if device.verify_token(form.cleaned_data["token"]):
            try:
                codes = services.enrolment_complete(
                    request=request,
                    invitation=invitation,
                    password=form.cleaned_data["new_password1"],
                    device=device,
                )
            except ValidationError:
                return render(request, "people/enrol_invalid.html", status=404)
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            return redirect("people:recovery_codes")
        services.user_second_factor_failed(user=invitation.user)
        form.add_error("token", _("The code is wrong or has expired. Try the newest code."))
    return _enrolment_page(request, invitation, form)


@never_cache
@require_POST
def second_factor_recovery_view(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The second factor passed with a recovery code instead of the authenticator app."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    form = RecoveryCodeForm(request.POST)
    if form.is_valid():
        if services.user_recovery_code_use(
            request=request, user=user, code=form.cleaned_data["recovery_code"]
        ):
            return redirect(_next_url(request))
        form.add_error("recovery_code", _("The recovery code is wrong or has been used."))
    return render(
        request,
        "people/second_factor.html",
        {"form": TokenForm(), "recovery_form": form, "next": _next_url(request)},
        status=400,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes_view(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """New recovery codes are shown once, right after they are made (at enrolment or here):
    they are taken out of the session as the page is drawn."""
    user = request.user
    if request.method == "POST":
        request.session[RECOVERY_CODES_SESSION_KEY] = services.recovery_codes_renew(user=user)
        return redirect("people:recovery_codes")
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    return render(
        request,
        "people/recovery_codes.html",
        {
            "codes": [f"{code[:4]} {code[4:]}" for code in codes or []],
            "remaining": recovery_codes_remaining(user=user),
        },
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


# My API keys ----------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def api_tokens_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's own API tokens, and a form that issues one and shows it this once."""
    user = request.user
    form = ApiTokenIssueForm(request.POST or None)
    issued = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, issued = tokens.api_token_issue(
                user=user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                days=form.cleaned_data["days"],
                issued_by=user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = ApiTokenIssueForm()
    return render(
        request,
        "people/api_tokens.html",
        {
            "form": form,
            "tokens": tokens.api_tokens_of_user(user=user),
            "issued": issued,
            "now": timezone.now(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def api_token_revoke_view(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    token = tokens.api_token_of_user(user=request.user, token_id=token_id)
    tokens.api_token_revoke(token=token, revoked_by=request.user)
    return redirect("people:api_tokens")


# System clients (municipal administrators) ---------------------------------------------------


def _system_clients_page(
    request: AuthenticatedHttpRequest,
    form: SystemClientForm | None = None,
    *,
    secret: str = "",
    shown: object = None,
    error: str = "",
) -> HttpResponse:
    units = clients.units_for_clients(admin=request.user)
    form = form or SystemClientForm(units=units)
    return render(
        request,
        "people/system_clients.html",
        {
            "form": form,
            "clients": clients.system_clients_of_admin(admin=request.user),
            "secret": secret,
            "shown": shown,
            "error": error,
            "now": timezone.now(),
        },
        status=400 if form.errors or error else 200,
    )


def _municipal_admin_only(request: AuthenticatedHttpRequest) -> None:
    if not clients.units_for_clients(admin=request.user).exists():
        raise Http404


@never_cache
@require_http_methods(["GET", "POST"])
def system_clients_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The system clients of the municipalities the user administers, and a form that registers
    one and shows its secret this once. Anyone who administers no municipality gets 404."""
    _municipal_admin_only(request)
    units = clients.units_for_clients(admin=request.user)
    form = SystemClientForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            client, secret = clients.system_client_register(
                admin=request.user,
                unit=form.cleaned_data["unit"],
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _system_clients_page(request, secret=secret, shown=client)
    return _system_clients_page(request, form)


@never_cache
@require_POST
def system_client_rotate_view(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """A new secret, shown this once; the old one and the client's tokens stop at once."""
    client = clients.system_client_of_admin(admin=request.user, client_id=client_id)
    try:
        client, secret = clients.system_client_rotate(client=client, admin=request.user)
    except ValidationError as error:
        return _system_clients_page(request, error=" ".join(error.messages))
    return _system_clients_page(request, secret=secret, shown=client)


@require_POST
def system_client_revoke_view(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    client = clients.system_client_of_admin(admin=request.user, client_id=client_id)
    clients.system_client_revoke(client=client, admin=request.user)
    return redirect("people:system_clients")


def unit_detail(request: AuthenticatedHttpRequest, unit_id: uuid.UUID) -> HttpResponse:
    unit = access_unit(request.user, unit_id)
    return render(
        request, "people/unit_detail.html", {"unit": unit, "staff": unit_staff(unit=unit)}
    )
