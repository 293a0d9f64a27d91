"""Withdrawing a consent, and what it means for the child's teams.

When a consent is withdrawn, the units no other consent or legal basis covers leave every open
team of the child at once: their members leave (an open invitation ends), what they owned is
shown as needing a new owner (`teams.selectors_owners`), and the coordinator and the people who
left get a task and an e-mail that say what changed – which unit, which tasks and measures –
never why, and never who the child is (the team is named by the unit that started it and the
day it opened)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext, override

from audit.models import Action
from audit.services import child_event_record
from children.models import Child
from consents.models import Consent
from consents.selectors import consent_covering
from consents.services import consent_withdraw
from people.models import User
from plans.models import ItemStatus, Measure
from teamlog.models import LogKind
from teamlog.services import log_text, log_write
from teams.gaps import team_reference
from teams.models import MemberRole, MemberStatus, Task, TaskStatus, Team, TeamMember, TeamStatus
from teams.services._shared import TITLE_MAX, mail_on_commit, task_once
from teams.services.coordinator import coordinator_unit_uncovered
from units.models import Unit

# How long the coordinator has to find new owners.
NEW_OWNER_DAYS = 7
PURPOSE_COVERAGE_ENDED = "a unit no longer covered by consent leaves the team"


@dataclass
class CoverageEnded:
    """What changed on one team when units lost their consent."""

    team: Team
    units: list[Unit]
    left: list[TeamMember] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    notified: list[User] = field(default_factory=list)


@transaction.atomic
def team_consent_withdraw(
    *, actor: User | None, consent: Consent, withdrawn_by: str, note: str = ""
) -> Consent:
    """Withdraw a consent with immediate effect (`consents.services.consent_withdraw`) and, in
    the same transaction, end the teams' work with the units it alone covered: see the module
    docstring. `actor` is None when the young person or a guardian withdraws in the portal; the
    log and the access log then name them by `withdrawn_by`. The e-mails go after the commit."""
    withdrawn = consent_withdraw(actor=actor, consent=consent, withdrawn_by=withdrawn_by, note=note)
    label = "" if actor else withdrawn.withdrawn_by_label
    if withdrawn.team is not None:
        log_write(
            concern=withdrawn.team.concern,
            team=withdrawn.team,
            kind=LogKind.CONSENT,
            author=actor,
            author_label=label,
            text=log_text(
                gettext_noop("Consent withdrawn by %(who)s: %(purpose)s"),
                {"who": withdrawn.withdrawn_by_label, "purpose": withdrawn.purpose},
            ),
        )
    coverage_end(
        child=withdrawn.child,
        units=withdrawn.units.all(),
        actor=actor,
        actor_label=label,
        key=str(withdrawn.pk),
    )
    return withdrawn


def coverage_end(
    *, child: Child, units: Iterable[Unit], actor: User | None, actor_label: str, key: str
) -> list[CoverageEnded]:
    """For the units that no consent or legal basis in force covers any longer, on each open
    team of the child: members leave, the coordinator and those who left get a task and (after
    the commit) an e-mail. Runs inside the caller's transaction; `key` makes the tasks once."""
    today = timezone.localdate()
    uncovered = [
        unit
        for unit in units
        if consent_covering(child_id=child.pk, unit_id=unit.pk, on=today) is None
    ]
    if not uncovered:
        return []
    teams = list(
        Team.objects.filter(child=child, status=TeamStatus.OPEN).select_related(
            "child__municipality", "concern", "originating_unit", "municipality"
        )
    )
    changes = [
        _team_coverage_end(
            team=team, uncovered=uncovered, actor=actor, actor_label=actor_label, key=key
        )
        for team in teams
    ]
    # The coordinator stays coordinator, shut out: they and their unit's leaders are told.
    for team in teams:
        coordinator_unit_uncovered(
            team=team, uncovered=uncovered, actor=actor, actor_label=actor_label, key=key
        )
    return [change for change in changes if change.left]


