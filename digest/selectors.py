"""What a digest holds, built for many subscriptions at once: the new public materials, the
grant deadlines in the next 60 days and the changes in the law are each read once per run, and
every subscription's digest is picked from them in memory (docs/digest.md)."""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from digest.models import DigestSend, Subscription
from grants.models import SchemeDeadline
from grants.selectors import DUE_SOON_DAYS, municipality_matches, schemes_with_deadlines_within
from knowledge.models import Material
from knowledge.selectors import materials_new_public
from municipalities.models import Municipality
from rights.selectors import ChangeView, law_changes

# A digest covers at most this far back (a new subscription's first one: the week before).
FIRST_DIGEST_DAYS = 7


@dataclass(frozen=True)
class ChangeItem:
    view: ChangeView
    key: str  # the change's id and its state: what a later digest compares with

    @property
    def state(self) -> str:
        return self.key.rsplit(":", 1)[1]


@dataclass
class Digest:
    subscription: Subscription | None
    since: datetime.datetime
    materials: list[Material] = field(default_factory=list)
    deadlines: list[SchemeDeadline] = field(default_factory=list)
    changes: list[ChangeItem] = field(default_factory=list)
    # Deadlines and changes this digest reports that no earlier one did.
    news: int = 0

    @property
    def empty(self) -> bool:
        """Nothing new since the last digest: then none is sent."""
        return not self.materials and self.news == 0

    @property
    def reported(self) -> list[str]:
        return [f"deadline:{d.pk}" for d in self.deadlines] + [c.key for c in self.changes]


def _change_key(view: ChangeView) -> str:
    state = "in_force" if view.in_force else str(view.change.status)
    return f"change:{view.change.id}:{state}"


@dataclass
class DigestSources:
    """What a run reads: materials published since the earliest `since`, the deadlines of the
    next 60 days, the changes in the law and the schemes that fit each municipality, once for
    the whole run; and what each subscription of one batch was sent before."""

    now: datetime.datetime
    materials: list[Material]
    deadlines: list[SchemeDeadline]
    changes: list[ChangeView]
    reported: dict[object, set[str]]
    last_sent: dict[object, datetime.datetime]
    fitting: dict[str, set[str]] = field(default_factory=dict)  # municipality → scheme keys
    # The materials hold everything published after this (None: not read yet).
    materials_since: datetime.datetime | None = None


def _since(subscription: Subscription, sources: DigestSources) -> datetime.datetime:
    last = sources.last_sent.get(subscription.pk)
    if last is not None:
        return last
    return max(
        subscription.confirmed_at - datetime.timedelta(days=FIRST_DIGEST_DAYS),
        sources.now - datetime.timedelta(days=FIRST_DIGEST_DAYS),
    )


def digest_sources(
    *,
    subscriptions: Sequence[Subscription],
    now: datetime.datetime | None = None,
    previous: DigestSources | None = None,
) -> DigestSources:
    """Everything the digests of `subscriptions` need, in a fixed number of queries (one more
    set per municipality named in a subscription, for the schemes that fit it).

    A run passes the sources of its batch before as `previous`: the deadlines, the changes in
    the law and the schemes that fit each municipality are taken from it, and so are the
    materials when they reach back far enough for this batch; only what this batch's
    subscriptions were sent before is read again."""
    now = previous.now if previous is not None else (now or timezone.now())
    last_sent: dict[object, datetime.datetime] = {}
    reported: dict[object, set[str]] = defaultdict(set)
    sends = DigestSend.objects.filter(subscription__in=[s.pk for s in subscriptions]).values_list(
        "subscription_id", "sent_at", "changes"
    )
    for subscription_id, sent_at, keys in sends:
        reported[subscription_id].update(keys)
        if subscription_id not in last_sent or sent_at > last_sent[subscription_id]:
            last_sent[subscription_id] = sent_at
    if previous is not None:
        sources = DigestSources(
            now=now,
            materials=previous.materials,
            deadlines=previous.deadlines,
            changes=previous.changes,
            reported=reported,
            last_sent=last_sent,
            fitting=previous.fitting,
            materials_since=previous.materials_since,
        )
    else:
        today = timezone.localdate(now)
        sources = DigestSources(
            now=now,
            materials=[],
            deadlines=schemes_with_deadlines_within(days=DUE_SOON_DAYS, today=today),
            changes=law_changes(on=today),
            reported=reported,
            last_sent=last_sent,
        )
    if subscriptions:
        earliest = min(_since(subscription, sources) for subscription in subscriptions)
        if sources.materials_since is None or earliest < sources.materials_since:
            sources.materials = [
                material
                for material in materials_new_public(since=earliest)
                if material.published_at is not None and material.published_at <= now
            ]
            sources.materials_since = earliest
    municipalities = {s.municipality for s in subscriptions if s.municipality is not None}
    for municipality in municipalities:
        if municipality.pk not in sources.fitting:
            sources.fitting[municipality.pk] = _fitting(municipality)
    return sources


