"""Writing the audit trail. `access_event_record` is the only function that writes it;
`access_log_anchor` signs its chain heads and sends them out of the database's reach."""

from __future__ import annotations

import logging
import smtplib
import threading
import uuid
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from audit.anchors import SignedAnchor, anchor_file_write, anchor_sign, key_id, signing_key
from audit.hashing import event_hash
from audit.models import (
    NATIONAL_CHAIN,
    AccessEvent,
    Action,
    Anchor,
    AnchorRecipient,
    AnchorRun,
    ChainHead,
)
from core.middleware import get_request_id
from tenancy import scope

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.contrib.auth.base_user import AbstractBaseUser

    from municipalities.models import Municipality


logger = logging.getLogger(__name__)


class AuditOutsideTransactionError(RuntimeError):
    pass


class RecordedChild(Protocol):
    """What an event about a child needs of the child (`children` sits above `audit`)."""

    @property
    def pk(self) -> uuid.UUID: ...

    @property
    def municipality(self) -> Municipality: ...


# Reads are written unsealed (no lock, see `access_events_seal`); every other action is sealed
# into its chain in the writer's own transaction.
UNSEALED_ACTIONS = frozenset({Action.READ})


def _chain_of(municipality: Municipality | None) -> str:
    return municipality.number if municipality is not None else NATIONAL_CHAIN


def _head_locked(chain: str) -> ChainHead:
    ChainHead.objects.get_or_create(chain=chain)
    return ChainHead.objects.select_for_update().get(chain=chain)


def access_event_record(
    *,
    actor: AbstractBaseUser | None,
    action: Action,
    object_type: str = "",
    object_id: str | int | uuid.UUID = "",
    child_id: uuid.UUID | None = None,
    municipality: Municipality | None = None,
    purpose: str = "",
    legal_basis: str = "",
    detail: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AccessEvent:
    """Record one access event on its municipality's chain. The event keeps the `actor`'s id
    and user name (any user model: audit stands below people and knows none of it).

    Must run inside the caller's transaction (`transaction.atomic`), so that the event is written
    if and only if the access it records is. A read is inserted unsealed, without taking any
    lock, and the sealer (`access_events_seal`) chains it within seconds; so reads in one
    municipality never wait for each other. Any other action is sealed at once: it locks the
    chain head until the transaction ends, so such writes to one chain are serialised.
    """
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransactionError(
            "access_event_record must be called inside the caller's transaction."
        )
    chain = _chain_of(municipality)
    event = AccessEvent(
        chain=chain,
        occurred_at=timezone.now(),
        actor_id=actor.pk if actor is not None else None,
        actor_label=actor_label
        if actor_label is not None
        else (actor.get_username() if actor else ""),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        child_id=child_id,
        municipality=municipality,
        purpose=purpose,
        legal_basis=legal_basis,
        request_id=get_request_id(),
        detail=detail or {},
    )
    if action in UNSEALED_ACTIONS:
        with scope.lifted_for_write(municipality.number if municipality is not None else None):
            event.save(force_insert=True)
        return event
    head = _head_locked(chain)
    event.sequence, event.previous_hash = head.sequence + 1, head.hash
    event.hash = event_hash(event)
    with scope.lifted_for_write(municipality.number if municipality is not None else None):
        event.save(force_insert=True)

    head.sequence = event.sequence
    head.hash = event.hash
    head.save(update_fields=["sequence", "hash"])
    return event


def child_event_record(
    *,
    actor: AbstractBaseUser | None,
    action: Action,
    object_type: str,
    object_id: str | int | uuid.UUID,
    child: RecordedChild,
    purpose: str,
    legal_basis: str = "",
    detail: dict[str, Any] | None = None,
    actor_label: str | None = None,
    team_id: uuid.UUID | None = None,
) -> AccessEvent:
    """An access event about one child's record, on the chain of the child's municipality.
    Without a staff `actor` (the portal, a job), `actor_label` says who it was. `team_id`,
    for a part of a team, goes into the detail as "team", so that the change feed shows it
    only to that team's members (a child may have had more than one team)."""
    if team_id is not None:
        detail = {**(detail or {}), "team": str(team_id)}
    return access_event_record(
        actor=actor,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        child_id=child.pk,
        municipality=child.municipality,
        purpose=purpose,
        legal_basis=legal_basis,
        detail=detail,
    )


@dataclass(frozen=True)
class EventSpec:
    """One event for `access_events_record_many`."""

    action: Action
    object_type: str
    object_id: str | int | uuid.UUID
    municipality: Municipality | None
    child_id: uuid.UUID | None = None
    purpose: str = ""
    legal_basis: str = ""
    detail: dict[str, Any] | None = None


def access_events_record_many(
    *, actor: AbstractBaseUser | None, events: Iterable[EventSpec]
) -> int:
    """Record many events (a list page that shows several children) in a fixed number of
    queries per chain: reads are inserted unsealed together, without a lock; each chain with
    other events has its head locked once and those are sealed together.

    Same contract as `access_event_record`: inside the caller's transaction, chains never fork.
    """
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransactionError(
            "access_events_record_many must be called inside the caller's transaction."
        )
    by_chain: dict[str, list[EventSpec]] = {}
    for spec in events:
        by_chain.setdefault(_chain_of(spec.municipality), []).append(spec)
    label = actor.get_username() if actor else ""
    request_id = get_request_id()
    written = 0
    # Chains are locked in a fixed order, so two writers never wait for each other in a cycle.
    for chain in sorted(by_chain):
        now = timezone.now()
        rows = [
            AccessEvent(
                chain=chain,
                occurred_at=now,
                actor_id=actor.pk if actor is not None else None,
                actor_label=label,
                action=spec.action,
                object_type=spec.object_type,
                object_id=str(spec.object_id),
                child_id=spec.child_id,
                municipality=spec.municipality,
                purpose=spec.purpose,
                legal_basis=spec.legal_basis,
                request_id=request_id,
                detail=spec.detail or {},
            )
            for spec in by_chain[chain]
        ]
        sealed_now = [row for row in rows if row.action not in UNSEALED_ACTIONS]
        if sealed_now:
            head = _head_locked(chain)
            sequence, previous = head.sequence, head.hash
            for row in sealed_now:
                sequence += 1
                row.sequence, row.previous_hash = sequence, previous
                row.hash = event_hash(row)
                previous = row.hash
            head.sequence, head.hash = sequence, previous
        with scope.lifted_for_write(None if chain == NATIONAL_CHAIN else chain):
            AccessEvent.objects.bulk_create(rows)
        if sealed_now:
            head.save(update_fields=["sequence", "hash"])
        written += len(rows)
    return written


# --- sealing unsealed events into their chains -------------------------------------------------

SEAL_BATCH = 2000
# The advisory lock's first key: "one sealer per chain" (the second key is the chain's hash).
_SEALER_LOCK_CLASS = 0x5EA1
# SQLite has no advisory locks (nor row locks): sealers in one process take turns here, and
# SQLite lets one writer at a time into the file anyway.
_local_sealer_lock = threading.Lock()


def _sealer_lock_try(chain: str) -> bool:
    """Within the transaction: whether this is the only sealer of `chain` now (PostgreSQL:
    a transaction-level advisory lock, let go at commit). Elsewhere always true."""
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(%s, hashtext(%s))", [_SEALER_LOCK_CLASS, chain]
        )
        (taken,) = cursor.fetchone()
    return bool(taken)


