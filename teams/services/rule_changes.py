"""When a change in the law enters into force, the coordinator of each open team whose child it
affects gets a task, once.

A change affects a child when the rights engine answers differently for the child's age the day
before and the day the change enters into force, in an area one of the team's services belongs to
(`rights.selectors.domain_of_sector`). Only the open teams whose child was born in the range that
makes them an affected age on the change's date are read (in SQL, on the birth date), not every
open team in the country. They are read a chunk at a time (keyset pagination on the id), in a
fixed number of queries per chunk whatever its contents, and each chunk's tasks are made in bulk
(`coordinator_tasks_once`), so the job stays bounded (docs/performance.md)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import override

from rights.selectors import change_dates, domain_of_sector
from rights.table import TABLE, ChangeDates, Domain, LawChange, Rule, born_by
from teams.models import MemberStatus, Team, TeamMember, TeamStatus
from teams.services._shared import CoordinatorTask, coordinator_tasks_once

# A change that entered into force up to this many days ago still gives tasks: a run missed
# for a few days catches up, and the task's key keeps it to one per team and change.
RULE_CHANGE_CATCH_UP_DAYS = 7
# The oldest age the engine is asked about for a change (the table's rules end open-ended).
OLDEST_AGE = 30
# Teams read (and tasks made) at a time.
CHUNK_SIZE = 500


@dataclass(frozen=True)
class ChangeInForce:
    change: LawChange
    in_force_from: datetime.date
    # The ages whose answer changes, by area.
    ages: dict[Domain, frozenset[int]]

    def born_in_range(self) -> Q:
        """The teams whose child is, on the day the change enters into force, between the
        youngest and the oldest age it changes (in any area)."""
        every = set().union(*self.ages.values())
        return Q(
            child__birth_date__gt=born_by(max(every) + 1, self.in_force_from),
            child__birth_date__lte=born_by(min(every), self.in_force_from),
        )


def _answer(rule: Rule | None) -> tuple[object, ...] | None:
    if rule is None:
        return None
    return (rule.decides, rule.asked, rule.informed, rule.weight)


def _changed_ages(
    key: str, when: datetime.date, dates: ChangeDates
) -> dict[Domain, frozenset[int]]:
    """The ages, by area, whose answer differs the day before `when` and on it."""
    before = when - datetime.timedelta(days=1)
    ages: dict[Domain, set[int]] = {}
    for rule in TABLE.rules:
        if key not in (rule.change, rule.ends_with_change):
            continue
        last = OLDEST_AGE if rule.age_until is None else rule.age_until - 1
        for action in rule.actions:
            for age in range(rule.age_from, last + 1):
                old = TABLE.find(rule.domain, action, age, on=before, dates=dates)
                new = TABLE.find(rule.domain, action, age, on=when, dates=dates)
                if _answer(old) != _answer(new):
                    ages.setdefault(rule.domain, set()).add(age)
    return {domain: frozenset(found) for domain, found in ages.items()}


def changes_entered(*, today: datetime.date, dates: ChangeDates) -> list[ChangeInForce]:
    """The changes that entered into force in the last RULE_CHANGE_CATCH_UP_DAYS days and change
    an answer."""
    earliest = today - datetime.timedelta(days=RULE_CHANGE_CATCH_UP_DAYS)
    found = []
    for key, change in TABLE.changes.items():
        when = dates.get(key)
        if when is None or not earliest <= when <= today:
            continue
        ages = _changed_ages(key, when, dates)
        if ages:
            found.append(ChangeInForce(change=change, in_force_from=when, ages=ages))
    return found


def _teams(entered: list[ChangeInForce]) -> Iterator[list[Team]]:
    """The open teams whose child one of the changes may affect by age, a chunk at a time."""
    born = Q()
    for item in entered:
        born |= item.born_in_range()
    teams = (
        Team.objects.filter(born, status=TeamStatus.OPEN)
        .select_related("child__municipality")
        .order_by("pk")
    )
    after: uuid.UUID | None = None
    while True:
        page = teams if after is None else teams.filter(pk__gt=after)
        chunk = list(page[:CHUNK_SIZE])
        if not chunk:
            return
        yield chunk
        after = chunk[-1].pk


def _domains_of(chunk: list[Team]) -> dict[uuid.UUID, frozenset[Domain]]:
    """The areas of the services on each team (its active members' units): one query."""
    rows = TeamMember.objects.filter(
        team_id__in=[team.pk for team in chunk], status=MemberStatus.ACTIVE, unit__isnull=False
    ).values_list("team_id", "unit__sector")
    domains: dict[uuid.UUID, set[Domain]] = {}
    for team_id, sector in rows:
        domains.setdefault(team_id, set()).add(domain_of_sector(sector))
    return {team_id: frozenset(found) for team_id, found in domains.items()}


def rule_change_tasks_create(*, today: datetime.date) -> int:
    """A task for the coordinator of each open team whose child a change in the law that
    entered into force affects (by the child's age on the change's date and the team's areas).
    Idempotent (the task's `source_key`). Returns the number of tasks created."""
    entered = changes_entered(today=today, dates=change_dates())
    if not entered:
        return 0
    created = 0
    for chunk in _teams(entered):
        domains = _domains_of(chunk)
        tasks = []
        for team in chunk:
            child = team.child
            for item in entered:
                if child.birth_date > item.in_force_from:
                    continue
                age = child.age_on(item.in_force_from)
                if not any(
                    age in item.ages.get(domain, frozenset())
                    for domain in domains.get(team.pk, frozenset())
                ):
                    continue
                with override(settings.LANGUAGE_CODE):
                    title = _(
                        "%(name)s: a change in the law applies from %(date)s – %(change)s. "
                        "Check what it means for the team's work."
                    ) % {
                        "name": child.given_name,
                        "date": item.in_force_from.strftime("%d.%m.%Y"),
                        "change": item.change.title,
                    }
                tasks.append(
                    CoordinatorTask(
                        team=team,
                        key=f"rule-change:{item.change.id}:{team.pk}",
                        title=title,
                        due_on=today + datetime.timedelta(days=14),
                        purpose="a change in the law that affects the child entered into force",
                        legal_basis=f"rights table change {item.change.id}",
                    )
                )
        created += coordinator_tasks_once(tasks)
    return created
