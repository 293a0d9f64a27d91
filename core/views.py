from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when the database answers, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def form_page(
    request: HttpRequest,
    form: object,
    *,
    title: str,
    submit_label: str,
    back_url: str = "",
    back_label: str = "",
    intro: str = "",
    template: str = "form_page.html",
    status: int = 200,
    **context: object,
) -> HttpResponse:
    """A page with one form, in the house layout; errors answer 400 so clients can tell."""
    if getattr(form, "is_bound", False) and getattr(form, "errors", None) and status == 200:
        status = 400
    return render(
        request,
        template,
        {
            "form": form,
            "title": title,
            "submit_label": submit_label,
            "back_url": back_url,
            "back_label": back_label,
            "intro": intro,
            **context,
        },
        status=status,
    )