def _team_coverage_end(
    *, team: Team, uncovered: list[Unit], actor: User | None, actor_label: str, key: str
) -> CoverageEnded:
    change = CoverageEnded(team=team, units=uncovered)
    leaving = list(
        TeamMember.objects.select_for_update(of=("self",))
        .select_related("user", "unit")
        .filter(
            team=team,
            unit__in=uncovered,
            role=MemberRole.MEMBER,
            status__in=[MemberStatus.ACTIVE, MemberStatus.INVITED],
        )
        .order_by("invited_at", "pk")
    )
    now = timezone.now()
    was_on = [member.status == MemberStatus.ACTIVE for member in leaving]
    for member, was_active in zip(leaving, was_on, strict=True):
        member.status = MemberStatus.LEFT
        member.left_at = now
        member.save(update_fields=["status", "left_at"])
        log_write(
            concern=team.concern,
            team=team,
            kind=LogKind.MEMBER,
            author=actor,
            author_label=actor_label,
            text=log_text(
                gettext_noop(
                    "%(name)s (%(unit)s) left the team: no consent covers the unit any longer."
                )
                if was_active
                else gettext_noop(
                    "The invitation to %(name)s (%(unit)s) ended: no consent covers the unit "
                    "any longer."
                ),
                {"name": member.user.display_name(), "unit": member.unit.name},
            ),
        )
        _audit(team, actor, actor_label, Action.UPDATE, "team_member", member.pk)
    change.left = list(leaving)
    # Only those who were on the team are told; an invitation that ends just disappears.
    were_on = [member for member, active in zip(leaving, was_on, strict=True) if active]
    left_users = {member.user_id for member in were_on}
    change.tasks = list(
        Task.objects.filter(team=team, status=TaskStatus.OPEN, owner_id__in=left_users)
        .select_related("owner")
        .order_by("due_on", "pk")
    )
    change.measures = list(
        Measure.objects.filter(
            plan__team=team, status=ItemStatus.ACTIVE, responsible_person_id__in=left_users
        )
        .select_related("responsible_person", "responsible_unit")
        .order_by("evaluate_on", "pk")
    )
    if not were_on:
        return change
    unit_names = _names(list(dict.fromkeys(member.unit.name for member in were_on)))
    titles = [task.title for task in change.tasks] + [m.title for m in change.measures]
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.MEMBER,
        author=actor,
        author_label=actor_label,
        text=log_text(
            gettext_noop("Needs a new owner now that %(units)s has left: %(items)s"),
            {"units": unit_names, "items": _quoted(titles) or "–"},
        ),
    )
    coordinator = (
        TeamMember.objects.select_related("user", "unit")
        .filter(team=team, role=MemberRole.COORDINATOR, status=MemberStatus.ACTIVE)
        .first()
    )
    if coordinator is not None:
        coordinator_covered = all(coordinator.unit_id != unit.pk for unit in uncovered)
        link = reverse("teams:detail", args=[team.pk]) if coordinator_covered else None
        with override(settings.LANGUAGE_CODE):
            title = _coordinator_title(unit_names, change.tasks, change.measures)
            subject = _("Laget: a change in a team you coordinate")
            body = _(
                "%(units)s is no longer covered by consent in %(team)s, and the people from "
                "there have left it. Needing a new owner: %(counts)s. You have a task in Laget "
                "to give them one: %(url)s"
            ) % {
                "units": unit_names,
                "team": team_reference(team),
                "counts": _counts(len(change.tasks), len(change.measures)),
                "url": _absolute(link or reverse("teams:work")),
            }
        task_once(
            team=team if coordinator_covered else None,
            child_team=team,
            due_in_days=NEW_OWNER_DAYS,
            purpose=PURPOSE_COVERAGE_ENDED,
            legal_basis="consent withdrawn",
            owner=coordinator.user,
            title=title,
            key=f"coverage-ended:{key}:{team.pk}:coordinator",
            actor=actor,
            actor_label=actor_label,
        )
        change.notified.append(coordinator.user)
        mail_on_commit(coordinator.user, subject, body)
    for member in were_on:
        own_tasks = [task for task in change.tasks if task.owner_id == member.user_id]
        own_measures = [m for m in change.measures if m.responsible_person_id == member.user_id]
        with override(settings.LANGUAGE_CODE):
            title = _member_title(team, member.unit.name, own_tasks, own_measures)
            subject = _("Laget: you are no longer on a team")
            body = _(
                "Your unit %(unit)s is no longer covered by consent in %(team)s, so you are no "
                "longer on it and cannot open it. Needing a new owner, of what you had there: "
                "%(counts)s. The coordinator gives them one. Your work in Laget: %(url)s"
            ) % {
                "unit": member.unit.name,
                "team": team_reference(team),
                "counts": _counts(len(own_tasks), len(own_measures)),
                "url": _absolute(reverse("teams:work")),
            }
        task_once(
            team=None,
            child_team=team,
            due_in_days=NEW_OWNER_DAYS,
            purpose=PURPOSE_COVERAGE_ENDED,
            legal_basis="consent withdrawn",
            owner=member.user,
            title=title,
            key=f"coverage-ended:{key}:{team.pk}:{member.pk}",
            actor=actor,
            actor_label=actor_label,
        )
        change.notified.append(member.user)
        mail_on_commit(member.user, subject, body)
    return change


