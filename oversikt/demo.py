"""Demo data for the follow-up programme: a fictional Statsforvalter for Troms og Finnmark
with a programme for Nesseby, Hammerfest and Kautokeino (goals, agreed actions, a meeting, a
shared and an unshared experience note), and a municipal leader in Nesseby who reads it. The
records are in `demo_data/followup.toml`; dates are counted from today.

`followup_demo_seed()` is idempotent: run again, it finds the programme and each record by its
text and adds only what is missing. The records are written through the programme's services,
so they are audited as the analyst's (the municipality's access log shows them)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.datafiles import record_read, toml_read
from municipalities.models import County, Municipality
from oversikt.models import (
    ExperienceNote,
    Programme,
    ProgrammeAction,
    ProgrammeGoal,
    ProgrammeMeeting,
)
from oversikt.programme_services import (
    experience_note_add,
    programme_action_add,
    programme_create,
    programme_goal_add,
    programme_meeting_add,
)
from people.demo import DEMO_PASSWORD
from people.models import AnalystAccess, Role, User
from people.services import membership_grant_seed

DATA = Path(__file__).parent / "demo_data" / "followup.toml"


@dataclass(frozen=True)
class FollowupDemo:
    analyst: User
    leader: User
    programme: Programme


def _user(record: dict[str, Any]) -> User:
    user, _created = User.objects.update_or_create(
        username=record["username"],
        defaults={
            "first_name": record["first_name"],
            "last_name": record["last_name"],
            "email": f"{record['username']}@demo.laget.invalid",
            "is_active": True,
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


def _municipality(number: str | None) -> Municipality | None:
    return Municipality.objects.get(number=number) if number else None


@transaction.atomic
def followup_demo_seed(*, path: Path = DATA) -> FollowupDemo:
    """Create (or complete) the demo's Statsforvalter, Nesseby's leader and the programme.
    Needs the reference data (counties and municipalities) loaded."""
    data = toml_read(path)
    person = {"username": str, "first_name": str, "last_name": str}
    analyst_data = record_read(
        data.get("analyst"),
        {**person, "county": str, "organisation": str},
        where=f"{path}: [analyst]",
    )
    leader_data = record_read(
        data.get("leader"),
        {**person, "municipality": str, "title": str},
        where=f"{path}: [leader]",
    )
    programme_data = record_read(
        data.get("programme"),
        {"title": str, "municipalities": (str,)},
        where=f"{path}: [programme]",
    )
    county = County.objects.get(number=analyst_data["county"])
    analyst = _user(analyst_data)
    AnalystAccess.objects.update_or_create(
        user=analyst,
        defaults={"county": county, "organisation": analyst_data["organisation"]},
    )
    leader = _user(leader_data)
    membership_grant_seed(
        user=leader,
        municipality=Municipality.objects.get(number=leader_data["municipality"]),
        unit=None,
        role=Role.MUNICIPAL_LEADER,
        title=leader_data["title"],
    )
    programme = Programme.objects.filter(county=county, title=programme_data["title"]).first()
    if programme is None:
        programme = programme_create(
            actor=analyst,
            county=county,
            title=programme_data["title"],
            municipalities=list(
                Municipality.objects.filter(number__in=programme_data["municipalities"])
            ),
        )
    today = timezone.localdate()
    for index, goal in enumerate(data.get("goal", [])):
        goal = record_read(
            goal,
            {"municipality": str, "text": str},
            where=f"{path}: goal {index + 1}",
            defaults={"municipality": ""},
        )
        if not ProgrammeGoal.objects.filter(programme=programme, text=goal["text"]).exists():
            programme_goal_add(
                actor=analyst,
                programme=programme,
                text=goal["text"],
                municipality=_municipality(goal["municipality"]),
            )
    for index, action in enumerate(data.get("action", [])):
        action = record_read(
            action,
            {"municipality": str, "text": str, "owner_name": str, "due_days": int},
            where=f"{path}: action {index + 1}",
        )
        if not ProgrammeAction.objects.filter(programme=programme, text=action["text"]).exists():
            programme_action_add(
                actor=analyst,
                programme=programme,
                municipality=_municipality(action["municipality"]),
                text=action["text"],
                owner_name=action["owner_name"],
                due_on=today + datetime.timedelta(days=action["due_days"]),
            )
    meeting = record_read(
        data.get("meeting"),
        {"days_ago": int, "participants": str, "notes": str},
        where=f"{path}: [meeting]",
    )
    if not ProgrammeMeeting.objects.filter(programme=programme, notes=meeting["notes"]).exists():
        programme_meeting_add(
            actor=analyst,
            programme=programme,
            held_on=today - datetime.timedelta(days=meeting["days_ago"]),
            participants=meeting["participants"],
            notes=meeting["notes"],
        )
    for index, note in enumerate(data.get("note", [])):
        note = record_read(
            note,
            {"municipality": str, "title": str, "text": str, "shared": bool},
            where=f"{path}: note {index + 1}",
            defaults={"municipality": ""},
        )
        if not ExperienceNote.objects.filter(programme=programme, title=note["title"]).exists():
            experience_note_add(
                actor=analyst,
                programme=programme,
                municipality=_municipality(note["municipality"]),
                title=note["title"],
                text=note["text"],
                shared=note["shared"],
            )
    return FollowupDemo(analyst=analyst, leader=leader, programme=programme)
