"""Meetings with participants (members, the child, guardians), e-mail invitations with a
calendar entry, and the rule on hearing the child of the meeting's own domain."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import verified_client
from teams.models import Meeting, MeetingParticipant, ParticipantKind
from teams.services import Invitees, meeting_participants_invite, meeting_plan
from tests.api_client import api_client_for

pytestmark = pytest.mark.django_db


def _guardian(world):
    guardian = world.child.guardians.get()
    guardian.email = "mona@test.laget.invalid"
    guardian.save(update_fields=["email"])
    return guardian


@pytest.fixture
def skien_guardian(world):
    from children.services import GuardianData, child_register

    other = child_register(
        actor=world.foreigner,
        unit=world.skien_health,
        given_name="Siri",
        family_name="Skiensen",
        birth_date=datetime.date(2013, 3, 3),
        guardians=[GuardianData("Per Skiensen", "far", True, "+47 41 00 00 09")],
    )
    return other.guardians.get()


def _form(world, **extra) -> dict:
    when = timezone.localtime() + datetime.timedelta(days=5)
    return {
        "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
        "place": "Helsestasjonen, rom 3",
        "agenda": "Hvordan går det?",
        "domain": "health",
        **extra,
    }


def test_planning_a_meeting_invites_members_the_child_and_guardians_by_e_mail(world):
    guardian = _guardian(world)
    response = verified_client(world.coordinator).post(
        reverse("teams:meeting_new", args=[world.team.pk]),
        _form(
            world,
            participants=[f"member:{world.member.pk}", "child", f"guardian:{guardian.pk}"],
            send_invitations="on",
        ),
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(place="Helsestasjonen, rom 3")
    assert meeting.domain == "health"
    kinds = {(p.kind, p.user_id, p.guardian_id) for p in meeting.participants.all()}
    assert kinds == {
        (ParticipantKind.MEMBER, world.member.pk, None),
        (ParticipantKind.CHILD, None, None),
        (ParticipantKind.GUARDIAN, None, guardian.pk),
    }
    # The member and the guardian have addresses; the child has none.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [world.member.email, guardian.email]
    )
    emailed = meeting.participants.exclude(emailed_at=None)
    assert {p.kind for p in emailed} == {ParticipantKind.MEMBER, ParticipantKind.GUARDIAN}
    for message in mail.outbox:
        name, ics, content_type = message.attachments[0]
        assert (name, content_type) == ("meeting.ics", "text/calendar")
        assert "BEGIN:VEVENT" in ics
        assert "LOCATION:Helsestasjonen\\, rom 3" in ics
        # No child's identity in an e-mail: not the name, the birth date or the number.
        for text in (message.subject, message.body, ics):
            for secret in ("Sara", "Testesen", world.child.identity_number, "2012"):
                assert secret not in text, (secret, text)


def test_without_sending_nobody_gets_mail_but_all_are_on_the_list(world):
    meeting_plan(
        actor=world.coordinator,
        team=world.team,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Rom 1",
        agenda="Status",
        invitees=Invitees(members=[world.member], child=True),
    )
    assert mail.outbox == []
    assert MeetingParticipant.objects.filter(emailed_at=None).count() == 2


def test_only_active_members_and_the_childs_own_guardians_can_be_invited(world, skien_guardian):
    for invitees in (Invitees(members=[world.outsider]), Invitees(guardians=[skien_guardian])):
        with pytest.raises(ValidationError) as raised:
            meeting_plan(
                actor=world.coordinator,
                team=world.team,
                starts_at=timezone.now(),
                place="Rom",
                agenda="Status",
                invitees=invitees,
            )
        assert "participants" in raised.value.message_dict
    assert not Meeting.objects.filter(place="Rom").exists()


def test_a_mail_server_that_fails_loses_no_meeting(world):
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("down")):
        meeting = meeting_plan(
            actor=world.coordinator,
            team=world.team,
            starts_at=timezone.now() + datetime.timedelta(days=1),
            place="Rom 2",
            agenda="Status",
            invitees=Invitees(members=[world.member]),
            send_invitations=True,
        )
    participant = meeting.participants.get()
    assert participant.emailed_at is None
    body = verified_client(world.coordinator).get(
        reverse("teams:meeting", args=[world.team.pk, meeting.pk])
    )
    assert "Member" in body.content.decode()


def test_more_people_are_invited_from_the_meeting_page(world):
    client = verified_client(world.coordinator)
    url = reverse("teams:meeting", args=[world.team.pk, world.meeting.pk])
    page = client.get(url)
    assert f'value="member:{world.peer.pk}"' in page.content.decode()
    response = client.post(
        url,
        {
            "part": "participants",
            "participants-participants": [f"member:{world.peer.pk}", "child"],
            "participants-send_invitations": "on",
        },
    )
    assert response.status_code == 302
    assert world.meeting.participants.count() == 2
    assert [message.to for message in mail.outbox] == [[world.peer.email]]
    # Those already invited are not offered again.
    again = client.get(url).content.decode()
    assert f'value="member:{world.peer.pk}"' not in again
    assert 'value="child"' not in again
    # Inviting the same people twice adds nobody.
    meeting_participants_invite(
        actor=world.coordinator,
        meeting=world.meeting,
        invitees=Invitees(members=[world.peer], child=True),
        send_invitations=True,
    )
    assert world.meeting.participants.count() == 2
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("domain", "statute", "other"),
    [
        ("child_welfare", "barnevernsloven § 1-4", "pasient- og brukerrettighetsloven"),
        ("health", "pasient- og brukerrettighetsloven § 4-4", "barnevernsloven"),
        ("", "barneloven § 31", "pasient- og brukerrettighetsloven"),  # the school's area
    ],
)
def test_the_childs_voice_box_cites_the_rule_of_the_meetings_domain(world, domain, statute, other):
    Meeting.objects.filter(pk=world.meeting.pk).update(domain=domain)
    body = (
        verified_client(world.member)
        .get(reverse("teams:meeting", args=[world.team.pk, world.meeting.pk]))
        .content.decode()
    )
    voice = body[body.index('id="voice-heading"') :]
    voice = voice[: voice.index("</section>")]
    assert statute in voice
    assert other not in voice


def test_the_api_plans_a_meeting_with_participants(world):
    guardian = _guardian(world)
    client = api_client_for(world.coordinator)
    url = reverse("api_v1:team_meetings", args=[world.team.pk])
    body = {
        "starts_at": (timezone.now() + datetime.timedelta(days=4)).isoformat(),
        "place": "Rom 4",
        "agenda": "Status",
        "domain": "child_welfare",
        "invite_members": [world.member.pk],
        "invite_child": True,
        "invite_guardians": [str(guardian.pk)],
        "send_invitations": True,
    }
    response = client.post(url, body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["domain"] == "child_welfare"
    assert sorted(p["kind"] for p in data["participants"]) == ["child", "guardian", "member"]
    assert len(mail.outbox) == 2
    listed = client.get(url).json()["items"]
    assert any(len(item["participants"]) == 3 for item in listed)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("invite_members", "outsider"),
        ("invite_guardians", "stranger"),
        ("domain", "digital"),
    ],
)
def test_the_api_refuses_who_cannot_be_invited(world, field, value):
    import uuid

    values = {
        "outsider": [world.outsider.pk],
        "stranger": [str(uuid.uuid4())],
        "digital": "digital",
    }
    body = {
        "starts_at": (timezone.now() + datetime.timedelta(days=4)).isoformat(),
        "place": "Rom 5",
        "agenda": "Status",
        field: values[value],
    }
    response = api_client_for(world.coordinator).post(
        reverse("api_v1:team_meetings", args=[world.team.pk]), body
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert not Meeting.objects.filter(place="Rom 5").exists()
