"""Writing a follow-up programme (oppfølgingsprogram): the programme and its municipalities,
goals, agreed actions, meetings and experience notes.

Every write runs in one transaction and writes one `AccessEvent` on the chain of the
programme's municipality it is about (the first of the programme's municipalities for what is
about all of them), with no child: a programme holds no child's data. The caller has checked
that the actor may write (`oversikt.access.access_programme(..., for_write=True)`); the
services check the input, and refuse with field errors and write nothing when it is wrong."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import access_event_record
from core.text import TEXT_MAX, text_clean
from municipalities.models import County, Municipality
from oversikt.models import (
    ExperienceNote,
    Programme,
    ProgrammeAction,
    ProgrammeGoal,
    ProgrammeMeeting,
)
from people.models import User

# The single-line texts (titles, names) as the models keep them.
LINE_LENGTH = 200
PURPOSE = "follow-up programme of the county governor"
# An action's due date may lie this far back: recording what was agreed at a meeting some
# weeks ago is normal; a date years back is a typing mistake.
DUE_PAST_DAYS = 90

T = TypeVar("T", bound=models.Model)


def _text(errors: dict[str, str], name: str, value: str, *, multiline: bool, empty: str) -> str:
    """The cleaned text, or '' with a field error (empty, NUL, control characters, too long)."""
    try:
        cleaned = text_clean(
            value, multiline=multiline, max_length=TEXT_MAX if multiline else LINE_LENGTH
        ).strip()
    except ValidationError as error:
        errors[name] = " ".join(error.messages)
        return ""
    if not cleaned:
        errors[name] = empty
    return cleaned


def _in_programme(
    errors: dict[str, str], name: str, programme: Programme, municipality: Municipality | None
) -> None:
    if (
        municipality is not None
        and not programme.municipalities.filter(pk=municipality.pk).exists()
    ):
        errors[name] = _("Choose one of the programme's municipalities.")


def _audit(
    actor: User,
    programme: Programme,
    action: Action,
    object_type: str,
    object_id: int,
    municipality: Municipality | None,
) -> None:
    if municipality is None:
        municipality = programme.municipalities.order_by("number").first()
    access_event_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        municipality=municipality,
        purpose=PURPOSE,
        detail={"programme": programme.pk},
    )


def _add(
    model: type[T],
    *,
    errors: dict[str, str],
    actor: User,
    programme: Programme,
    object_type: str,
    municipality: Municipality | None = None,
    **fields: object,
) -> T:
    """Refuse with the field errors and write nothing, or add the record to the programme and
    audit it: the common end of every `…_add` below."""
    if errors:
        raise ValidationError(errors)
    if municipality is not None:
        fields["municipality"] = municipality
    record = model._default_manager.create(
        programme=programme, created_by=actor, created_at=timezone.now(), **fields
    )
    _audit(actor, programme, Action.CREATE, object_type, record.pk, municipality)
    return record


@transaction.atomic
def programme_create(
    *, actor: User, county: County, title: str, municipalities: Sequence[Municipality]
) -> Programme:
    """A new programme of the county with some of its municipalities."""
    errors: dict[str, str] = {}
    title = _text(errors, "title", title, multiline=False, empty=_("Give the programme a name."))
    if not municipalities:
        errors["municipalities"] = _("Choose at least one municipality.")
    elif any(m.county_id != county.pk for m in municipalities):
        errors["municipalities"] = _("Choose municipalities of %(county)s.") % {
            "county": county.name_norwegian
        }
    if title and Programme.objects.filter(county=county, title=title).exists():
        errors["title"] = _("The county has a programme with this name already.")
    if errors:
        raise ValidationError(errors)
    programme = Programme.objects.create(
        county=county, title=title, created_by=actor, created_at=timezone.now()
    )
    programme.municipalities.set(municipalities)
    _audit(actor, programme, Action.CREATE, "followup_programme", programme.pk, None)
    return programme


@transaction.atomic
def programme_goal_add(
    *, actor: User, programme: Programme, text: str, municipality: Municipality | None
) -> ProgrammeGoal:
    errors: dict[str, str] = {}
    text = _text(errors, "text", text, multiline=True, empty=_("Write the goal."))
    _in_programme(errors, "municipality", programme, municipality)
    return _add(
        ProgrammeGoal,
        errors=errors,
        actor=actor,
        programme=programme,
        object_type="followup_goal",
        municipality=municipality,
        text=text,
    )


@transaction.atomic
def programme_action_add(
    *,
    actor: User,
    programme: Programme,
    municipality: Municipality | None,
    text: str,
    owner_name: str,
    due_on: datetime.date | None,
) -> ProgrammeAction:
    """An agreed action. Its due date may be up to `DUE_PAST_DAYS` back (an agreement from a
    past meeting recorded late), not further."""
    errors: dict[str, str] = {}
    text = _text(errors, "text", text, multiline=True, empty=_("Say what is to be done."))
    owner_name = _text(
        errors, "owner_name", owner_name, multiline=False, empty=_("Name who answers for it.")
    )
    if municipality is None:
        errors["municipality"] = _("Choose the municipality that does it.")
    else:
        _in_programme(errors, "municipality", programme, municipality)
    today = timezone.localdate()
    if due_on is None:
        errors["due_on"] = _("Give the date it is to be done by.")
    elif due_on < today - datetime.timedelta(days=DUE_PAST_DAYS):
        errors["due_on"] = _("The date lies more than %(days)s days back. Check the year.") % {
            "days": DUE_PAST_DAYS
        }
    return _add(
        ProgrammeAction,
        errors=errors,
        actor=actor,
        programme=programme,
        object_type="followup_action",
        municipality=municipality,
        text=text,
        owner_name=owner_name,
        due_on=due_on,
    )


@transaction.atomic
def programme_action_done(
    *, actor: User, programme: Programme, action_id: int, done_on: datetime.date | None = None
) -> ProgrammeAction:
    """Mark an agreed action done (today, or the day given, not in the future)."""
    action = (
        ProgrammeAction.objects.select_for_update()
        .filter(programme=programme, pk=action_id)
        .select_related("municipality")
        .first()
    )
    if action is None:
        raise ValidationError({"action": _("Choose one of the programme's actions.")})
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The day it was done cannot be in the future.")})
    if action.done_on is not None:
        raise ValidationError({"action": _("The action is done already.")})
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    _audit(actor, programme, Action.UPDATE, "followup_action", action.pk, action.municipality)
    return action


@transaction.atomic
def programme_meeting_add(
    *,
    actor: User,
    programme: Programme,
    held_on: datetime.date | None,
    participants: str,
    notes: str,
) -> ProgrammeMeeting:
    """A meeting held (or planned): a date within a year either way."""
    errors: dict[str, str] = {}
    participants = _text(
        errors, "participants", participants, multiline=True, empty=_("Name who took part.")
    )
    notes = _text(errors, "notes", notes, multiline=True, empty=_("Write what was said."))
    today = timezone.localdate()
    if held_on is None:
        errors["held_on"] = _("Give the date of the meeting.")
    elif abs((held_on - today).days) > 366:
        errors["held_on"] = _("The date lies more than a year away. Check the year.")
    return _add(
        ProgrammeMeeting,
        errors=errors,
        actor=actor,
        programme=programme,
        object_type="followup_meeting",
        held_on=held_on,
        participants=participants,
        notes=notes,
    )


@transaction.atomic
def experience_note_add(
    *,
    actor: User,
    programme: Programme,
    municipality: Municipality | None,
    title: str,
    text: str,
    shared: bool,
) -> ExperienceNote:
    """An experience note; `shared` lets the municipal leaders of the whole county read it."""
    errors: dict[str, str] = {}
    title = _text(errors, "title", title, multiline=False, empty=_("Give the note a title."))
    text = _text(errors, "text", text, multiline=True, empty=_("Write what you have learnt."))
    _in_programme(errors, "municipality", programme, municipality)
    return _add(
        ExperienceNote,
        errors=errors,
        actor=actor,
        programme=programme,
        object_type="followup_note",
        municipality=municipality,
        title=title,
        text=text,
        shared=shared,
    )
