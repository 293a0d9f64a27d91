"""Privacy of aggregates (DESIGN §5.7): no count under 5 leaves the municipality, not even by
arithmetic.

- A count under `MIN_COUNT` (0–4) is hidden: primary suppression.
- In a table with row and column totals, more cells are hidden (secondary suppression) until no
  hidden count can be worked out from the shown cells and totals: every hidden cell can take
  another value while everything shown stays as it is and no count goes below zero.
- A rate is hidden where its denominator is under `MIN_DENOMINATOR`, and where it would give
  away a hidden or small count (its numerator, or the denominator minus the numerator).

The public statistics are public already; they pass through `rate_shown` only. The indicator
tables computed from the work go through `linked_suppress` (tables that share counts, each with
`table_suppress`) and `rate_cell` in the daily job, and a page and its CSV use the same result.

How the secondary suppression works: write the table with its totals as a grid with one more
row and column (the totals), and count the totals as negative; then every row and every column
of the grid sums to zero. Rows and columns are the nodes of a graph and each cell is an edge
between its row and its column. Adding +1, -1, +1, … around a cycle of hidden cells keeps every
sum, so a hidden cell on such a cycle, where the -1 steps meet no zero count, can be something
else: it cannot be worked out. A hidden cell on no such cycle is exactly determined. For each
cell that is not yet covered, the cheapest cycle through it is found with Dijkstra (a shown cell
costs its value plus one, so small cells are hidden before large ones and totals) and its shown
cells are hidden too. Every cell lies on the cycle through its row total, column total and the
grand total, all of which can grow, so this always ends.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MIN_COUNT = 5
MIN_DENOMINATOR = 20

SHOWN = ""
SMALL = "small"  # under MIN_COUNT
SECONDARY = "secondary"  # hidden so that a small count cannot be worked out
FEW = "few"  # a rate over a denominator under MIN_DENOMINATOR
DISCLOSING = "disclosing"  # a rate that would give a hidden or small count away


@dataclass(frozen=True)
class Cell:
    """A count as it may be shown: its value, or None and why it is hidden."""

    value: int | None
    reason: str = SHOWN

    @property
    def shown(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Rate:
    """A rate in per cent as it may be shown, or None and why it is hidden."""

    value: Decimal | None
    reason: str = SHOWN

    @property
    def shown(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Table:
    """A table of counts with its totals, after suppression."""

    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...]
    column_totals: tuple[Cell, ...]
    total: Cell


def count_cell(count: int) -> Cell:
    """One count on its own (no totals beside it): hidden when under MIN_COUNT."""
    _check_count(count)
    return Cell(None, SMALL) if count < MIN_COUNT else Cell(count)


def rate_shown(denominator: int | None) -> bool:
    """Whether a published rate may be shown: not over fewer than MIN_DENOMINATOR. A rate
    whose source gives no denominator is the source's own responsibility."""
    return denominator is None or denominator >= MIN_DENOMINATOR


def rate_cell(numerator: int | Cell, denominator: int, *, decimals: int = 1) -> Rate:
    """numerator / denominator in per cent, unless the denominator is under MIN_DENOMINATOR or
    the rate would disclose a count under MIN_COUNT. Pass the numerator's `Cell` from its
    suppressed table when it has one: a hidden numerator hides the rate too."""
    if isinstance(numerator, Cell):
        if numerator.value is None:
            return Rate(None, DISCLOSING)
        numerator = numerator.value
    _check_count(numerator)
    _check_count(denominator)
    if numerator > denominator:
        raise ValueError("The numerator is larger than the denominator.")
    if denominator < MIN_DENOMINATOR:
        return Rate(None, FEW)
    # With the denominator known, the rate gives the numerator and the rest away.
    if numerator < MIN_COUNT or denominator - numerator < MIN_COUNT:
        return Rate(None, DISCLOSING)
    quantum = Decimal(1).scaleb(-decimals)
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(quantum, ROUND_HALF_UP)
    return Rate(value)


