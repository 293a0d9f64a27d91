"""The moving demo (laget/demo_moving.py) on top of `load_demo`: Mia's open hand-over from
Porsgrunn to Skien, accepted by Skien's health station; the old coordinator then gets 404."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import verified_client
from laget.demo_moving import moving_demo_seed_from_demo
from people.models import User
from teams.models import HandoverStatus
from tests.factories import municipality

pytestmark = pytest.mark.django_db


def test_the_moving_demo_is_accepted_by_skien(db):
    municipality("4001")
    municipality("4003")
    for number in ("5636", "5603", "5612"):  # the demo's follow-up programme in Finnmark
        municipality(number)
    call_command("load_demo", verbosity=0)
    handover = moving_demo_seed_from_demo()
    assert moving_demo_seed_from_demo() == handover  # idempotent
    assert handover.status == HandoverStatus.OPEN
    assert handover.moving_to_id == "4003"
    team = handover.team
    per = verified_client(User.objects.get(username="per.skien"))
    per.defaults["HTTP_ACCEPT_LANGUAGE"] = "nb"
    url = reverse("teams:handover_answer", args=[team.pk, handover.pk])
    page = per.get(url)
    assert page.status_code == 200
    assert b"Skien" in page.content
    assert per.post(url, {"answer": "accept"}).status_code == 302
    team.refresh_from_db()
    assert team.municipality_id == "4003"
    ola = verified_client(User.objects.get(username="ola.nordmann"))
    assert ola.get(reverse("teams:detail", args=[team.pk])).status_code == 404
    kari = verified_client(User.objects.get(username="kari.nordmann"))
    assert kari.get(reverse("teams:detail", args=[team.pk])).status_code == 200
