"""What an import did: counts, notices and the records it rejected, with where and why."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


class HsdsImportError(Exception):
    """The input as a whole cannot be read (e.g. the path does not exist)."""


@dataclass(frozen=True)
class Rejection:
    """A record that was not imported; `location` is a JSON pointer or a CSV line (and column)."""

    source: str
    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source} {self.location}: {self.reason}"


@dataclass(frozen=True)
class Notice:
    """Something imported with a value left out or a link left empty, or a file skipped."""

    source: str
    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source} {self.location}: {self.reason}"


@dataclass
class ImportReport:
    """Counts per HSDS entity name ("service", "phone", …). A row counts once per import, as
    created or (when it existed before) updated, however often the files repeat it."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    rejections: list[Rejection] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


# --- what HSDS holds and where it goes ----------------------------------------------------------