def list_suppress(counts: Sequence[int]) -> tuple[tuple[Cell, ...], Cell]:
    """Parts of a whole and their total (one row of a table): each part and the total."""
    table = table_suppress([list(counts)])
    return table.cells[0], table.row_totals[0]


def table_suppress(counts: Sequence[Sequence[int]], *, forced: Collection[Position] = ()) -> Table:
    """Suppress a table of counts (rows by columns) shown with its row totals, column totals and
    grand total. Deterministic: the same table always hides the same cells.

    `forced` names positions in the table with its totals (row `rows` holds the column totals,
    column `columns` the row totals) that are hidden already elsewhere – in a linked table
    that shares them (see `linked_suppress`); they are hidden here too, as secondary."""
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    if rows == 0 or columns == 0 or any(len(row) != columns for row in counts):
        raise ValueError("A table needs at least one row and one column, all of one length.")
    for row in counts:
        for count in row:
            _check_count(count)
    grid = _Grid(counts)
    primary = {cell for cell in grid.cells() if grid.count(cell) < MIN_COUNT}
    if any(cell not in set(grid.cells()) for cell in forced):
        raise ValueError("A forced position lies outside the table with its totals.")
    hidden = primary | set(forced)
    # A cell once protected stays protected as more cells are hidden (its cycle stays hidden),
    # so each cell is checked until it is protected, not again on every round.
    protected: set[Position] = set()
    while True:
        exposed = None
        for candidate in sorted(hidden - protected):
            if grid.cycle(hidden, candidate, free_only=True) is None:
                exposed = candidate
                break
            protected.add(candidate)
        if exposed is None:
            break
        extra = grid.cycle(hidden, exposed, free_only=False)
        if not extra:  # pragma: no cover - every cell has the cycle through the totals
            raise AssertionError(f"No cycle protects cell {exposed}.")
        hidden |= extra

    def cell(i: int, j: int) -> Cell:
        if (i, j) in primary:
            return Cell(None, SMALL)
        if (i, j) in hidden:
            return Cell(None, SECONDARY)
        return Cell(grid.count((i, j)))

    return Table(
        cells=tuple(tuple(cell(i, j) for j in range(columns)) for i in range(rows)),
        row_totals=tuple(cell(i, columns) for i in range(rows)),
        column_totals=tuple(cell(rows, j) for j in range(columns)),
        total=cell(rows, columns),
    )


def _check_count(count: int) -> None:
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"A count is a whole number from zero up, not {count!r}.")


Position = tuple[int, int]
Node = tuple[str, int]