def _absolute(path: str) -> str:
    return settings.LAGET_BASE_URL + path


def _audit(
    team: Team,
    actor: User | None,
    actor_label: str,
    action: Action,
    object_type: str,
    object_id: object,
) -> None:
    child_event_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        child=team.child,
        purpose=PURPOSE_COVERAGE_ENDED,
        legal_basis="consent withdrawn",
        actor_label=None if actor else actor_label,
        team_id=team.pk,
    )


def _names(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _quoted(titles: list[str]) -> str:
    return ", ".join(f"“{title}”" for title in titles)


def _items(tasks: list[Task], measures: list[Measure], *, limit: int) -> str:
    """ "the task “A” and the measure “B”", or only how many when the titles are too long."""
    parts = []
    if tasks:
        parts.append(
            ngettext("the task %(titles)s", "the tasks %(titles)s", len(tasks))
            % {"titles": _quoted([task.title for task in tasks])}
        )
    if measures:
        parts.append(
            ngettext("the measure %(titles)s", "the measures %(titles)s", len(measures))
            % {"titles": _quoted([measure.title for measure in measures])}
        )
    named = _names(parts)
    return named if len(named) <= limit else _counts(len(tasks), len(measures))


def _counts(tasks: int, measures: int) -> str:
    return _("%(tasks)s, %(measures)s") % {
        "tasks": ngettext("%(count)d task", "%(count)d tasks", tasks) % {"count": tasks},
        "measures": ngettext("%(count)d measure", "%(count)d measures", measures)
        % {"count": measures},
    }


def _with_items(
    sentence: str, values: dict[str, str], tasks: list[Task], measures: list[Measure]
) -> str:
    """The sentence with `%(items)s` filled in by what needs a new owner, named while the title
    stays within the task's limit, else counted."""
    room = TITLE_MAX - len(sentence % {**values, "items": ""})
    return sentence % {**values, "items": _items(tasks, measures, limit=room)}


def _coordinator_title(units: str, tasks: list[Task], measures: list[Measure]) -> str:
    if not (tasks or measures):
        return _("%(units)s is no longer covered by consent and has left the team.") % {
            "units": units
        }
    sentence = _(
        "%(units)s is no longer covered by consent and has left the team. Give a new owner to "
        "%(items)s."
    )
    return _with_items(sentence, {"units": units}, tasks, measures)


def _member_title(team: Team, unit: str, tasks: list[Task], measures: list[Measure]) -> str:
    values = {"team": team_reference(team), "unit": unit}
    if not (tasks or measures):
        return _("You have left %(team)s: %(unit)s is no longer covered by consent.") % values
    sentence = _(
        "You have left %(team)s: %(unit)s is no longer covered by consent. The coordinator "
        "gives a new owner to %(items)s."
    )
    return _with_items(sentence, values, tasks, measures)
