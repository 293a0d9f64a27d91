"""Each portal page, its forms (bad input gives field errors) and the writes behind them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AccessEvent, Action
from children.identity import IDENTITY_NUMBER_FIELDS
from children.models import Child, Guardian
from conftest import verified_client
from consents.models import Consent, Method
from portal.tests.helpers import born_years_ago, portal_log_in
from teamlog.models import LogEntry
from teams.access import access_team, team_access_basis
from teams.models import Meeting, Task
from tests.world import build_world

pytestmark = pytest.mark.django_db

MONA = "02448510185"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def world():
    world = build_world()
    for guardian in Guardian.objects.filter(child=world.child):
        guardian.identity_number = MONA
        guardian.save(update_fields=IDENTITY_NUMBER_FIELDS)
    return world


@pytest.fixture
def sara(client, world):
    portal_log_in(client, world.child.identity_number)
    return client


def _url(world, page: str = "") -> str:
    return f"/portal/{world.child.pk}/{page}"


@pytest.mark.parametrize(
    "page", ["", "plan/", "meetings/", "consents/", "health/", "seen/", "data/", "correction/"]
)
def test_every_page_opens_for_the_young_person(sara, world, page):
    answer = sara.get(_url(world, page))
    assert answer.status_code == 200
    assert answer["Cache-Control"].startswith("max-age=0")
    assert "no-store" in answer["Cache-Control"]


def test_the_team_page_names_the_coordinator_and_the_members(sara, world):
    page = sara.get(_url(world), **EN).content.decode()
    assert "Coordinator" in page
    assert f"{world.coordinator.display_name()}, Vestsiden ungdomsskole" in page
    assert f"{world.member.display_name()}, Helsestasjonen Porsgrunn" in page
    assert "asked to join" in page  # the NAV invitation
    assert "Next meeting" in page


def test_the_plan_page_shows_goals_measures_and_what_happens_next(sara, world):
    page = sara.get(_url(world, "plan/"), **EN).content.decode()
    assert "«Jeg vil gå på skolen hver dag.»" in page
    assert "Samtaler med helsesykepleier" in page
    assert "Next meeting:" in page
    assert "Next time the team checks how it is going" in page


def test_the_young_person_writes_what_they_want_to_say_before_the_meeting(sara, world):
    url = _url(world, f"meetings/{world.meeting.pk}/")
    bad = sara.post(url, {"text": "   "}, **EN)
    assert bad.status_code == 400
    assert "This field is required." in bad.content.decode()
    answer = sara.post(url, {"text": "Jeg vil ikke snakke om fraværet foran alle."})
    assert answer.status_code == 302
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    assert meeting.child_input == "Jeg vil ikke snakke om fraværet foran alle."
    assert meeting.guardians_input == ""
    line = LogEntry.objects.filter(team=world.team).order_by("-id").first()
    assert line.author is None
    assert line.author_label.startswith("Sara Testesen")
    assert "fraværet" not in line.display_text()
    event = AccessEvent.objects.filter(child_id=world.child.pk).order_by("-id").first()
    assert (event.action, event.object_type, event.actor) == (Action.UPDATE, "meeting", None)


def test_a_guardian_writes_into_the_guardians_input(client, world):
    portal_log_in(client, MONA)
    client.post(_url(world, f"meetings/{world.meeting.pk}/"), {"text": "Hun sover dårlig."})
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    assert meeting.guardians_input == "Hun sover dårlig."
    assert meeting.child_input == ""


def test_input_for_a_held_or_other_meeting_is_404(sara, world):
    Meeting.objects.filter(pk=world.meeting.pk).update(status="held")
    assert sara.post(_url(world, f"meetings/{world.meeting.pk}/"), {"text": "x"}).status_code == 404


def test_withdrawing_consent_for_one_unit_removes_that_members_access_at_once(sara, client, world):
    assert team_access_basis(user=world.member, team=world.team) is not None
    url = _url(world, f"consents/{world.consent.pk}/withdraw/?unit={world.health.pk}")
    page = sara.get(url, **EN)
    assert "Stop sharing with Helsestasjonen Porsgrunn?" in page.content.decode()
    unconfirmed = sara.post(url.split("?")[0], {"unit": str(world.health.pk)}, **EN)
    assert unconfirmed.status_code == 400
    assert "Tick the box to confirm" in unconfirmed.content.decode()

    answer = sara.post(url.split("?")[0], {"unit": str(world.health.pk), "confirm": "on"})

    assert answer.status_code == 302
    assert team_access_basis(user=world.member, team=world.team) is None
    assert team_access_basis(user=world.coordinator, team=world.team) is not None
    assert team_access_basis(user=world.invited, team=world.team) is None  # still only invited
    replacement = Consent.objects.get(withdrawn_at__isnull=True, recorded_by__isnull=True)
    assert set(replacement.units.all()) == {world.school, world.nav}
    assert replacement.method == Method.PORTAL
    assert replacement.recorded_by_label.startswith("Sara Testesen")
    assert verified_client(world.member).get(f"/teams/{world.team.pk}/").status_code == 404
    assert verified_client(world.coordinator).get(f"/teams/{world.team.pk}/").status_code == 200


def test_when_the_young_person_removes_a_unit_the_team_is_told_what_changed(
    sara, world, django_capture_on_commit_callbacks
):
    from django.core import mail

    from teams.models import MemberStatus, TeamMember
    from teams.selectors_owners import measures_needing_owner

    url = _url(world, f"consents/{world.consent.pk}/withdraw/")
    with django_capture_on_commit_callbacks(execute=True):
        answer = sara.post(url, {"unit": str(world.health.pk), "confirm": "on"})
    assert answer.status_code == 302
    # The health station's people leave the team at once; the school and NAV stay.
    left = TeamMember.objects.filter(team=world.team, status=MemberStatus.LEFT)
    assert {m.user for m in left} == {world.member, world.peer}
    assert TeamMember.objects.get(team=world.team, user=world.invited).status == "invited"
    # The health nurse's measure needs a new owner; the coordinator has a task that says so.
    assert list(measures_needing_owner(team=world.team)) == [world.measure]
    task = Task.objects.get(team=world.team, source_key__startswith="coverage-ended:")
    assert task.owner == world.coordinator
    assert "Helsestasjonen Porsgrunn" in task.title
    assert world.measure.title in task.title
    # E-mails to the coordinator and to the two who left; none says who the child is or why.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.coordinator.email, world.member.email, world.peer.email]
    )
    for message in mail.outbox:
        assert "Sara" not in message.body
        assert "Testesen" not in message.body
        assert "portal" not in message.body.lower()
    page = verified_client(world.coordinator).get(f"/teams/{world.team.pk}/", **EN)
    assert "Needs a new owner" in page.content.decode()


def test_withdrawing_the_whole_consent(sara, world):
    url = _url(world, f"consents/{world.consent.pk}/withdraw/")
    assert sara.post(url, {"confirm": "on"}).status_code == 302
    world.consent.refresh_from_db()
    assert world.consent.withdrawn_at is not None
    assert team_access_basis(user=world.coordinator, team=world.team) is None


def test_a_withdrawn_consent_cannot_be_withdrawn_again(sara, world):
    old = Consent.objects.get(withdrawn_at__isnull=False)
    assert sara.get(_url(world, f"consents/{old.pk}/withdraw/")).status_code == 404


def test_a_14_year_old_cannot_give_school_consent_alone_but_a_guardian_can(sara, client, world):
    page = sara.get(_url(world, "consents/"), **EN).content.decode()
    assert "PPT Porsgrunn is on the team" in page
    assert "This cannot be done here alone" in page
    assert sara.get(_url(world, f"consents/give/{world.ppt.pk}/")).status_code == 404

    guardian = type(client)()
    portal_log_in(guardian, MONA)
    give = _url(world, f"consents/give/{world.ppt.pk}/")
    assert guardian.post(give, {}, **EN).status_code == 400
    assert guardian.post(give, {"confirm": "on"}).status_code == 302
    consent = Consent.objects.get(units=world.ppt, withdrawn_at__isnull=True)
    assert consent.given_by == "guardians"
    assert consent.method == Method.PORTAL
    assert consent.recorded_by is None
    assert list(consent.guardians.values_list("name", flat=True)) == ["Mona Testesen"]
    assert "Mona Testesen" in consent.text
    assert team_access_basis(user=world.withdrawn, team=world.team) is not None


def test_at_16_the_young_person_gives_consent_to_the_school_sector_alone(sara, world):
    Child.objects.filter(pk=world.child.pk).update(birth_date=born_years_ago(16))
    answer = sara.post(_url(world, f"consents/give/{world.ppt.pk}/"), {"confirm": "on"})
    # education.represent.15-17 says the young person and the guardians together.
    assert answer.status_code == 404


def test_the_consent_page_explains_what_the_young_person_decides(sara, world):
    page = sara.get(_url(world, "consents/"), **EN).content.decode()
    assert "Who decides, now that you are 14 years old" in page
    assert "Health" in page
    assert "hpl § 22" not in page
    assert "helsepersonelloven § 22" in page


def test_the_health_choice_needs_an_answer_and_is_audited(sara, world):
    url = _url(world, "health/")
    bad = sara.post(url, {}, **EN)
    assert bad.status_code == 400
    assert "Choose one of the answers." in bad.content.decode()
    assert sara.post(url, {"choice": "withhold"}).status_code == 302
    assert AccessEvent.objects.filter(
        child_id=world.child.pk, object_type="health_information_choice", action=Action.CREATE
    ).exists()


def test_asking_for_a_correction_gives_the_coordinator_a_task(sara, world):
    url = _url(world, "correction/")
    bad = sara.post(url, {"team": str(world.team.pk), "what": ""}, **EN)
    assert bad.status_code == 400
    assert "This field is required." in bad.content.decode()
    answer = sara.post(
        url,
        {
            "team": str(world.team.pk),
            "what": "Jeg har ikke vondt i magen hver dag.",
            "should_say": "Noen dager.",
        },
    )
    assert answer.status_code == 302
    task = Task.objects.get(title__contains="vondt i magen")
    assert task.owner == world.coordinator
    assert task.team == world.team
    assert (task.due_on - timezone.localdate()).days == 30
    assert LogEntry.objects.filter(team=world.team, kind="task", author__isnull=True).exists()


def test_the_downloads(sara, world):
    data = sara.get(_url(world, "data/laget.json"))
    assert data.status_code == 200
    assert data["Content-Type"].startswith("application/json")
    assert data.json()["child"]["id"] == str(world.child.pk)
    pdf = sara.get(_url(world, "data/laget.pdf"))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    exports = AccessEvent.objects.filter(child_id=world.child.pk, action=Action.EXPORT)
    assert set(exports.values_list("object_type", flat=True)) == {"export_json", "export_pdf"}


def test_the_access_log_page_uses_a_constant_number_of_queries(sara, world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert sara.get(_url(world, "seen/")).status_code == 200
        return len(context.captured_queries)

    queries()  # the first request after log-in renews the session (a write once a minute)
    short = queries()
    for _ in range(30):
        access_team(world.member, world.team.pk)
    assert queries() == short <= 26


def test_the_portal_offers_nynorsk(sara, world):
    page = sara.get(_url(world), HTTP_ACCEPT_LANGUAGE="nn").content.decode()
    assert 'lang="nn"' in page


def test_a_guardian_of_two_children_chooses(client, world):
    other = world.small_concern.child
    Guardian.objects.create(
        municipality=other.municipality,
        child=other,
        name="Mona Testesen",
        relation="mor",
        has_parental_responsibility=True,
        identity_number=MONA,
    )
    portal_log_in(client, MONA)
    page = client.get("/portal/").content.decode()
    assert f"/portal/{world.child.pk}/" in page
    assert f"/portal/{other.pk}/" in page


def test_a_logged_in_stranger_sees_only_that_we_have_nothing(client, world):
    portal_log_in(client, "02448510266")
    page = client.get("/portal/", **EN).content.decode()
    assert "We have nothing about you" in page
    assert "Sara" not in page
