from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from people.selectors import memberships_read_once


class SecondFactorRequiredMiddleware:
    """Outside demo mode, a logged-in user reaches no staff page until they have confirmed a
    TOTP code or used a recovery code: only public pages (marked `@login_not_required`, among
    them the enrolment link), the second-factor pages and log-out stay open."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: list[Any],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = request.user
        if (
            settings.LAGET_DEMO_MODE
            or not user.is_authenticated
            or user.is_verified()
            or not getattr(view_func, "login_required", True)
            or request.path in self._second_factor_paths()
        ):
            return None
        target = reverse("people:second_factor")
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        return redirect(target)

    @staticmethod
    def _second_factor_paths() -> set[str]:
        return {
            reverse("people:second_factor"),
            reverse("people:second_factor_setup"),
            reverse("people:second_factor_recovery"),
            reverse("people:logout"),
        }


class RequestMembershipsMiddleware:
    """Each request reads a user's memberships in force at most once
    (`people.selectors.memberships_in_force`), and no request sees another's. Before the
    database scope, whose look-up reads the user's memberships too: memberships are outside
    row-level security, so they are the same rows under any scope."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with memberships_read_once():
            return self.get_response(request)
