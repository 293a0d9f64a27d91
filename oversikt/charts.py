"""Charts drawn on the server as SVG: a line chart for trends and a bar chart for comparisons.

This module only does geometry; `templates/oversikt/includes/*_chart.html` turn it into SVG, and
every chart on a page comes with its text summary and its data as a table (the chart adds
nothing the table does not say). No JavaScript, no inline style: lines, markers and bar
patterns are told apart by CSS classes (`laget-chart__*--N`) whose dash patterns, marker shapes
and hatchings read in greyscale too, not by colour alone.

Coordinates are in the SVG's own units (the viewBox is `WIDTH` wide); CSS scales the drawing to
the page, so text stays readable from a 375 px phone to a desktop.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH = 420
STYLES = 4  # distinct line, marker and pattern styles
MARKER = 4.5
FONT = 14  # px in SVG units, as in laget.css


@dataclass(frozen=True)
class ChartSeries:
    """One line, or one set of bars: a name, a style (1–4) and a value per category."""

    name: str
    style: int
    values: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Mark:
    d: str  # SVG path of the marker's shape


@dataclass(frozen=True)
class Trace:
    name: str
    style: int
    paths: tuple[str, ...]  # one path per unbroken stretch; a missing value breaks the line
    marks: tuple[Mark, ...]


@dataclass(frozen=True)
class LineGeometry:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    traces: tuple[Trace, ...]

    @property
    def y_label_x(self) -> float:
        return self.left - 6

    @property
    def x_label_y(self) -> float:
        return self.bottom + 20


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    style: int
    text: str
    text_x: float
    text_anchor: str

    @property
    def text_y(self) -> float:
        return self.y + self.height / 2 + FONT * 0.35


@dataclass(frozen=True)
class BarGroup:
    label: str
    label_y: float
    bars: tuple[Bar, ...]

    @property
    def axis_top(self) -> float:
        return self.bars[0].y - 2

    @property
    def axis_bottom(self) -> float:
        return self.bars[-1].y + self.bars[-1].height + 2


@dataclass(frozen=True)
class BarGeometry:
    width: int
    height: int
    zero_x: float
    top: float
    bottom: float
    groups: tuple[BarGroup, ...]


def _r(value: float) -> str:
    """A coordinate with one decimal, without a trailing .0."""
    return f"{value:.1f}".removesuffix(".0")


def nice_step(span: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that cuts `span` into about `ticks`."""
    raw = max(span, 1e-9) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * magnitude >= raw:
            return multiple * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def nice_range(values: Sequence[float], *, from_zero: bool = False) -> tuple[float, float, float]:
    """(low, high, step) around the values, on round numbers; from zero for bars."""
    low, high = min(values), max(values)
    if from_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high, low = high + 1, low - (0 if from_zero and low == 0 else 1)
    step = nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def marker_path(style: int, x: float, y: float) -> str:
    """Circle, square, triangle or diamond around (x, y): the shape tells the lines apart."""
    r = MARKER
    shape = (style - 1) % STYLES
    if shape == 0:
        return f"M{_r(x - r)},{_r(y)}a{r},{r} 0 1,0 {2 * r},0a{r},{r} 0 1,0 {-2 * r},0z"
    if shape == 1:
        side = r * 1.7
        return f"M{_r(x - side / 2)},{_r(y - side / 2)}h{_r(side)}v{_r(side)}h{_r(-side)}z"
    if shape == 2:
        return (
            f"M{_r(x)},{_r(y - r * 1.3)}L{_r(x + r * 1.2)},{_r(y + r)}"
            f"L{_r(x - r * 1.2)},{_r(y + r)}z"
        )
    k = r * 1.35
    return f"M{_r(x)},{_r(y - k)}L{_r(x + k)},{_r(y)}L{_r(x)},{_r(y + k)}L{_r(x - k)},{_r(y)}z"


def legend_marker(style: int) -> str:
    """The marker of a style in a legend swatch (viewBox 0 0 40 16)."""
    return marker_path(style, 20, 8)


