"""The attacker of the suppression tests: someone with the shown cells and totals who solves
for the hidden ones.

They know every shown number and that each row and column adds up to its total; they know no
count is below zero. The smallest and largest value a hidden cell can take under those facts
are found exactly, with a linear program in fractions (two-phase simplex, Bland's rule). The
constraint matrix of a table with totals is totally unimodular, so these bounds are whole
numbers that whole-number tables reach: a hidden cell is worked out exactly when its smallest
and largest possible values are the same.

Independent of `oversikt.suppression`, which reasons over cycles instead.
"""

from __future__ import annotations

from fractions import Fraction

Position = tuple[int, int]


def _pivot(tableau: list[list[Fraction]], row: int, column: int) -> None:
    factor = tableau[row][column]
    tableau[row] = [value / factor for value in tableau[row]]
    for other in range(len(tableau)):
        if other != row and tableau[other][column] != 0:
            scale = tableau[other][column]
            tableau[other] = [
                value - scale * pivot
                for value, pivot in zip(tableau[other], tableau[row], strict=True)
            ]


def _minimise(
    tableau: list[list[Fraction]], basis: list[int], cost: list[Fraction], columns: int
) -> bool:
    """Minimise cost·x over the tableau in place; False when unbounded below."""
    while True:
        reduced = [
            cost[j] - sum(cost[basis[i]] * tableau[i][j] for i in range(len(basis)))
            for j in range(columns)
        ]
        entering = next((j for j in range(columns) if reduced[j] < 0), None)
        if entering is None:
            return True
        candidates = [
            (tableau[i][-1] / tableau[i][entering], basis[i], i)
            for i in range(len(basis))
            if tableau[i][entering] > 0
        ]
        if not candidates:
            return False
        _ratio, _variable, leaving = min(candidates)
        _pivot(tableau, leaving, entering)
        basis[leaving] = entering


def lp_extreme(
    equations: list[tuple[dict[int, int], int]], variables: int, target: int, *, maximise: bool
) -> Fraction | None:
    """The least (or greatest) value of x[target] subject to the equations
    (sum of coefficient·x = right-hand side) and x >= 0; None when unbounded."""
    rows = []
    for coefficients, rhs in equations:
        row = [Fraction(coefficients.get(j, 0)) for j in range(variables)]
        if rhs < 0:
            row, rhs = [-value for value in row], -rhs
        rows.append((row, Fraction(rhs)))
    m = len(rows)
    # Phase 1: an artificial variable per equation.
    tableau = [
        [*row, *(Fraction(int(i == k)) for k in range(m)), rhs] for i, (row, rhs) in enumerate(rows)
    ]
    basis = [variables + i for i in range(m)]
    phase_one = [Fraction(0)] * variables + [Fraction(1)] * m
    _minimise(tableau, basis, phase_one, variables + m)
    if any(tableau[i][-1] != 0 for i in range(m) if basis[i] >= variables):
        raise ValueError("The shown table is inconsistent.")
    # Drive artificials out of the basis, or drop their (redundant) equations.
    for i in reversed(range(m)):
        if basis[i] >= variables:
            column = next((j for j in range(variables) if tableau[i][j] != 0), None)
            if column is None:
                del tableau[i], basis[i]
            else:
                _pivot(tableau, i, column)
                basis[i] = column
    tableau = [[*row[:variables], row[-1]] for row in tableau]
    sign = Fraction(-1 if maximise else 1)
    cost = [sign if j == target else Fraction(0) for j in range(variables)]
    if not _minimise(tableau, basis, cost, variables):
        return None
    for i, variable in enumerate(basis):
        if variable == target:
            return tableau[i][-1]
    return Fraction(0)


def grid_with_totals(counts: list[list[int]]) -> list[list[int]]:
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(column) for column in zip(*grid, strict=True)])
    return grid


def hidden_ranges(
    counts: list[list[int]], shown: dict[Position, int | None]
) -> dict[Position, tuple[Fraction, Fraction | None]]:
    """For each hidden position of the table with totals (None in `shown`), the least and
    greatest value the attacker can give it."""
    grid = grid_with_totals(counts)
    rows, columns = len(counts), len(counts[0])
    hidden = [position for position, value in shown.items() if value is None]
    index = {position: k for k, position in enumerate(hidden)}

    def equation(members: list[Position], total: Position) -> tuple[dict[int, int], int]:
        coefficients: dict[int, int] = {}
        rhs = 0
        for position, coefficient in [*((p, 1) for p in members), (total, -1)]:
            if position in index:
                coefficients[index[position]] = coefficients.get(index[position], 0) + coefficient
            else:
                value = shown[position]
                assert value == grid[position[0]][position[1]]
                rhs -= coefficient * value
        return coefficients, rhs

    equations = [
        equation([(i, j) for j in range(columns)], (i, columns)) for i in range(rows + 1)
    ] + [equation([(i, j) for i in range(rows)], (rows, j)) for j in range(columns + 1)]
    equations = [(c, r) for c, r in equations if c or r]
    ranges = {}
    for position, k in index.items():
        low = lp_extreme(equations, len(hidden), k, maximise=False)
        high = lp_extreme(equations, len(hidden), k, maximise=True)
        assert low is not None
        ranges[position] = (low, high)
    return ranges