def _fitting(municipality: Municipality) -> set[str]:
    return {match.scheme.key for match in municipality_matches(municipality=municipality)}


def _codes(material: Material) -> set[str]:
    return {term.code for term in material.terms.all()}


def _overlaps(wanted: Iterable[str], present: set[str]) -> bool:
    wanted = list(wanted)
    return not wanted or bool(set(wanted) & present)


def _material_fits(subscription: Subscription, material: Material) -> bool:
    codes = _codes(material)
    audiences = {row.audience for row in material.audiences.all()}
    return (
        _overlaps(subscription.needs, codes)
        and _overlaps((f"sector:{s}" for s in subscription.sectors), codes)
        and _overlaps(subscription.audiences, audiences)
    )


def _deadline_fits(
    subscription: Subscription, deadline: SchemeDeadline, sources: DigestSources
) -> bool:
    scheme = deadline.scheme
    if subscription.municipality_id is not None and scheme.key not in sources.fitting.get(
        subscription.municipality_id, set()
    ):
        return False
    return _overlaps(subscription.needs, set(scheme.needs)) and _overlaps(
        subscription.sectors, set(scheme.sectors)
    )


def _change_fits(view: ChangeView, since: datetime.date, reported: set[str]) -> bool:
    """A change is news when it entered into force since the last digest, or when it is
    adopted or proposed and no earlier digest reported it so."""
    key = _change_key(view)
    if key in reported:
        return False
    if view.in_force:
        return view.in_force_from is not None and view.in_force_from > since
    return True


def digest_for(subscription: Subscription | None, sources: DigestSources) -> Digest:
    """One subscription's digest picked from the run's sources (no query). Without a
    subscription (the editors' preview): everything of the last week, no filters."""
    if subscription is None:
        since = sources.now - datetime.timedelta(days=FIRST_DIGEST_DAYS)
        reported: set[str] = set()
    else:
        since = _since(subscription, sources)
        reported = sources.reported.get(subscription.pk, set())
    digest = Digest(subscription=subscription, since=since)
    digest.materials = [
        material
        for material in sources.materials
        if material.published_at is not None
        and material.published_at > since
        and (subscription is None or _material_fits(subscription, material))
    ]
    digest.deadlines = [
        deadline
        for deadline in sources.deadlines
        if subscription is None or _deadline_fits(subscription, deadline, sources)
    ]
    since_day = timezone.localdate(since)
    digest.changes = [
        ChangeItem(view=view, key=_change_key(view))
        for view in sources.changes
        if _change_fits(view, since_day, reported)
    ]
    digest.news = len(set(digest.reported) - reported)
    return digest


def digest_preview(*, subscription: Subscription | None) -> Digest:
    """The digest as it would be sent now (for the preview pages)."""
    subscriptions = [subscription] if subscription is not None else []
    sources = digest_sources(subscriptions=subscriptions)
    if subscription is None:
        sources.materials = list(
            materials_new_public(since=sources.now - datetime.timedelta(days=FIRST_DIGEST_DAYS))
        )
    return digest_for(subscription, sources)


BATCH_SIZE = 500


def subscriptions_due(
    *, week: datetime.date, after: uuid.UUID | None = None, limit: int = BATCH_SIZE
) -> list[Subscription]:
    """The next `limit` subscriptions not yet sent a digest for `week`, in id order after
    `after` (keyset pagination, so a run holds one batch in memory), in one query."""
    due = Subscription.objects.exclude(sends__week=week).select_related("municipality")
    if after is not None:
        due = due.filter(pk__gt=after)
    return list(due.order_by("pk")[:limit])