def line_chart(
    categories: Sequence[str],
    series: Sequence[ChartSeries],
    *,
    tick_label: Callable[[Decimal], str],
    height: int = 260,
) -> LineGeometry:
    """Lines over categories (years, cohorts) that share one axis. A missing value leaves a
    gap in its line. `tick_label` writes an axis value (with its unit)."""
    if not categories:
        raise ValueError("A chart needs at least one category.")
    values = [float(v) for s in series for v in s.values if v is not None]
    low, high, step = nice_range(values or [0.0])
    left, right, top, bottom = 52.0, WIDTH - 14.0, 12.0, height - 34.0
    count = len(categories)
    inner_left, inner_right = left + 14, right - 10

    def x_of(index: int) -> float:
        if count == 1:
            return (inner_left + inner_right) / 2
        return inner_left + (inner_right - inner_left) * index / (count - 1)

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * (value - low) / (high - low)

    y_ticks = tuple(
        Tick(y_of(low + k * step), tick_label(_tick_decimal(low + k * step, step)))
        for k in range(round((high - low) / step) + 1)
    )
    # Leave labels out evenly where they would crowd; the last one is kept when it has room.
    room = max(len(label) for label in categories) * FONT * 0.55 + 8
    spacing = (inner_right - inner_left) / max(count - 1, 1)
    every = max(1, math.ceil(room / spacing))
    shown = [index for index in range(count) if index % every == 0]
    if shown[-1] != count - 1 and (count - 1 - shown[-1]) * spacing >= room:
        shown.append(count - 1)
    x_ticks = tuple(Tick(x_of(index), categories[index]) for index in shown)
    traces = []
    for item in series:
        paths: list[list[tuple[float, float]]] = []
        stretch: list[tuple[float, float]] = []
        marks: list[Mark] = []
        for index, value in enumerate(item.values):
            if value is None:
                if stretch:
                    paths.append(stretch)
                stretch = []
                continue
            point = (x_of(index), y_of(float(value)))
            stretch.append(point)
            marks.append(Mark(marker_path(item.style, *point)))
        if stretch:
            paths.append(stretch)
        traces.append(
            Trace(
                name=item.name,
                style=item.style,
                paths=tuple(
                    "M" + "L".join(f"{_r(x)},{_r(y)}" for x, y in stretch)
                    for stretch in paths
                    if len(stretch) > 1
                ),
                marks=tuple(marks),
            )
        )
    return LineGeometry(
        width=WIDTH,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        traces=tuple(traces),
    )


def _tick_decimal(value: float, step: float) -> Decimal:
    """An axis value with as many decimals as the step needs (2.5 needs one, 5 none)."""
    places = max(0, -int(Decimal(str(step)).normalize().as_tuple().exponent))
    return Decimal(value).quantize(Decimal(1).scaleb(-places))


def bar_chart(
    categories: Sequence[str],
    series: Sequence[ChartSeries],
    *,
    value_label: Callable[[Decimal], str],
    missing_label: str,
    category_styles: Sequence[int] | None = None,
) -> BarGeometry:
    """Horizontal bars from zero, one group per category with its label above it and one bar
    per series; each bar has its value written beside it (with the series' name when there is
    more than one series, so no legend is needed). With one series, `category_styles` gives
    each category's bar its own style (a place keeps its style from chart to chart)."""
    if not categories:
        raise ValueError("A chart needs at least one category.")
    values = [float(v) for s in series for v in s.values if v is not None]
    low, high, _step = nice_range(values or [0.0], from_zero=True)
    named = len(series) > 1
    left, right = 8.0, WIDTH - (136.0 if named else 76.0)
    bar_height, gap, label_height, group_gap = 22.0, 4.0, FONT + 6.0, 14.0

    def x_of(value: float) -> float:
        return left + (right - left) * (value - low) / (high - low)

    zero = x_of(0.0)
    y = 8.0
    groups = []
    for index, category in enumerate(categories):
        label_y = y + FONT
        y += label_height
        bars = []
        for item in series:
            value = item.values[index]
            if value is None:
                text, start, end = missing_label, zero, zero
            else:
                text = value_label(value)
                start, end = sorted((zero, x_of(float(value))))
            if named:
                text = f"{text} {item.name}"
            negative = value is not None and value < 0
            bars.append(
                Bar(
                    x=start,
                    y=y,
                    width=max(end - start, 0.0),
                    height=bar_height,
                    style=category_styles[index] if category_styles else item.style,
                    text=text,
                    text_x=(start - 4) if negative else (end + 4),
                    text_anchor="end" if negative else "start",
                )
            )
            y += bar_height + gap
        groups.append(BarGroup(label=category, label_y=label_y, bars=tuple(bars)))
        y += group_gap
    return BarGeometry(
        width=WIDTH,
        height=math.ceil(y),
        zero_x=zero,
        top=8.0,
        bottom=y - group_gap,
        groups=tuple(groups),
    )
