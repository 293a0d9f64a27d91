from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from laget.selectors import start_page_for
from people.http import AuthenticatedHttpRequest


def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "laget/home.html", {"start": start_page_for(user=request.user)})
