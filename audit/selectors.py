"""Reading the audit trail, and verifying that nobody has changed or removed any of it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db.models import QuerySet

from audit.hashing import event_hash
from audit.models import GENESIS_HASH, AccessEvent, ChainHead


def access_events_for_child(*, child_id: uuid.UUID) -> QuerySet[AccessEvent]:
    """Every recorded access to one child's record, newest first: "who has seen this child"."""
    return AccessEvent.objects.filter(child_id=child_id).select_related("actor").order_by("-id")


@dataclass(frozen=True)
class ChainProblem:
    chain: str
    event_id: int | None
    sequence: int | None
    reason: str

    def __str__(self) -> str:
        where = f"event id {self.event_id} (chain {self.chain}, #{self.sequence})"
        if self.event_id is None:
            where = f"chain {self.chain}"
        return f"{where}: {self.reason}"


@dataclass
class ChainVerification:
    events_checked: int = 0
    heads: dict[str, tuple[int, str]] = field(default_factory=dict)
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def access_events_verify() -> ChainVerification:
    """Walk every chain from its first event and report each row that breaks it.

    A changed row no longer matches its own hash; a removed row leaves a gap in the numbering
    and a broken link in the next row; removed newest rows no longer reach the chain head.
    """
    result = ChainVerification()
    heads = {head.chain: head for head in ChainHead.objects.all()}
    chains = set(heads) | set(AccessEvent.objects.values_list("chain", flat=True).distinct())
    for chain in sorted(chains):
        expected_sequence, expected_previous = 1, GENESIS_HASH
        events = AccessEvent.objects.filter(chain=chain).order_by("sequence")
        for event in events.iterator(chunk_size=2000):
            result.events_checked += 1
            if event.sequence != expected_sequence:
                result.problems.append(
                    ChainProblem(
                        chain,
                        event.id,
                        event.sequence,
                        f"events #{expected_sequence}–#{event.sequence - 1} before it are missing",
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
            expected_sequence, expected_previous = event.sequence + 1, event.hash
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
    return result