def _chain_seal_batch(chain: str) -> int | None:
    """Seal up to SEAL_BATCH of `chain`'s oldest unsealed events in one short transaction: in id
    order, each numbered after the head and linked to the one before, then the head moved to the
    last. None when another sealer has the chain."""
    with transaction.atomic():
        if not _sealer_lock_try(chain):
            return None
        with scope.lifted_for_write(None if chain == NATIONAL_CHAIN else chain):
            # The head's row lock makes a writer that seals at once (and any sealer without
            # the advisory lock) wait; the unsealed events are read after it, so they are the
            # ones committed by then and nobody seals them meanwhile.
            head = _head_locked(chain)
            events = list(
                AccessEvent.objects.filter(chain=chain, sequence__isnull=True).order_by("id")[
                    :SEAL_BATCH
                ]
            )
            if not events:
                return 0
            sequence, previous = head.sequence, head.hash
            for event in events:
                sequence += 1
                event.sequence, event.previous_hash = sequence, previous
                event.hash = event_hash(event)
                previous = event.hash
            AccessEvent.objects.bulk_update(
                events, ["sequence", "previous_hash", "hash"], batch_size=500
            )
            head.sequence, head.hash = sequence, previous
            head.save(update_fields=["sequence", "hash"])
    return len(events)


def access_events_seal(*, chains: Iterable[str] | None = None) -> int:
    """Seal every committed unsealed event (of `chains`, else of every chain that has any) into
    its chain, and return how many. Each chain is sealed by one sealer at a time, in batches of
    short transactions; a chain another sealer holds is skipped (that one seals it). Running it
    twice, or in several processes at once, is harmless: an event is sealed exactly once.

    Run every second or so by `manage.py audit_seal --every 1` (docs/operations.md)."""
    if chains is None:
        chains = (
            AccessEvent.objects.filter(sequence__isnull=True)
            .order_by("chain")
            .values_list("chain", flat=True)
            .distinct()
        )
    wanted = sorted(set(chains))
    sealed = 0
    on_postgresql = transaction.get_connection().vendor == "postgresql"
    with nullcontext() if on_postgresql else _local_sealer_lock:
        for chain in wanted:
            while True:
                count = _chain_seal_batch(chain)
                if not count:
                    break
                sealed += count
                if count < SEAL_BATCH:
                    break
    return sealed


