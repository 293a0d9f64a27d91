"""The statistics page for one municipality: its sections, charts and tables, in one query.

The page and its CSV download are both made from `statistics_page`, so they always hold the
same numbers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from municipalities.models import Municipality
from oversikt.models import RegionLevel, Series, Source, Topic
from oversikt.selectors._shared import Chart, Figures, Value
from oversikt.selectors.figures import (
    breakdown_bar_chart,
    breakdown_table,
    periods_table,
    places_bar_chart,
    trend_chart,
)


@dataclass
class Section:
    topic: str
    title: str
    intro: str
    charts: list[Chart]
    series: list[Series]
    note: str = ""

    @property
    def about(self) -> list[tuple[Source, list[Series]]]:
        """The series shown, by source: for the definitions under each section."""
        grouped: dict[int, tuple[Source, list[Series]]] = {}
        for series in self.series:
            grouped.setdefault(series.source_id, (series.source, []))[1].append(series)
        return list(grouped.values())


@dataclass
class StatisticsPage:
    municipality: Municipality
    sections: list[Section]

    def values(self) -> Iterable[tuple[Section, Chart, str, str, Value]]:
        """Every figure on the page once: (section, chart, category, column, value)."""
        seen: set[int] = set()
        for section in self.sections:
            for chart in section.charts:
                for category, row in zip(chart.categories, chart.cells, strict=True):
                    for column, value in zip(chart.columns, row, strict=True):
                        if value.figure is not None and value.figure.pk not in seen:
                            seen.add(value.figure.pk)
                            yield section, chart, category, column, value


def _section(topic: Topic, intro: str, figures: Figures, charts_: list[Chart | None]) -> Section:
    shown = [chart for chart in charts_ if chart is not None]
    used = {
        value.figure.series.key: value.figure.series
        for chart in shown
        for row in chart.cells
        for value in row
        if value.figure is not None
    }
    has_municipality = any(
        value.figure is not None and value.figure.region_level == RegionLevel.MUNICIPALITY
        for chart in shown
        for row in chart.cells
        for value in row
    )
    note = (
        ""
        if has_municipality
        else _("The sources have no figures for %(municipality)s on this.")
        % {"municipality": figures.municipality.name}
    )
    return Section(
        topic=topic.value,
        title=str(topic.label),
        intro=intro,
        charts=shown,
        series=sorted(used.values(), key=lambda series: series.key),
        note=note,
    )


def statistics_page(*, municipality: Municipality) -> StatisticsPage:
    """The public statistics for a municipality, its county and the country, by topic. One
    query for the figures, whatever the municipality."""
    figures = Figures(municipality)
    cohort, year = _("Cohort (start–status)"), _("Year")
    sections = [
        _section(
            Topic.COMPLETION,
            _(
                "An effect goal of the 0–24 collaboration: more young people complete upper "
                "secondary school."
            ),
            figures,
            [
                trend_chart(
                    figures,
                    key="completion-trend",
                    title=_("Completed upper secondary school, by cohort"),
                    series_key="completion_total",
                    breakdown="",
                    header=cohort,
                ),
                breakdown_bar_chart(
                    figures,
                    key="completion-programmes",
                    title=_("Completed within 5/6 years by programme and sex, the whole country"),
                    series_key="completion_national",
                ),
                breakdown_table(
                    figures,
                    key="completion-changes",
                    title=_("Completed and the change from earlier cohorts, the whole country"),
                    series_keys=[
                        "completion_national",
                        "completion_national_change_2018",
                        "completion_national_change_2006",
                    ],
                    header=_("Programme and sex"),
                ),
                periods_table(
                    figures,
                    key="completion-school-county",
                    title=_("Completed within 5/6 years, by the county of the school"),
                    series_keys=["completion_school_county"],
                    levels=(RegionLevel.COUNTY, RegionLevel.NATION),
                    header=cohort,
                ),
            ],
        ),
        _section(
            Topic.NEET,
            _("Young people aged 15–29 in neither work, education nor labour market measures."),
            figures,
            [
                places_bar_chart(
                    figures,
                    key="neet",
                    title=_("Young people aged 15–29 outside work, education and measures"),
                    series_keys=["neet_municipality", "neet_county"],
                    breakdown="15–29 år",
                ),
            ],
        ),
        _section(
            Topic.CHILD_WELFARE,
            _("Children aged 0–17 who had a child welfare measure during the year."),
            figures,
            [
                trend_chart(
                    figures,
                    key="child-welfare-trend",
                    title=_("Children aged 0–17 with child welfare measures, by year"),
                    series_key="child_welfare_share",
                    breakdown="0–17 år",
                    header=year,
                ),
            ],
        ),
        _section(
            Topic.LOW_INCOME,
            _("Children aged 0–17 in households with persistent low income."),
            figures,
            [
                places_bar_chart(
                    figures,
                    key="low-income",
                    title=_("Children in households with persistent low income"),
                    series_keys=["low_income_share"],
                    breakdown="0–17 år",
                ),
                periods_table(
                    figures,
                    key="low-income-national",
                    title=_("Children in families with persistent low income, the whole country"),
                    series_keys=["low_income_children_national", "low_income_share_national"],
                    levels=(RegionLevel.NATION,),
                    header=_("Three-year period"),
                ),
            ],
        ),
    ]
    return StatisticsPage(municipality=municipality, sections=sections)
