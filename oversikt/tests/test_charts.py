import itertools
from decimal import Decimal

import pytest

from oversikt.charts import (
    ChartSeries,
    bar_chart,
    legend_marker,
    line_chart,
    marker_path,
    nice_range,
)


def _label(value: Decimal) -> str:
    return f"{value} %"


def test_axes_run_over_round_numbers_around_the_values():
    assert nice_range([78.2, 82.4]) == (78, 84, 2)
    assert nice_range([3.2, 5.6]) == (3.0, 6.0, 1)
    assert nice_range([9.9, 11.0], from_zero=True) == (0, 15, 5)
    assert nice_range([-2.5, 1.2], from_zero=True)[0] < -2.5 < 1.2 < nice_range([-2.5, 1.2])[1]
    assert nice_range([5, 5]) == (4, 6, 0.5)


def test_a_missing_value_breaks_the_line_and_has_no_marker():
    geometry = line_chart(
        ["2015", "2016", "2017", "2018", "2019"],
        [ChartSeries("Porsgrunn", 1, (Decimal(1), None, Decimal(3), Decimal(4), None))],
        tick_label=_label,
    )
    (trace,) = geometry.traces
    assert len(trace.paths) == 1  # 2017–2018; 2015 stands alone as a marker
    assert trace.paths[0].count("L") == 1
    assert len(trace.marks) == 3
    assert geometry.y_ticks[0].label.endswith(" %")


def test_higher_values_are_drawn_higher_up():
    geometry = line_chart(
        ["a", "b"], [ChartSeries("x", 1, (Decimal(1), Decimal(9)))], tick_label=_label
    )
    start, end = geometry.traces[0].paths[0].removeprefix("M").split("L")
    assert float(end.split(",")[1]) < float(start.split(",")[1])


def test_each_style_has_its_own_marker_shape():
    shapes = {marker_path(style, 10, 10) for style in (1, 2, 3, 4)}
    assert len(shapes) == 4
    assert legend_marker(2) == marker_path(2, 20, 8)


def test_crowded_labels_are_thinned_but_the_first_stays():
    years = [str(year) for year in range(2000, 2030)]
    geometry = line_chart(
        years, [ChartSeries("x", 1, tuple(Decimal(i) for i in range(30)))], tick_label=_label
    )
    labels = [tick.label for tick in geometry.x_ticks]
    assert labels[0] == "2000"
    assert 3 <= len(labels) < 30
    positions = [tick.position for tick in geometry.x_ticks]
    assert min(b - a for a, b in itertools.pairwise(positions)) >= 30


def test_bars_start_at_zero_and_write_their_value_and_series_beside_them():
    geometry = bar_chart(
        ["Yrkesfag"],
        [
            ChartSeries("gutter", 2, (Decimal("66.6"),)),
            ChartSeries("jenter", 3, (Decimal("74.3"),)),
        ],
        value_label=_label,
        missing_label="ingen tall",
    )
    boys, girls = geometry.groups[0].bars
    assert boys.x == girls.x == geometry.zero_x
    assert boys.width < girls.width
    assert boys.text == "66.6 % gutter"
    assert (boys.style, girls.style) == (2, 3)


def test_a_missing_bar_is_empty_with_a_word_not_a_zero_bar():
    geometry = bar_chart(
        ["Porsgrunn", "Norge"],
        [ChartSeries("andel", 1, (None, Decimal(10)))],
        value_label=_label,
        missing_label="ingen tall",
        category_styles=[1, 3],
    )
    missing, country = (group.bars[0] for group in geometry.groups)
    assert missing.width == 0
    assert missing.text == "ingen tall"
    assert country.style == 3


def test_a_negative_bar_goes_left_of_zero_with_its_text_before_it():
    geometry = bar_chart(
        ["endring"],
        [ChartSeries("x", 1, (Decimal("-0.8"),))],
        value_label=_label,
        missing_label="–",
    )
    bar = geometry.groups[0].bars[0]
    assert bar.x < geometry.zero_x
    assert bar.text_anchor == "end"


def test_a_chart_needs_a_category():
    with pytest.raises(ValueError, match="at least one category"):
        line_chart([], [], tick_label=_label)
    with pytest.raises(ValueError, match="at least one category"):
        bar_chart([], [], value_label=_label, missing_label="–")
