"""Input hygiene across the apps (issue 13, item 7): names with a right-to-left override or a
line break, and texts longer than the API takes, are refused with a field error on the pages
and in the API alike (core.text)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from children.models import Child, Guardian
from conftest import verified_client
from core.text import TEXT_MAX
from people.models import User
from teamlog.models import LogEntry
from tests.api_client import api_client_for

pytestmark = pytest.mark.django_db

RTL = "Ola \u202eNysen"
TWO_LINES = "Ola\nNysen"


def _concern_page(world, **changes):
    data = {
        "unit": str(world.school.pk),
        "given_name": "Ola",
        "family_name": "Nysen",
        "birth_date": "2015-06-01",
        "observed": "Sover i timene.",
        "level": "1",
        **changes,
    }
    return verified_client(world.colleague).post(reverse("concerns:new"), data)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("given_name", RTL),
        ("family_name", TWO_LINES),
        ("guardian_name", RTL),
    ],
)
def test_a_childs_or_guardians_name_with_an_override_or_line_break_is_refused_on_the_page(
    world, field, value
):
    before = Child.objects.count()
    extra = {"guardian_relation": "mor"} if field == "guardian_name" else {}
    response = _concern_page(world, **{field: value}, **extra)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert Child.objects.count() == before


def test_a_guardians_name_with_an_override_is_refused_on_the_team_page(world):
    before = Guardian.objects.count()
    response = verified_client(world.coordinator).post(
        reverse("teams:guardian_new", args=[world.team.pk]),
        {"name": RTL, "relation": "mor"},
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["name"]
    assert Guardian.objects.count() == before


def _concern_body(world, child=None, guardian=None):
    return {
        "unit": str(world.school.pk),
        "child": {
            "given_name": "Ola",
            "family_name": "Nysen",
            "birth_date": "2015-06-01",
            **(child or {}),
        },
        "guardians": [{"name": "Kari Nysen", "relation": "mor", **(guardian or {})}],
        "observed": "Sover i timene.",
        "level": 1,
    }


@pytest.mark.parametrize(
    ("child", "guardian", "path"),
    [
        ({"given_name": RTL}, None, "child.given_name"),
        ({"family_name": TWO_LINES}, None, "child.family_name"),
        (None, {"name": RTL}, "guardians.0.name"),
        (None, {"name": TWO_LINES}, "guardians.0.name"),
    ],
)
def test_the_same_names_are_refused_in_the_api(world, child, guardian, path):
    before = Child.objects.count()
    response = api_client_for(world.colleague).post(
        "/api/v1/concerns", _concern_body(world, child, guardian)
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [path]
    assert Child.objects.count() == before


def test_a_staff_name_with_an_override_is_refused_in_the_admin(world):
    request = RequestFactory().get("/")
    request.user = User.objects.filter(is_superuser=True).first() or world.coordinator
    user_admin = admin.site._registry[User]
    form_class = user_admin.get_form(request, world.colleague)
    form = form_class(
        {"first_name": RTL, "last_name": TWO_LINES, "username": "colleague"},
        instance=world.colleague,
    )
    assert not form.is_valid()
    assert "(U+202E)" in str(form.errors["first_name"])
    assert "last_name" in form.errors


def test_a_30_000_character_text_is_refused_on_a_staff_page_as_in_the_api(world):
    text = "x" * 30_000
    before = LogEntry.objects.count()
    page = verified_client(world.coordinator).post(
        reverse("teams:log_add", args=[world.team.pk]), {"kind": "note", "text": text}
    )
    assert page.status_code == 400
    assert list(page.context["form"].errors) == ["text"]
    api = api_client_for(world.coordinator).post(
        f"/api/v1/teams/{world.team.pk}/log", {"kind": "note", "text": text}
    )
    assert api.status_code == 400
    assert list(api.json()["errors"]) == ["text"]
    assert LogEntry.objects.count() == before
    # Up to the cap, both take it.
    ok = verified_client(world.coordinator).post(
        reverse("teams:log_add", args=[world.team.pk]), {"kind": "note", "text": "y" * TEXT_MAX}
    )
    assert ok.status_code == 302