class _Grid:
    """The table with its totals as one more row and column; see the module's docstring."""

    def __init__(self, counts: Sequence[Sequence[int]]) -> None:
        grid = [[*row, sum(row)] for row in counts]
        grid.append([sum(column) for column in zip(*grid, strict=True)])
        self.grid = grid
        self.rows, self.columns = len(counts), len(counts[0])

    def cells(self) -> list[Position]:
        return [(i, j) for i in range(self.rows + 1) for j in range(self.columns + 1)]

    def count(self, cell: Position) -> int:
        return self.grid[cell[0]][cell[1]]

    def can_move(self, cell: Position, step: int) -> bool:
        """Whether the cell can move by `step` in the grid's signs without going below zero.
        Row and column totals count negatively; the cells and the grand total positively."""
        i, j = cell
        sign = -1 if (i == self.rows) != (j == self.columns) else 1
        return sign * step >= 0 or self.count(cell) >= 1

    def cycle(
        self, hidden: set[Position], start: Position, *, free_only: bool
    ) -> set[Position] | None:
        """The shown cells to hide so that `start` lies on a cycle of hidden cells that can move
        by one: an empty set when it already does, None when there is no such cycle (with
        `free_only`, through hidden cells alone)."""
        best: tuple[float, set[Position]] | None = None
        for direction in (1, -1):
            if not self.can_move(start, direction):
                continue
            found = self._path(hidden, start, direction, free_only=free_only)
            if found is not None and (best is None or found[0] < best[0]):
                best = found
        return None if best is None else best[1]

    def _edges(self, node: Node, direction: int) -> list[tuple[Position, Node, int]]:
        kind, index = node
        if kind == "c":
            # From a column to a row the cell moves by -direction, from a row to a column by +.
            return [((i, index), ("r", i), -direction) for i in range(self.rows + 1)]
        return [((index, j), ("c", j), direction) for j in range(self.columns + 1)]

    def _path(
        self, hidden: set[Position], start: Position, direction: int, *, free_only: bool
    ) -> tuple[float, set[Position]] | None:
        """Dijkstra from the start cell's column back to its row, over cells that can move; a
        hidden cell costs nothing, a shown one its count plus one. Returns the cost and the
        shown cells on the cheapest path."""
        source, target = ("c", start[1]), ("r", start[0])
        distance: dict[Node, float] = {source: 0.0}
        previous: dict[Node, tuple[Node, Position]] = {}
        queue: list[tuple[float, Node]] = [(0.0, source)]
        while queue:
            cost, node = heapq.heappop(queue)
            if node == target:
                break
            if cost > distance[node]:
                continue
            for cell, neighbour, step in self._edges(node, direction):
                if cell == start or not self.can_move(cell, step):
                    continue
                if cell in hidden:
                    weight = 0.0
                elif free_only:
                    continue
                else:
                    weight = self.count(cell) + 1.0
                if cost + weight < distance.get(neighbour, float("inf")):
                    distance[neighbour] = cost + weight
                    previous[neighbour] = (node, cell)
                    heapq.heappush(queue, (cost + weight, neighbour))
        if target not in distance:
            return None
        shown: set[Position] = set()
        node = target
        while node != source:
            node, cell = previous[node]
            if cell not in hidden:
                shown.add(cell)
        return distance[target], shown


def linked_suppress(
    counts: Mapping[Hashable, int], tables: Sequence[Sequence[Sequence[Hashable]]]
) -> dict[Hashable, str]:
    """Suppress tables that share figures, consistently: a county's figures are the totals of
    its municipalities' table and a row of the country's table; two breakdowns of the same
    cases share their totals.

    Each table is given as the names (keys of `counts`) of its cells with its totals: rows
    of names, the last row the column totals and the last name of each row its total. Each
    table is suppressed on its own, with every figure hidden in any table hidden in the others
    too, until no table hides anything new. Returns why each hidden figure is hidden (`SMALL`
    or `SECONDARY`); a figure not in the answer may be shown."""
    hidden: dict[Hashable, str] = {}
    waiting = list(range(len(tables)))
    holding: dict[Hashable, list[int]] = {}
    for number, table in enumerate(tables):
        for row in table:
            for key in row:
                holding.setdefault(key, []).append(number)
    while waiting:
        number = waiting.pop(0)
        table = tables[number]
        inner = [[counts[key] for key in row[:-1]] for row in table[:-1]]
        grid = _Grid(inner)
        for i, row in enumerate(table):
            for j, key in enumerate(row):
                if grid.count((i, j)) != counts[key]:
                    raise ValueError(f"The table's total {key!r} is not the sum of its cells.")
        forced = [
            (i, j) for i, row in enumerate(table) for j, key in enumerate(row) if key in hidden
        ]
        result = table_suppress(inner, forced=forced)
        rows, columns = len(inner), len(inner[0])
        for i, row in enumerate(table):
            for j, key in enumerate(row):
                if i < rows and j < columns:
                    cell = result.cells[i][j]
                elif i < rows:
                    cell = result.row_totals[i]
                elif j < columns:
                    cell = result.column_totals[j]
                else:
                    cell = result.total
                if cell.shown or key in hidden:
                    continue
                hidden[key] = SMALL if counts[key] < MIN_COUNT else SECONDARY
                for other in holding[key]:
                    if other != number and other not in waiting:
                        waiting.append(other)
    return hidden