# --- a case that moves to another municipality ---------------------------------------------------

MOVE_OBJECT_TYPE = "case move"


@dataclass(frozen=True)
class MoveEvents:
    """The pair of events a move writes: the last of the case in the old chain and the first in
    the new one, each naming the other by chain, number (and the old one's hash)."""

    moved_out: AccessEvent
    moved_in: AccessEvent


def _chain_append(head: ChainHead, event: AccessEvent, municipality: Municipality) -> AccessEvent:
    event.chain, event.sequence, event.previous_hash = head.chain, head.sequence + 1, head.hash
    event.hash = event_hash(event)
    with scope.lifted_for_write(municipality.number):
        event.save(force_insert=True)
    head.sequence, head.hash = event.sequence, event.hash
    head.save(update_fields=["sequence", "hash"])
    return event


def access_events_record_move(
    *,
    actor: AbstractBaseUser,
    child_id: uuid.UUID,
    from_municipality: Municipality,
    to_municipality: Municipality,
    object_id: str | int | uuid.UUID,
    legal_basis: str,
    detail: dict[str, Any] | None = None,
) -> MoveEvents:
    """Record that a child's case moved: "moved out" on the old municipality's chain and
    "moved in" on the new one's, referencing each other, so that each chain verifies on its own
    and `access_events_verify` can check that every move has both halves.

    Same contract as `access_event_record` (inside the caller's transaction). Both chain heads
    are locked first, in a fixed order, so the number the new event will get is known before
    the old event is written, and two moves in opposite directions never wait in a cycle."""
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransactionError(
            "access_events_record_move must be called inside the caller's transaction."
        )
    old, new = from_municipality.number, to_municipality.number
    if old == new:
        raise ValueError("A move needs two different municipalities.")
    heads: dict[str, ChainHead] = {}
    for chain in sorted((old, new)):
        heads[chain] = _head_locked(chain)
    now = timezone.now()

    def event(action: Action, municipality: Municipality, link: dict[str, Any]) -> AccessEvent:
        return AccessEvent(
            occurred_at=now,
            actor_id=actor.pk,
            actor_label=actor.get_username(),
            action=action,
            object_type=MOVE_OBJECT_TYPE,
            object_id=str(object_id),
            child_id=child_id,
            municipality=municipality,
            purpose="moving the case to the new home municipality",
            legal_basis=legal_basis,
            request_id=get_request_id(),
            detail={**(detail or {}), **link},
        )

    moved_out = _chain_append(
        heads[old],
        event(
            Action.MOVED_OUT,
            from_municipality,
            {"to_chain": new, "to_sequence": heads[new].sequence + 1},
        ),
        from_municipality,
    )
    moved_in = _chain_append(
        heads[new],
        event(
            Action.MOVED_IN,
            to_municipality,
            {
                "from_chain": old,
                "from_sequence": moved_out.sequence,
                "from_hash": moved_out.hash,
            },
        ),
        to_municipality,
    )
    return MoveEvents(moved_out=moved_out, moved_in=moved_in)


# --- reading the access log --------------------------------------------------------------------

ACCESS_LOG_OBJECT_TYPE = "audit log"
ACCESS_LOG_READ_PURPOSE = "reading the access log"


def access_log_read_record(
    *,
    actor: AbstractBaseUser,
    municipalities: Sequence[Municipality | None],
    filters: dict[str, Any],
    event: AccessEvent | None = None,
) -> None:
    """Record that `actor` read the access log: the list (with the `filters` used) of each of
    `municipalities` (None: the national chain, or every chain for an operator), or one `event`
    of it. Reading the log is itself logged, on the chain of what was read, in the caller's
    transaction. An event about a child is recorded for that child too, so it shows in the
    child's own access log."""
    detail: dict[str, Any] = {"filters": filters}
    for place in municipalities:
        access_event_record(
            actor=actor,
            action=Action.READ,
            object_type=ACCESS_LOG_OBJECT_TYPE,
            object_id=event.pk if event is not None else "",
            child_id=event.child_id if event is not None else None,
            municipality=place,
            purpose=ACCESS_LOG_READ_PURPOSE,
            detail=detail,
        )


# --- anchoring the access log ------------------------------------------------------------------

ANCHOR_JOB_LABEL = "anchor job"


@dataclass(frozen=True)
class AnchorResult:
    file: str
    chains: int
    emails: int
    email_failures: int


