"""Reading the audit trail, and verifying that nobody has changed or removed any of it."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from pathlib import Path
from typing import cast

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from audit.anchors import (
    ANCHOR_FORMAT,
    AnchorFormatError,
    SignedAnchor,
    anchor_files,
    anchor_lines,
    anchor_parse,
    anchor_signature_problem,
)
from audit.hashing import event_hash
from audit.models import GENESIS_HASH, AccessEvent, Action, Anchor, ChainHead


def access_events_for_child(*, child_id: uuid.UUID) -> QuerySet[AccessEvent]:
    """Every recorded access to one child's record, newest first: "who has seen this child"."""
    return AccessEvent.objects.filter(child_id=child_id).select_related("actor").order_by("-id")


@dataclass(frozen=True)
class ChainProblem:
    chain: str
    event_id: int | None
    sequence: int | None
    reason: str
    # Not tampering: events still waiting to be sealed long after they should have been.
    sealer_stopped: bool = False

    def __str__(self) -> str:
        where = f"event id {self.event_id} (chain {self.chain}, #{self.sequence})"
        if self.event_id is None:
            where = f"chain {self.chain}"
        return f"{where}: {self.reason}"


@dataclass
class ChainVerification:
    events_checked: int = 0
    heads: dict[str, tuple[int, str]] = field(default_factory=dict)
    # Events recorded but not sealed yet, by chain (checked for their age only).
    unsealed: dict[str, int] = field(default_factory=dict)
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def access_events_verify(
    *,
    unsealed_max_age: timedelta | None = None,
    since_key: Ed25519PublicKey | None = None,
) -> ChainVerification:
    """Walk every chain from its first sealed event and report each row that breaks it.

    A changed row no longer matches its own hash; a removed row leaves a gap in the numbering
    and a broken link in the next row; removed newest rows no longer reach the chain head.
    Unsealed events (reads the sealer has not chained yet) are no part of the chain: they are
    only the tail waiting after its head, so each must be younger than `unsealed_max_age`
    (AUDIT_UNSEALED_MAX_AGE seconds): an older one means the sealer has stopped.

    With `since_key`, each chain is walked from its newest anchor in the database that `since_key`
    signed (the daily anchor job's), instead of from its first event: the anchored event must
    still hash to the anchored hash, and everything after it is checked as above. The time then
    depends on the events since the last anchor, not on the size of the log; the rows before
    the anchor are left to the full walk (run it too, less often: docs/performance.md).
    """
    if unsealed_max_age is None:
        unsealed_max_age = timedelta(seconds=settings.AUDIT_UNSEALED_MAX_AGE)
    result = ChainVerification()
    heads = {head.chain: head for head in ChainHead.objects.all()}
    if since_key is None:
        chains = set(heads) | set(
            AccessEvent.objects.filter(sequence__isnull=False)
            .order_by("chain")
            .values_list("chain", flat=True)
            .distinct()
        )
        starts: dict[str, tuple[int, str]] = {}
    else:
        # Every chain with an event has a head (audit.services); a head that was removed with
        # its chain's events is reported by the full walk.
        chains = set(heads)
        starts = _anchored_starts(since_key, result)
    for chain in sorted(chains):
        expected_sequence, expected_previous = 1, GENESIS_HASH
        events = AccessEvent.objects.filter(chain=chain, sequence__isnull=False).order_by(
            "sequence"
        )
        if chain in starts:
            anchored_sequence, anchored_hash = starts[chain]
            anchored = events.filter(sequence=anchored_sequence).first()
            if anchored is None or event_hash(anchored) != anchored_hash:
                result.problems.append(
                    ChainProblem(
                        chain,
                        anchored.id if anchored else None,
                        anchored_sequence,
                        "the anchored event was removed or changed since it was anchored",
                    )
                )
            expected_sequence, expected_previous = anchored_sequence + 1, anchored_hash
            events = events.filter(sequence__gt=anchored_sequence)
        for event in events.iterator(chunk_size=2000):
            result.events_checked += 1
            sequence = cast(int, event.sequence)  # sealed events only (the query)
            if sequence != expected_sequence:
                result.problems.append(
                    ChainProblem(
                        chain,
                        event.id,
                        event.sequence,
                        f"events #{expected_sequence}–#{sequence - 1} before it are missing",
                    )
                )
            if event.previous_hash != expected_previous:
                result.problems.append(
                    ChainProblem(
                        chain,
                        event.id,
                        event.sequence,
                        "its link to the previous event is broken "
                        "(that event was changed or removed)",
                    )
                )
            if event_hash(event) != event.hash:
                result.problems.append(
                    ChainProblem(
                        chain,
                        event.id,
                        event.sequence,
                        "its content does not match its hash (the row was changed)",
                    )
                )
            expected_sequence, expected_previous = sequence + 1, event.hash
        head = heads.get(chain)
        last_sequence = expected_sequence - 1
        if head is None:
            result.problems.append(ChainProblem(chain, None, None, "the chain head is missing"))
        elif head.sequence != last_sequence or head.hash != expected_previous:
            result.problems.append(
                ChainProblem(
                    chain,
                    None,
                    None,
                    f"the chain ends at #{last_sequence} but its head says #{head.sequence} "
                    "(the newest events were removed or changed)",
                )
            )
        else:
            result.heads[chain] = (head.sequence, head.hash)
    result.problems.extend(_unsealed_problems(result, unsealed_max_age))
    result.problems.extend(_move_problems(starts if since_key is not None else None))
    return result


