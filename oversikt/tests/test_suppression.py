from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from oversikt.suppression import (
    DISCLOSING,
    FEW,
    MIN_COUNT,
    SECONDARY,
    SMALL,
    Cell,
    Table,
    count_cell,
    list_suppress,
    rate_cell,
    rate_shown,
    table_suppress,
)
from oversikt.tests.attacker import grid_with_totals, hidden_ranges, lp_extreme


def _published(table: Table) -> dict[tuple[int, int], int | None]:
    """The table with totals as a reader sees it: position -> shown value or None."""
    rows, columns = len(table.cells), len(table.cells[0])
    shown: dict[tuple[int, int], int | None] = {}
    for i in range(rows):
        for j in range(columns):
            shown[i, j] = table.cells[i][j].value
        shown[i, columns] = table.row_totals[i].value
    for j in range(columns):
        shown[rows, j] = table.column_totals[j].value
    shown[rows, columns] = table.total.value
    return shown


def _recovered(counts: list[list[int]]) -> dict[tuple[int, int], int]:
    """The hidden counts the attacker pins down exactly."""
    shown = _published(table_suppress(counts))
    return {
        position: int(low)
        for position, (low, high) in hidden_ranges(counts, shown).items()
        if high is not None and low == high
    }


# Small counts are common, as in a small municipality's quarter.
counts = st.one_of(st.integers(0, 6), st.integers(0, 40))
tables = st.integers(1, 4).flatmap(
    lambda columns: st.lists(
        st.lists(counts, min_size=columns, max_size=columns), min_size=1, max_size=4
    )
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
@example([[3, 10, 12], [7, 8, 20], [15, 1, 30]])
@example([[0, 0], [0, 9]])
@example([[4, 50, 60, 70]])
@example([[1], [2], [30]])
@example([[0]])
def test_no_hidden_count_can_be_worked_out_from_the_shown_cells_and_totals(table):
    assert _recovered(table) == {}


@settings(max_examples=300, deadline=None)
@given(tables)
def test_every_count_under_five_is_hidden_and_every_shown_count_is_true(table):
    grid = grid_with_totals(table)
    shown = _published(table_suppress(table))
    for (i, j), value in shown.items():
        if grid[i][j] < MIN_COUNT:
            assert value is None, (i, j)
        else:
            assert value in (None, grid[i][j])


@settings(max_examples=100, deadline=None)
@given(st.lists(counts, min_size=1, max_size=8))
def test_parts_of_a_whole_never_give_a_hidden_part_away(parts):
    cells, total = list_suppress(parts)
    shown = {(0, j): cell.value for j, cell in enumerate(cells)}
    shown[0, len(parts)] = total.value
    # The one-row table's column totals are its cells again: published once, the same values.
    for j, cell in enumerate(cells):
        shown[1, j] = cell.value
    shown[1, len(parts)] = total.value
    ranges = hidden_ranges([parts], shown)
    assert all(high is None or low < high for low, high in ranges.values())
    assert all(cell.value is None for cell, part in zip(cells, parts, strict=True) if part < 5)


def test_a_table_without_small_counts_hides_nothing():
    table = table_suppress([[10, 20], [30, 40]])
    assert all(cell.shown for row in table.cells for cell in row)
    assert [cell.value for cell in table.row_totals] == [30, 70]
    assert table.total == Cell(100)


def test_one_small_count_hides_the_cheapest_rectangle_around_it():
    table = table_suppress([[3, 10, 12], [7, 8, 20], [15, 1, 30]])
    hidden = {
        (i, j): cell.reason
        for i, row in enumerate(table.cells)
        for j, cell in enumerate(row)
        if not cell.shown
    }
    assert hidden == {(0, 0): SMALL, (0, 1): SECONDARY, (2, 0): SECONDARY, (2, 1): SMALL}
    assert all(cell.shown for cell in (*table.row_totals, *table.column_totals, table.total))


def test_a_single_small_part_takes_the_smallest_other_part_with_it():
    cells, total = list_suppress([2, 40, 9, 50])
    assert [cell.value for cell in cells] == [None, 40, None, 50]
    assert cells[2].reason == SECONDARY
    assert total == Cell(101)


def test_utsira_a_quarter_with_few_cases_shows_nothing_but_what_is_safe():
    # Utsira (about 200 residents): concerns by sector in one quarter.
    table = table_suppress([[1, 0, 2], [0, 1, 0]])
    assert not any(cell.shown for row in table.cells for cell in row)
    assert not table.total.shown
    assert _recovered([[1, 0, 2], [0, 1, 0]]) == {}


def test_the_same_table_always_hides_the_same_cells():
    counts_ = [[3, 12, 9, 40], [25, 2, 30, 8], [6, 7, 1, 50]]
    assert table_suppress(counts_) == table_suppress([list(row) for row in counts_])


@pytest.mark.parametrize("bad", [[], [[]], [[1, 2], [3]], [[-1]], [[1.5]], [[True]]])
def test_a_table_that_is_not_counts_is_refused(bad):
    with pytest.raises(ValueError):  # noqa: PT011 - the message is for developers
        table_suppress(bad)


def test_a_lone_count_under_five_is_hidden():
    assert count_cell(4) == Cell(None, SMALL)
    assert count_cell(0) == Cell(None, SMALL)
    assert count_cell(5) == Cell(5)


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (10, 19, Rate_none := (None, FEW)),
        (10, 20, (Decimal("50.0"), "")),
        (4, 100, (None, DISCLOSING)),
        (96, 100, (None, DISCLOSING)),
        (95, 100, (Decimal("95.0"), "")),
        (5, 30, (Decimal("16.7"), "")),
        (0, 10, Rate_none),
    ],
)
def test_a_rate_needs_twenty_in_the_denominator_and_gives_no_small_count_away(
    numerator, denominator, expected
):
    rate = rate_cell(numerator, denominator)
    assert (rate.value, rate.reason) == expected


def test_a_rate_over_a_hidden_count_is_hidden():
    assert rate_cell(Cell(None, SECONDARY), 200).reason == DISCLOSING
    assert rate_cell(Cell(40), 200).value == Decimal("20.0")


def test_a_published_rate_is_shown_only_over_twenty_or_more():
    assert not rate_shown(19)
    assert rate_shown(20)
    assert rate_shown(None)  # the source gives no denominator: its own suppression applies


def test_the_attacker_solves_a_table_with_only_one_cell_hidden():
    # The oracle itself can fail: one hidden cell in a row with its total is worked out.
    shown = {(0, 0): None, (0, 1): 10, (0, 2): 13, (1, 0): 3, (1, 1): 10, (1, 2): 13}
    assert hidden_ranges([[3, 10]], shown) == {(0, 0): (3, 3)}
    # x0 + x1 = 5, both >= 0: x0 anywhere from 0 to 5.
    assert lp_extreme([({0: 1, 1: 1}, 5)], 2, 0, maximise=True) == 5
    assert lp_extreme([({0: 1, 1: -1}, 0)], 2, 0, maximise=True) is None
