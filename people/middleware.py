from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


class SecondFactorRequiredMiddleware:
    """Outside demo mode, a logged-in user reaches nothing but the second-factor pages,
    log-out and the language switch until they have confirmed a TOTP code."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            not settings.LAGET_DEMO_MODE
            and user.is_authenticated
            and not user.is_verified()
            and request.path not in self._allowed_paths()
            and not request.path.startswith(settings.STATIC_URL)
        ):
            target = reverse("people:second_factor")
            if request.method == "GET":
                target = f"{target}?{urlencode({'next': request.get_full_path()})}"
            return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _allowed_paths() -> set[str]:
        return {
            reverse("people:second_factor"),
            reverse("people:second_factor_setup"),
            reverse("people:logout"),
            reverse("set_language"),
            reverse("core:healthz"),
        }