def _unsealed_problems(result: ChainVerification, max_age: timedelta) -> list[ChainProblem]:
    """The unsealed tail of each chain: how long, and whether any of it waited too long. An
    unsealed row with a hash or a link was half-sealed by hand (the sealer fills all three)."""
    problems = []
    tails = (
        AccessEvent.objects.filter(sequence__isnull=True)
        .values("chain")
        .annotate(count=Count("id"), oldest=Min("occurred_at"), first=Min("id"))
        .order_by("chain")
    )
    limit = timezone.now() - max_age
    for tail in tails:
        chain = tail["chain"]
        result.unsealed[chain] = tail["count"]
        if tail["oldest"] < limit:
            stale = AccessEvent.objects.filter(
                chain=chain, sequence__isnull=True, occurred_at__lt=limit
            )
            problems.append(
                ChainProblem(
                    chain,
                    stale.order_by("id").values_list("id", flat=True).first(),
                    None,
                    f"{stale.count()} event(s) recorded before {limit:%Y-%m-%d %H:%M:%S} UTC are "
                    "still not sealed into the chain (the sealer, manage.py audit_seal, has "
                    "stopped)",
                    sealer_stopped=True,
                )
            )
    half_sealed = AccessEvent.objects.filter(sequence__isnull=True).exclude(
        previous_hash="", hash=""
    )
    for event in half_sealed.order_by("id"):
        problems.append(
            ChainProblem(
                event.chain, event.id, None, "it has a hash but no place in the chain (changed)"
            )
        )
    return problems


def _anchored_starts(
    key: Ed25519PublicKey, result: ChainVerification
) -> dict[str, tuple[int, str]]:
    """Each chain's newest anchor recorded in the database and signed by `key`: (number, hash).
    A newest anchor whose signature does not hold is a problem, and its chain is walked whole."""
    newest = Anchor.objects.values("chain").annotate(last=Max("id")).values("last")
    starts = {}
    for anchor in Anchor.objects.filter(id__in=newest).select_related("run"):
        signed = SignedAnchor(
            format=ANCHOR_FORMAT,
            chain=anchor.chain,
            sequence=anchor.sequence,
            hash=anchor.hash,
            anchored_at=anchor.run.anchored_at.astimezone(UTC).isoformat(),
            key_id=anchor.run.key_id,
            signature=anchor.signature,
        )
        problem = anchor_signature_problem(signed, key)
        if problem is None:
            starts[anchor.chain] = (anchor.sequence, anchor.hash)
        else:
            result.problems.append(
                ChainProblem(
                    anchor.chain,
                    None,
                    anchor.sequence,
                    f"its newest anchor in the database does not hold: {problem}",
                )
            )
    return starts


def _move_problems(starts: dict[str, tuple[int, str]] | None = None) -> list[ChainProblem]:
    """Every "moved out" event must have its "moved in" event in the other chain, naming it
    back by number and hash, and the other way round (audit.services.access_events_record_move).

    With `starts` (an incremental verification), only the moves after each chain's starting
    point are checked; their other halves are looked up wherever they are.
    """
    moves = AccessEvent.objects.filter(action__in=[Action.MOVED_OUT, Action.MOVED_IN])
    if starts is not None:
        since = Q(pk__in=[])
        for chain in ChainHead.objects.values_list("chain", flat=True):
            since |= Q(chain=chain, sequence__gt=starts.get(chain, (0, ""))[0])
        moves = moves.filter(since)
    checked = sorted(moves, key=lambda event: (event.chain, event.sequence))
    by_place: dict[tuple[str, int | None], AccessEvent] = {
        (event.chain, event.sequence): event for event in checked
    }
    if starts is not None:
        for event in checked:
            detail = event.detail if isinstance(event.detail, dict) else {}
            prefix = "to" if event.action == Action.MOVED_OUT else "from"
            place = (str(detail.get(f"{prefix}_chain")), _int(detail.get(f"{prefix}_sequence")))
            if place not in by_place and place[1] is not None:
                other = AccessEvent.objects.filter(chain=place[0], sequence=place[1]).first()
                if other is not None:
                    by_place[place] = other
    problems = []
    for event in checked:
        chain, sequence = event.chain, event.sequence
        detail = event.detail if isinstance(event.detail, dict) else {}
        if event.action == Action.MOVED_OUT:
            other = by_place.get((str(detail.get("to_chain")), _int(detail.get("to_sequence"))))
            linked = (
                other is not None
                and other.action == Action.MOVED_IN
                and other.detail.get("from_chain") == chain
                and other.detail.get("from_sequence") == sequence
                and other.detail.get("from_hash") == event.hash
            )
        else:
            other = by_place.get((str(detail.get("from_chain")), _int(detail.get("from_sequence"))))
            linked = (
                other is not None
                and other.action == Action.MOVED_OUT
                and other.hash == detail.get("from_hash")
            )
        if not linked:
            problems.append(
                ChainProblem(
                    chain,
                    event.id,
                    sequence,
                    "the other half of this move is missing from the other municipality's chain",
                )
            )
    return problems


