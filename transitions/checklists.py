"""The checklist of each kind of transition, read from `checklists.toml` (data, not code)."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext, gettext_noop

from core.datafiles import DataFileError, record_read, toml_read
from transitions.models import TransitionKind

CHECKLISTS = Path(__file__).with_name("checklists.toml")
SIDES = ("sending", "receiving")

# Every label in checklists.toml, so that makemessages finds them (a test keeps both in step).
LABELS = (
    gettext_noop("Agree with the guardians what the school is told"),
    gettext_noop("Hand the plan and the kindergarten's observations to the school"),
    gettext_noop("Hold the transfer meeting with the kindergarten, the school and the guardians"),
    gettext_noop("Prepare the first weeks at school: adaptations and a contact person"),
    gettext_noop("Write down the young person's own words on what they need"),
    gettext_noop("Hand the plan to the receiving school before school start"),
    gettext_noop("Book the transfer meeting"),
    gettext_noop("Name a contact teacher at the upper secondary school"),
    gettext_noop("Tell the young person about the follow-up service and what it offers"),
    gettext_noop("Hand the plan and what was agreed to the follow-up service"),
    gettext_noop("The follow-up service contacts the young person"),
    gettext_noop("Agree with the young person what NAV is told"),
    gettext_noop("Hand the plan to NAV"),
    gettext_noop("Hold a meeting with NAV and the young person"),
    gettext_noop("Ask the young person for a consent in their own name"),
    gettext_noop("Go through with the young person who sees what from the 18th birthday"),
    gettext_noop("The receiving service confirms that it takes over"),
)


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label_en: str
    side: str
    days_before: int

    @property
    def label(self) -> str:
        return gettext(self.label_en)

    def due_on(self, *, starts_on: datetime.date, today: datetime.date) -> datetime.date:
        return max(today, starts_on - datetime.timedelta(days=self.days_before))


@functools.cache
def checklists() -> dict[str, tuple[ChecklistItem, ...]]:
    """Every kind's checklist; DataFileError names the file and item of any mistake."""
    data = toml_read(CHECKLISTS)
    unknown = sorted(set(data) - set(TransitionKind.values))
    missing = sorted(set(TransitionKind.values) - set(data))
    if unknown or missing:
        raise DataFileError(f"{CHECKLISTS}: unknown kinds {unknown}, missing kinds {missing}")
    result: dict[str, tuple[ChecklistItem, ...]] = {}
    for kind, items in data.items():
        read = []
        for number, table in enumerate(items, start=1):
            where = f"{CHECKLISTS}: {kind} item {number}"
            record = record_read(
                table, {"key": str, "label": str, "side": str, "days_before": int}, where=where
            )
            if record["side"] not in SIDES:
                raise DataFileError(f"{where}: side must be one of {', '.join(SIDES)}")
            read.append(
                ChecklistItem(
                    key=record["key"],
                    label_en=record["label"],
                    side=record["side"],
                    days_before=record["days_before"],
                )
            )
        if len({item.key for item in read}) != len(read):
            raise DataFileError(f"{CHECKLISTS}: {kind} has an item key twice")
        result[kind] = tuple(read)
    return result


def checklist_of(kind: str) -> tuple[ChecklistItem, ...]:
    return checklists()[kind]
