"""The follow-up programme: its services (field errors, nothing written on bad input, one
audit event per write), who reads and writes it, and the shared experience notes."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AccessEvent, Action
from municipalities.models import County, Municipality
from oversikt.demo import followup_demo_seed
from oversikt.models import ExperienceNote, Programme, ProgrammeAction, ProgrammeMeeting
from oversikt.programme_services import (
    DUE_PAST_DAYS,
    experience_note_add,
    programme_action_add,
    programme_action_done,
    programme_create,
    programme_goal_add,
    programme_meeting_add,
)
from people.models import AnalystAccess, Membership, Role
from tests.factories import UserFactory

FINNMARK = "56"
NESSEBY, HAMMERFEST, KAUTOKEINO, ALTA = "5636", "5603", "5612", "5601"


@pytest.fixture
def analyst(places):
    user = UserFactory(username="statsforvalter")
    AnalystAccess.objects.create(user=user, county_id=FINNMARK, organisation="SF")
    return user


@pytest.fixture
def programme(analyst):
    return programme_create(
        actor=analyst,
        county=County.objects.get(pk=FINNMARK),
        title="Oppfølging 2026",
        municipalities=list(
            Municipality.objects.filter(number__in=[NESSEBY, HAMMERFEST, KAUTOKEINO])
        ),
    )


def leader_of(number: str):
    user = UserFactory()
    Membership.objects.create(user=user, municipality_id=number, role=Role.MUNICIPAL_LEADER)
    return user


def _events():
    return AccessEvent.objects.filter(object_type__startswith="followup_")


def test_creating_a_programme_writes_one_event_without_a_child(programme, analyst):
    events = list(_events())
    assert len(events) == 1
    assert events[0].action == Action.CREATE
    assert events[0].child_id is None
    assert events[0].actor == analyst
    assert events[0].municipality_id in (NESSEBY, HAMMERFEST, KAUTOKEINO)


def test_a_programme_takes_only_municipalities_of_the_county(analyst):
    with pytest.raises(ValidationError) as error:
        programme_create(
            actor=analyst,
            county=County.objects.get(pk=FINNMARK),
            title="Feil fylke",
            municipalities=[Municipality.objects.get(pk="4001")],
        )
    assert "municipalities" in error.value.error_dict
    assert not Programme.objects.exists()
    assert not _events().exists()


@pytest.mark.parametrize("text", ["", "   ", "Mål\x00med NUL"])
def test_an_empty_or_nul_goal_is_refused_and_nothing_is_written(programme, analyst, text):
    before = _events().count()
    with pytest.raises(ValidationError) as error:
        programme_goal_add(actor=analyst, programme=programme, text=text, municipality=None)
    assert list(error.value.error_dict) == ["text"]
    assert _events().count() == before


def test_a_goal_for_a_municipality_outside_the_programme_is_refused(programme, analyst):
    with pytest.raises(ValidationError) as error:
        programme_goal_add(
            actor=analyst,
            programme=programme,
            text="Et mål",
            municipality=Municipality.objects.get(pk=ALTA),
        )
    assert list(error.value.error_dict) == ["municipality"]


def test_an_action_due_some_weeks_back_is_allowed_but_not_years_back(programme, analyst):
    today = timezone.localdate()
    nesseby = Municipality.objects.get(pk=NESSEBY)
    action = programme_action_add(
        actor=analyst,
        programme=programme,
        municipality=nesseby,
        text="Avtalt på forrige møte",
        owner_name="Nils Nesseby",
        due_on=today - datetime.timedelta(days=DUE_PAST_DAYS),
    )
    assert action.pk
    with pytest.raises(ValidationError) as error:
        programme_action_add(
            actor=analyst,
            programme=programme,
            municipality=nesseby,
            text="Skrivefeil i året",
            owner_name="Nils Nesseby",
            due_on=today - datetime.timedelta(days=DUE_PAST_DAYS + 1),
        )
    assert list(error.value.error_dict) == ["due_on"]
    assert ProgrammeAction.objects.count() == 1


def test_an_action_needs_a_text_an_owner_and_a_municipality(programme, analyst):
    with pytest.raises(ValidationError) as error:
        programme_action_add(
            actor=analyst,
            programme=programme,
            municipality=None,
            text=" ",
            owner_name="",
            due_on=None,
        )
    assert set(error.value.error_dict) == {"municipality", "text", "owner_name", "due_on"}
    assert not ProgrammeAction.objects.exists()


def test_marking_an_action_done_is_audited_once_and_only_once(programme, analyst):
    action = programme_action_add(
        actor=analyst,
        programme=programme,
        municipality=Municipality.objects.get(pk=HAMMERFEST),
        text="Koordinator",
        owner_name="Hanne Hammer",
        due_on=timezone.localdate(),
    )
    before = _events().count()
    programme_action_done(actor=analyst, programme=programme, action_id=action.pk)
    assert _events().count() == before + 1
    assert _events().order_by("-id")[0].action == Action.UPDATE
    with pytest.raises(ValidationError):
        programme_action_done(actor=analyst, programme=programme, action_id=action.pk)
    assert _events().count() == before + 1


def test_a_meeting_needs_participants_notes_and_a_plausible_date(programme, analyst):
    with pytest.raises(ValidationError) as error:
        programme_meeting_add(
            actor=analyst,
            programme=programme,
            held_on=timezone.localdate() - datetime.timedelta(days=800),
            participants="\x00",
            notes="",
        )
    assert set(error.value.error_dict) == {"held_on", "participants", "notes"}
    assert not ProgrammeMeeting.objects.exists()


@pytest.fixture
def recorded(programme, analyst):
    nesseby = Municipality.objects.get(pk=NESSEBY)
    hammerfest = Municipality.objects.get(pk=HAMMERFEST)
    programme_goal_add(actor=analyst, programme=programme, text="Felles mål", municipality=None)
    programme_goal_add(
        actor=analyst, programme=programme, text="Hammerfests mål", municipality=hammerfest
    )
    for municipality, text in ((nesseby, "Nessebys tiltak"), (hammerfest, "Hammerfests tiltak")):
        programme_action_add(
            actor=analyst,
            programme=programme,
            municipality=municipality,
            text=text,
            owner_name="En ansvarlig",
            due_on=timezone.localdate(),
        )
    programme_meeting_add(
        actor=analyst,
        programme=programme,
        held_on=timezone.localdate(),
        participants="Alle tre kommunene",
        notes="Oppstartsmøte",
    )
    experience_note_add(
        actor=analyst,
        programme=programme,
        municipality=nesseby,
        title="Delt erfaring",
        text="Fast møtetid hjelper.",
        shared=True,
    )
    experience_note_add(
        actor=analyst,
        programme=programme,
        municipality=None,
        title="Intern vurdering",
        text="Bare for Statsforvalteren.",
        shared=False,
    )
    return programme


def test_the_analyst_sees_everything_of_the_programme(recorded, analyst, client_for):
    response = client_for(analyst).get(reverse("oversikt:programme", args=[recorded.pk]))
    assert response.status_code == 200
    for text in ("Felles mål", "Hammerfests mål", "Nessebys tiltak", "Hammerfests tiltak"):
        assert text in response.content.decode()
    assert "Intern vurdering" in response.content.decode()
    assert b'name="form" value="meeting"' in response.content


def test_a_leader_reads_their_own_part_and_the_shared_notes_only(recorded, client_for):
    response = client_for(leader_of(NESSEBY)).get(reverse("oversikt:programme", args=[recorded.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Felles mål" in page
    assert "Nessebys tiltak" in page
    assert "Hammerfests tiltak" not in page
    assert "Hammerfests mål" not in page
    assert "Delt erfaring" in page
    assert "Intern vurdering" not in page
    assert 'name="form"' not in page


def test_a_leader_elsewhere_in_the_county_reads_the_shared_notes_not_the_programme(
    recorded, client_for
):
    client = client_for(leader_of(ALTA))
    assert client.get(reverse("oversikt:programme", args=[recorded.pk])).status_code == 404
    notes = client.get(reverse("oversikt:notes"))
    assert notes.status_code == 200
    assert "Delt erfaring" in notes.content.decode()
    assert "Intern vurdering" not in notes.content.decode()
    listing = client.get(reverse("oversikt:programmes"))
    assert "Delt erfaring" in listing.content.decode()
    assert recorded.title not in listing.content.decode()


def test_a_leader_in_another_county_sees_no_note(recorded, client_for):
    notes = client_for(leader_of("4001")).get(reverse("oversikt:notes"))
    assert "Delt erfaring" not in notes.content.decode()


def test_the_analyst_records_a_meeting_on_the_page(recorded, analyst, client_for):
    client = client_for(analyst)
    url = reverse("oversikt:programme", args=[recorded.pk])
    before = _events().count()
    response = client.post(
        url,
        {
            "form": "meeting",
            "meeting-held_on": timezone.localdate().isoformat(),
            "meeting-participants": "Siri og Nils",
            "meeting-notes": "Oppfølgingsmøte om overgangene",
        },
    )
    assert response.status_code == 302
    assert _events().count() == before + 1
    assert "Oppfølgingsmøte om overgangene" in client.get(url).content.decode()


def test_a_nul_in_the_form_is_a_field_error_and_nothing_is_written(recorded, analyst, client_for):
    before = ProgrammeMeeting.objects.count()
    with translation.override("en"):
        response = client_for(analyst).post(
            reverse("oversikt:programme", args=[recorded.pk]),
            {
                "form": "meeting",
                "meeting-held_on": timezone.localdate().isoformat(),
                "meeting-participants": "Siri\x00",
                "meeting-notes": "Notat",
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 400
    assert b"meeting-participants_error" in response.content
    assert ProgrammeMeeting.objects.count() == before


@pytest.mark.parametrize("who", ["national", "leader"])
def test_readers_who_try_to_write_get_403_and_nothing_is_written(recorded, client_for, who):
    if who == "national":
        user = UserFactory()
        AnalystAccess.objects.create(user=user, county=None, organisation="Bufdir")
    else:
        user = leader_of(NESSEBY)
    client = client_for(user)
    url = reverse("oversikt:programme", args=[recorded.pk])
    assert client.get(url).status_code == 200
    before = ExperienceNote.objects.count()
    response = client.post(
        url, {"form": "note", "note-title": "Forsøk", "note-text": "Forsøk", "note-shared": "on"}
    )
    assert response.status_code == 403
    assert ExperienceNote.objects.count() == before


def test_the_analyst_of_another_county_does_not_find_the_programme(recorded, client_for):
    user = UserFactory()
    AnalystAccess.objects.create(user=user, county_id="40", organisation="SF Telemark")
    client = client_for(user)
    url = reverse("oversikt:programme", args=[recorded.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"form": "note"}).status_code == 404
    missing = reverse("oversikt:programme", args=[recorded.pk + 1000])
    assert client.get(missing).status_code == 404


def test_the_analyst_starts_a_programme_with_the_county_s_municipalities(analyst, client_for):
    client = client_for(analyst)
    response = client.post(
        reverse("oversikt:programmes"),
        {"title": "Nytt program", "municipalities": [NESSEBY, KAUTOKEINO]},
    )
    assert response.status_code == 302
    programme = Programme.objects.get(title="Nytt program")
    assert sorted(programme.municipalities.values_list("pk", flat=True)) == sorted(
        [NESSEBY, KAUTOKEINO]
    )
    refused = client.post(
        reverse("oversikt:programmes"), {"title": "Feil", "municipalities": ["4001"]}
    )
    assert refused.status_code == 400
    assert not Programme.objects.filter(title="Feil").exists()


def test_the_programme_page_costs_the_same_with_more_records(
    recorded, analyst, client_for, django_assert_max_num_queries
):
    client = client_for(analyst)
    url = reverse("oversikt:programme", args=[recorded.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for day in range(15):
        programme_meeting_add(
            actor=analyst,
            programme=recorded,
            held_on=timezone.localdate() - datetime.timedelta(days=day),
            participants="Mange",
            notes=f"Møte {day}",
        )
        programme_action_add(
            actor=analyst,
            programme=recorded,
            municipality=Municipality.objects.get(pk=KAUTOKEINO),
            text=f"Tiltak {day}",
            owner_name="Noen",
            due_on=timezone.localdate(),
        )
    assert len(few) <= 30
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_the_demo_seed_is_idempotent(places):
    first = followup_demo_seed()
    counts = (
        ProgrammeAction.objects.count(),
        ProgrammeMeeting.objects.count(),
        ExperienceNote.objects.count(),
        _events().count(),
    )
    second = followup_demo_seed()
    assert first.programme == second.programme
    assert counts == (
        ProgrammeAction.objects.count(),
        ProgrammeMeeting.objects.count(),
        ExperienceNote.objects.count(),
        _events().count(),
    )
    assert counts[:3] == (3, 1, 2)
    assert sorted(first.programme.municipalities.values_list("pk", flat=True)) == sorted(
        [NESSEBY, HAMMERFEST, KAUTOKEINO]
    )
    assert first.analyst.analyst_access.county_id == FINNMARK


def test_the_analyst_marks_an_action_done_on_the_page(recorded, analyst, client_for):
    action = ProgrammeAction.objects.get(text="Nessebys tiltak")
    client = client_for(analyst)
    url = reverse("oversikt:programme", args=[recorded.pk])
    response = client.post(url, {"form": "done", "done-action": action.pk})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    again = client.post(url, {"form": "done", "done-action": action.pk})
    assert again.status_code == 400


def test_the_programme_list_pages_forward_and_back(programme, analyst, client_for):
    from oversikt.programme_selectors import PROGRAMMES_PAGE_SIZE

    county = County.objects.get(pk=FINNMARK)
    towns = list(Municipality.objects.filter(number=ALTA))
    for number in range(PROGRAMMES_PAGE_SIZE):
        programme_create(
            actor=analyst, county=county, title=f"Program {number:02}", municipalities=towns
        )
    client = client_for(analyst)
    url = reverse("oversikt:programmes")
    with translation.override("nb"):
        first = client.get(url).content.decode()
        second = client.get(url, {"page": 2}).content.decode()
    assert 'rel="next" href="?page=2"' in first
    assert "Side 1 av 2" in first
    assert 'rel="prev"' not in first
    assert 'rel="prev" href="?page=1"' in second
    assert "Forrige" in second