def _int(value: object) -> int | None:
    return value if isinstance(value, int) else None


@dataclass(frozen=True)
class AnchorProblem:
    """An anchor that cannot be trusted: unreadable, unsigned, changed or signed by another key."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"anchor {self.source}: {self.reason}"


@dataclass
class AnchorCheck:
    files: int = 0
    anchors: int = 0
    # The newest anchored sequence of each chain whose anchors all hold.
    newest: dict[str, int] = field(default_factory=dict)
    problems: list[ChainProblem | AnchorProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def access_log_anchors_check(*, path: Path, key: Ed25519PublicKey) -> AnchorCheck:
    """Check the anchors in `path` (a file, or a directory of *.jsonl files) against the log.

    Each anchor must carry a valid signature by `key`; each anchored event must still exist
    with exactly the anchored hash, and no chain may end before its newest anchor. This is what
    reveals the newest events removed together with a reset chain head. Reads every anchored
    event once per chain: a fixed number of queries per chain, whatever the number of files.
    """
    result = AnchorCheck()
    # chain -> sequence -> anchored hashes (normally one) and where each came from
    anchored: dict[str, dict[int, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for anchor_file in anchor_files(path):
        result.files += 1
        for number, line in anchor_lines(anchor_file):
            source = f"{anchor_file.name}, line {number}"
            try:
                anchor = anchor_parse(line)
            except AnchorFormatError as error:
                result.problems.append(AnchorProblem(source, str(error)))
                continue
            problem = anchor_signature_problem(anchor, key)
            if problem is not None:
                result.problems.append(AnchorProblem(source, problem))
                continue
            result.anchors += 1
            anchored[anchor.chain][anchor.sequence].setdefault(anchor.hash, source)

    ends = dict(
        AccessEvent.objects.filter(chain__in=list(anchored))
        .values("chain")
        .annotate(last=Max("sequence"))
        .values_list("chain", "last")
    )
    heads = dict(
        ChainHead.objects.filter(chain__in=list(anchored)).values_list("chain", "sequence")
    )
    for chain in sorted(anchored):
        points = anchored[chain]
        problems_before = len(result.problems)
        end = ends.get(chain) or 0
        newest = max(points)
        if newest > end:
            (digest, source), *_ = points[newest].items()
            behind = sum(1 for sequence in points if sequence > end)
            result.problems.append(
                ChainProblem(
                    chain,
                    None,
                    None,
                    f"anchored at sequence {newest} with hash {digest}, the database ends at "
                    f"{end} (events were removed from the end; {behind} anchor(s) lie beyond "
                    f"it, newest in {source})",
                )
            )
        head = heads.get(chain)
        if head is not None and head < min(newest, end):
            result.problems.append(
                ChainProblem(
                    chain,
                    None,
                    None,
                    f"the chain head says #{head}, below the anchor at #{min(newest, end)}",
                )
            )
        wanted = sorted(sequence for sequence in points if sequence <= end)
        stored: dict[int, tuple[int, str]] = {}
        for start in range(0, len(wanted), 500):
            rows = AccessEvent.objects.filter(
                chain=chain, sequence__in=wanted[start : start + 500]
            ).values_list("sequence", "id", "hash")
            stored.update(
                {sequence: (pk, digest) for sequence, pk, digest in rows if sequence is not None}
            )
        for sequence in wanted:
            for digest, source in points[sequence].items():
                if sequence not in stored:
                    reason = f"the anchored event #{sequence} is missing (anchor {source})"
                    result.problems.append(ChainProblem(chain, None, None, reason))
                    continue
                pk, actual = stored[sequence]
                if actual != digest:
                    result.problems.append(
                        ChainProblem(
                            chain,
                            pk,
                            sequence,
                            f"its hash is {actual}, but it was anchored with hash {digest} "
                            f"(anchor {source}): the chain was rewritten",
                        )
                    )
        if len(result.problems) == problems_before:
            result.newest[chain] = newest
    return result
