"""Reading the public statistics for one municipality against its county and the country."""

from oversikt.selectors._shared import (
    Chart,
    SourceNote,
    Value,
    number_text,
    region_name,
    unit_label,
)
from oversikt.selectors.page import Section, StatisticsPage, statistics_page

__all__ = [
    "Chart",
    "Section",
    "SourceNote",
    "StatisticsPage",
    "Value",
    "number_text",
    "region_name",
    "statistics_page",
    "unit_label",
]