def _anchor_email(*, anchor: SignedAnchor, recipient: AnchorRecipient) -> EmailMessage:
    line = anchor.to_line()
    with override(settings.LANGUAGE_CODE):
        body = _(
            "This is the signed newest entry of %(municipality)s's access log in Laget: event "
            "number %(sequence)s, with hash %(hash)s, at %(time)s (UTC).\n\n"
            "Keep this e-mail. If anyone later removes entries from the access log, checking it "
            "against this anchor reveals it (manage.py audit_verify --anchors, with the attached "
            "file). The anchor is signed with the key %(key_id)s.\n\n%(line)s\n"
        ) % {
            "municipality": recipient.municipality.name,
            "sequence": anchor.sequence,
            "hash": anchor.hash,
            "time": anchor.anchored_at,
            "key_id": anchor.key_id,
            "line": line,
        }
        subject = _("Laget: access log anchor for %(municipality)s, %(date)s") % {
            "municipality": recipient.municipality.name,
            "date": anchor.anchored_at[:10],
        }
    message = EmailMessage(subject=subject, body=body, to=[recipient.email])
    filename = f"anchor-{anchor.chain}-{anchor.anchored_at[:10]}.jsonl"
    message.attach(filename, f"{line}\n", "application/jsonl")
    return message


def access_log_anchor() -> AnchorResult:
    """Sign the head of every chain, write the anchors to a new read-only file in
    AUDIT_ANCHOR_DIR, e-mail each municipality that has a recipient its own anchor, then record
    the run and audit it in one transaction.

    The file and the e-mails leave first (they are the point; an anchor of committed events is
    true whatever happens next); the database records only what did leave. Running twice is
    harmless: each run writes a new file, and a municipality is e-mailed only when its chain
    head moved since the last anchor sent to that address.
    """
    key = signing_key()
    directory = settings.AUDIT_ANCHOR_DIR
    if not directory:
        raise ImproperlyConfigured(
            "AUDIT_ANCHOR_DIR is not set: the access log anchors need an append-only directory."
        )
    # Anchors sign sealed heads only: seal what is waiting first, so the anchor is as fresh as
    # it can be (the sealer runs meanwhile anyway).
    access_events_seal()
    anchored_at = timezone.now()
    # Heads are read without locking: each is committed together with its event, so every
    # anchor names an event that exists. Appends go on meanwhile.
    heads = list(ChainHead.objects.filter(sequence__gt=0).order_by("chain"))
    anchors = [
        anchor_sign(
            key=key,
            chain=head.chain,
            sequence=head.sequence,
            hash=head.hash,
            anchored_at=anchored_at,
        )
        for head in heads
    ]
    path = anchor_file_write(
        directory=Path(directory),
        anchored_at=anchored_at,
        lines=[anchor.to_line() for anchor in anchors],
    )

    recipients = {
        recipient.municipality.number: recipient
        for recipient in AnchorRecipient.objects.select_related("municipality")
    }
    last_sent_ids = (
        Anchor.objects.exclude(emailed_to="").values("chain", "emailed_to").annotate(last=Max("id"))
    )
    last_sent = {
        (anchor.chain, anchor.emailed_to): (anchor.sequence, anchor.hash)
        for anchor in Anchor.objects.filter(pk__in=[row["last"] for row in last_sent_ids])
    }
    emailed: dict[str, str] = {}
    failed: list[str] = []
    for anchor in anchors:
        recipient = recipients.get(anchor.chain)
        if recipient is None:
            continue
        if last_sent.get((anchor.chain, recipient.email)) == (anchor.sequence, anchor.hash):
            continue
        try:
            _anchor_email(anchor=anchor, recipient=recipient).send()
        except (OSError, smtplib.SMTPException):
            # One mailbox that cannot be reached must not stop the others; the next run tries
            # it again, because nothing was recorded as sent to it.
            logger.exception(
                "The access log anchor for chain %s could not be e-mailed.", anchor.chain
            )
            failed.append(anchor.chain)
            continue
        emailed[anchor.chain] = recipient.email

    with transaction.atomic():
        run = AnchorRun.objects.create(
            anchored_at=anchored_at, file_path=str(path), key_id=key_id(key.public_key())
        )
        Anchor.objects.bulk_create(
            Anchor(
                run=run,
                chain=anchor.chain,
                sequence=anchor.sequence,
                hash=anchor.hash,
                signature=anchor.signature,
                emailed_to=emailed.get(anchor.chain, ""),
            )
            for anchor in anchors
        )
        access_event_record(
            actor=None,
            actor_label=ANCHOR_JOB_LABEL,
            action=Action.EXPORT,
            object_type="audit.anchorrun",
            object_id=run.pk,
            purpose="anchoring the access log",
            detail={
                "file": str(path),
                "key_id": run.key_id,
                "chains": len(anchors),
                "emailed": sorted(emailed),
                "email_failed": failed,
            },
        )
    return AnchorResult(
        file=str(path), chains=len(anchors), emails=len(emailed), email_failures=len(failed)
    )
