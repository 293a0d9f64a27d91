"""Jobs that give the coordinator a task when a consent ends or must be given again.

Both read the consents a chunk at a time (keyset pagination on the id), in a fixed number of
queries per chunk whatever its contents, and make each chunk's tasks in bulk
(`coordinator_tasks_once`): the work and the memory stay bounded with the number of consents in
the country (docs/performance.md)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import override

from consents.models import BasisKind, Consent
from consents.selectors import ConsentAuthority, consent_authority_by_rule
from teams.models import TeamStatus
from teams.services._shared import CoordinatorTask, coordinator_tasks_once

# A consent that ends within this many days gets a renewal task for the coordinator.
CONSENT_RENEWAL_NOTICE_DAYS = 14
# Consents read (and tasks made) at a time: bounds the job's memory and each transaction.
CHUNK_SIZE = 500


def _chunks(consents: QuerySet[Consent]) -> Iterator[list[Consent]]:
    """The consents, CHUNK_SIZE at a time in the order of their id, each with its team, child
    and the child's municipality. A chunk starts after the last id of the one before, so each
    query is an index range, however far into the table."""
    consents = consents.select_related("team__child__municipality").order_by("pk")
    after: uuid.UUID | None = None
    while True:
        page = consents if after is None else consents.filter(pk__gt=after)
        chunk = list(page[:CHUNK_SIZE])
        if not chunk:
            return
        yield chunk
        after = chunk[-1].pk


def consent_renewal_tasks_create(*, today: datetime.date) -> int:
    """A task for the coordinator of each open team whose consent ends within
    CONSENT_RENEWAL_NOTICE_DAYS: renew it, or access for the units it covers ends that day.

    Idempotent (the task's `source_key`); each chunk's tasks are created and audited in one
    transaction. Returns the number of tasks created."""
    ending = Consent.objects.filter(
        withdrawn_at__isnull=True,
        team__status=TeamStatus.OPEN,
        valid_until__gte=today,
        valid_until__lte=today + datetime.timedelta(days=CONSENT_RENEWAL_NOTICE_DAYS),
    )
    created = 0
    for chunk in _chunks(ending):
        tasks = []
        for consent in chunk:
            team, ends = consent.team, consent.valid_until
            if team is None or ends is None:
                continue
            with override(settings.LANGUAGE_CODE):
                title = _("Renew the consent “%(purpose)s” – it ends %(date)s") % {
                    "purpose": consent.purpose,
                    "date": ends.strftime("%d.%m.%Y"),
                }
            tasks.append(
                CoordinatorTask(
                    team=team,
                    key=f"consent-renewal:{consent.pk}",
                    title=title,
                    due_on=ends,
                    purpose="reminding the coordinator that a consent ends",
                    legal_basis=f"consent {consent.pk}",
                )
            )
        created += coordinator_tasks_once(tasks)
    return created


def _sectors_of(chunk: list[Consent]) -> dict[uuid.UUID, frozenset[str]]:
    """The sectors of the units each consent covers: one query for the chunk."""
    sectors: dict[uuid.UUID, set[str]] = {}
    rows = Consent.units.through.objects.filter(consent_id__in=[c.pk for c in chunk]).values_list(
        "consent_id", "unit__sector"
    )
    for consent_id, sector in rows:
        sectors.setdefault(consent_id, set()).add(sector)
    return {consent_id: frozenset(found) for consent_id, found in sectors.items()}


def consent_authority_tasks_create(*, today: datetime.date) -> int:
    """When a child passes an age limit, the people who must consent change (the rights
    engine): a 16-year-old decides on health information alone, an 18-year-old on everything.
    For every consent in force on an open team that the people who gave it can no longer give
    alone, the coordinator gets a task to ask the right people. Idempotent (`source_key`).

    Two queries per chunk of CHUNK_SIZE consents to decide (the consents with their team and
    child, the sectors of their units), and a fixed number more for a chunk that makes tasks."""
    in_force = Consent.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        kind=BasisKind.CONSENT,
        withdrawn_at__isnull=True,
        valid_from__lte=today,
        team__status=TeamStatus.OPEN,
    )
    # The rights engine's answer, once per age and set of sectors in a run (there are few).
    rules: dict[tuple[int, frozenset[str]], ConsentAuthority] = {}
    created = 0
    for chunk in _chunks(in_force):
        sectors = _sectors_of(chunk)
        tasks = []
        for consent in chunk:
            team = consent.team
            if team is None:
                continue
            child = team.child
            asked = (child.age_on(today), sectors.get(consent.pk, frozenset()))
            if asked not in rules:
                rules[asked] = consent_authority_by_rule(age=asked[0], sectors=asked[1])
            authority = rules[asked]
            if authority.satisfied_by(consent.given_by):
                continue
            with override(settings.LANGUAGE_CODE):
                title = _(
                    "%(name)s is now %(age)s: the consent “%(purpose)s” must be given again by "
                    "%(who)s"
                ) % {
                    "name": child.given_name,
                    "age": authority.age,
                    "purpose": consent.purpose,
                    "who": authority.given_by_label.lower(),
                }
            tasks.append(
                CoordinatorTask(
                    team=team,
                    key=f"consent-authority:{consent.pk}:{authority.given_by}",
                    title=title,
                    due_on=today + datetime.timedelta(days=14),
                    purpose="the child passed an age limit for consent",
                    legal_basis=f"consent {consent.pk}",
                )
            )
        created += coordinator_tasks_once(tasks)
    return created
