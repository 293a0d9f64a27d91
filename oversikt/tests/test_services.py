import datetime
import re
import tomllib
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from oversikt.catalogue import CATALOGUE, CatalogueError, catalogue, catalogue_parse
from oversikt.models import Figure, RegionLevel, Series, Source
from oversikt.readers import StatisticsDataError
from oversikt.services import statistics_load
from oversikt.tests.conftest import line_replace

CHILD_WELFARE = "barnevernstiltak_0_17_telemark_fhi_2015_2024.csv"
COMPLETION = "gjennomforing_vgo_fylke_ssb14882_kull2014_2019.csv"
STATISTICS_FILE = re.compile(
    r"^(gjennomforing_vgo_|unge_utenfor_neet_|barnevernstiltak_|vedvarende_lavinntekt_).*\.csv$"
)


def _figure(series: str, region: str, period: str, breakdown: str = "") -> Figure:
    return Figure.objects.get(
        series__key=series, region_code=region, period=period, breakdown=breakdown
    )


def test_the_catalogue_names_every_statistics_file_in_the_data_folder(settings):
    in_folder = {
        path.name
        for path in settings.LAGET_REFERENCE_DATA_DIR.iterdir()
        if STATISTICS_FILE.match(path.name)
    }
    assert len(in_folder) == 8
    assert {spec.file for spec in catalogue()} == in_folder


def test_every_file_is_loaded_with_its_source_table_and_definition(statistics):
    assert statistics.sources == 8
    assert statistics.created == Figure.objects.count() == 823
    completion = Series.objects.select_related("source").get(key="completion_total")
    assert completion.source.table == "14882"
    assert completion.source.publisher_nb == "Statistisk sentralbyrå (SSB)"
    assert completion.unit == "percent"
    assert completion.definition_nb.startswith("Andelen av elevene")
    assert Source.objects.get(key="fhi_337").table == "337"
    for figure in Figure.objects.all():
        assert figure.loaded_at is not None
        assert figure.line >= 2


def test_figures_keep_the_source_values_and_counts_behind_them(statistics):
    nation = _figure("completion_total", "0", "2019–2025")
    assert nation.region_level == RegionLevel.NATION
    assert nation.region_name == "Total"
    assert nation.value == Decimal("81.8")
    assert (nation.numerator, nation.denominator) == (47042 + 6385, 65293)
    assert (nation.period_start, nation.period_end) == (2019, 2025)
    porsgrunn = _figure("child_welfare_share", "4001", "2015", "0–17 år")
    assert porsgrunn.municipality_id == "4001"
    assert porsgrunn.value == Decimal("5.2")
    assert _figure("neet_county", "40", "2024", "30–61 år").value == Decimal("19.5")
    assert _figure("low_income_share", "4003", "2021–2023", "0–17 år").value == 14
    vocational_boys = _figure("completion_national", "0", "2019–2025", "Yrkesfag, gutter")
    assert (vocational_boys.value, vocational_boys.denominator) == (Decimal("66.6"), 17773)
    assert _figure(
        "completion_national_change_2018", "0", "2019–2025", "Alle utdanningsprogram, begge kjønn"
    ).value == Decimal("-0.8")
    article = _figure("low_income_children_national", "0", "2019–2021")
    assert article.value == 110700
    assert article.url.startswith("https://www.ssb.no/")


def test_counties_before_2020_are_linked_to_todays_county_of_the_same_name(statistics):
    telemark = _figure("completion_total", "08", "2017–2023")
    assert (telemark.county_id, telemark.older_division) == ("40", True)
    assert _figure("completion_total", "19", "2017–2023").county_id == "55"  # Troms - Romsa
    hedmark = _figure("completion_total", "04", "2017–2023")
    assert (hedmark.county_id, hedmark.older_division) == (None, True)
    finnmark = _figure("completion_school_county", "Finnmark", "2016–2022")
    assert finnmark.county_id == "56"
    # Counties from 2024 are today's counties.
    today = _figure("neet_county", "56", "2024", "15–29 år")
    assert (today.county_id, today.older_division) == ("56", False)


def test_running_again_changes_nothing_not_even_a_date(statistics, settings):
    before = {figure.pk: (figure.value, figure.loaded_at) for figure in Figure.objects.all()}
    sources = dict(Source.objects.values_list("key", "loaded_at"))
    report = statistics_load(directory=settings.LAGET_REFERENCE_DATA_DIR)
    assert (report.created, report.updated, report.deleted) == (0, 0, 0)
    assert report.unchanged == 823
    after = {figure.pk: (figure.value, figure.loaded_at) for figure in Figure.objects.all()}
    assert after == before
    assert dict(Source.objects.values_list("key", "loaded_at")) == sources


def test_a_changed_value_updates_that_figure_and_its_date_only(places, data_copy):
    statistics_load(directory=data_copy)
    later = timezone.now() + datetime.timedelta(days=1)
    Figure.objects.update(loaded_at=later - datetime.timedelta(days=2))
    line_replace(data_copy / CHILD_WELFARE, "4001,Porsgrunn,2015,", ",5.2", ",5.3")
    report = statistics_load(directory=data_copy)
    assert (report.created, report.updated, report.deleted) == (0, 1, 0)
    changed = _figure("child_welfare_share", "4001", "2015", "0–17 år")
    assert changed.value == Decimal("5.3")
    assert changed.loaded_at > later - datetime.timedelta(days=1)
    assert Figure.objects.filter(loaded_at__gt=later - datetime.timedelta(days=1)).count() == 1
    assert Source.objects.get(key="fhi_337").sha256 != Source.objects.get(key="fhi_403").sha256


def test_a_row_taken_out_of_the_file_is_taken_out_of_the_database(places, data_copy):
    statistics_load(directory=data_copy)
    path = data_copy / CHILD_WELFARE
    path.write_text(
        "".join(
            line
            for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
            if not line.startswith("4001,Porsgrunn,2015,")
        ),
        encoding="utf-8",
    )
    report = statistics_load(directory=data_copy)
    assert report.deleted == 1
    assert not Figure.objects.filter(region_code="4001", period="2015").exists()


@pytest.mark.parametrize("symbol", ["", ".", "..", "...", ":"])
def test_a_value_the_source_leaves_out_is_missing_not_zero(places, data_copy, symbol):
    line_replace(data_copy / CHILD_WELFARE, "4001,Porsgrunn,2016,", ",5.3", f",{symbol}")
    line_replace(data_copy / COMPLETION, "08,Telemark (-2019),2017-2023,", ",2270,", f",{symbol},")
    statistics_load(directory=data_copy)
    figure = _figure("child_welfare_share", "4001", "2016", "0–17 år")
    assert figure.value is None
    assert figure.missing_symbol == symbol
    started = _figure("completion_started", "08", "2017–2023")
    assert started.value is None
    # The share keeps its value; the count behind it is unknown.
    share = _figure("completion_total", "08", "2017–2023")
    assert (share.value, share.denominator) == (Decimal("81.0"), None)


@pytest.mark.parametrize(
    ("file", "starts", "old", "new", "message"),
    [
        (
            CHILD_WELFARE,
            "4001,Porsgrunn,2015,",
            ",5.2",
            ",5,2",
            rf"{CHILD_WELFARE} line 22: 6 fields, but the header has 5",
        ),
        (
            CHILD_WELFARE,
            "4001,Porsgrunn,2015,",
            ",5.2",
            ",fem",
            rf"{CHILD_WELFARE} line 22, column 5 \(andel_barn_med_barnevernstiltak_prosent\): "
            r"'fem' is not a number",
        ),
        (
            CHILD_WELFARE,
            "4001,Porsgrunn,2015,",
            "4001,",
            "4999,",
            rf"{CHILD_WELFARE} line 22, column 1 \(region_kode\): 4999 is not a municipality",
        ),
        (
            CHILD_WELFARE,
            "4001,Porsgrunn,2015,",
            ",2015,",
            ",i fjor,",
            r"line 22, column 3 \(aar\): 'i fjor' is not a year",
        ),
        (
            CHILD_WELFARE,
            "4001,Porsgrunn,2015,",
            "Porsgrunn",
            "Pors\x00grunn",
            r"line 22, column 2 \(region\): a control character \(U\+0000\)",
        ),
        (
            CHILD_WELFARE,
            "4001,Porsgrunn,2016,",
            ",2016,",
            ",2015,",
            r"line 23, column 1 \(region_kode\): Porsgrunn 2015 0–17 år is given again "
            r"\(first on line 22\)",
        ),
        (
            COMPLETION,
            "08,Telemark (-2019),2017-2023,",
            ",2270,",
            ",-2270,",
            r"column 5 \(elever_startet\): '-2270' is not a whole number of people",
        ),
        (
            COMPLETION,
            "08,Telemark (-2019),2017-2023,2017,",
            ",2017,",
            ",2016,",
            r"column 4 \(startaar\): '2016' is not the first year of 2017–2023",
        ),
    ],
)
def test_a_bad_row_is_named_by_file_line_and_column_and_nothing_is_written(
    places, data_copy, file, starts, old, new, message
):
    line_replace(data_copy / file, starts, old, new)
    with pytest.raises(StatisticsDataError, match=message):
        statistics_load(directory=data_copy)
    assert not Figure.objects.exists()
    assert not Source.objects.exists()


def test_a_missing_column_and_a_missing_file_are_named(places, data_copy):
    path = data_copy / CHILD_WELFARE
    path.write_text(path.read_text(encoding="utf-8").replace("region_kode", "kode", 1))
    with pytest.raises(
        StatisticsDataError, match=rf"{CHILD_WELFARE} line 1: missing columns region_kode"
    ):
        statistics_load(directory=data_copy)
    path.unlink()
    with pytest.raises(StatisticsDataError, match=rf"{CHILD_WELFARE}: file not found"):
        statistics_load(directory=data_copy)


def test_a_file_that_is_not_utf8_is_named(places, data_copy):
    path = data_copy / CHILD_WELFARE
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    with pytest.raises(
        StatisticsDataError, match=rf"{CHILD_WELFARE} after line \d+: the file is not UTF-8"
    ):
        statistics_load(directory=data_copy)


def test_statistics_need_the_municipalities_first(db, settings):
    with pytest.raises(StatisticsDataError, match="load_reference_data first"):
        statistics_load(directory=settings.LAGET_REFERENCE_DATA_DIR)


def test_the_command_reports_and_turns_errors_into_command_errors(places, data_copy, capsys):
    call_command("load_statistics", directory=data_copy)
    assert "823 figures new" in capsys.readouterr().out
    line_replace(data_copy / CHILD_WELFARE, "4001,Porsgrunn,2015,", ",5.2", ",x")
    with pytest.raises(CommandError, match="line 22, column 5"):
        call_command("load_statistics", directory=data_copy)


@pytest.mark.django_db
def test_the_reference_data_command_loads_the_statistics_too(settings, capsys):
    call_command("load_reference_data")
    out = capsys.readouterr().out
    assert "Reference data loaded" in out
    assert "Statistics loaded" in out
    assert Figure.objects.count() == 823


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "blå"}, "unknown keys colour"),
        ({"layout": "pdf"}, "unknown layout 'pdf'"),
        ({"division": "1990"}, "division must be one of"),
        ({"series": []}, "at least one"),
    ],
)
def test_a_broken_catalogue_is_refused_with_the_key(change, message):
    data = tomllib.loads(CATALOGUE.read_text(encoding="utf-8"))
    data["sources"]["fhi_337"].update(change)
    with pytest.raises(CatalogueError, match=rf"sources\.fhi_337: {message}"):
        catalogue_parse(data)


def test_a_series_with_an_unknown_topic_is_refused():
    data = tomllib.loads(CATALOGUE.read_text(encoding="utf-8"))
    data["sources"]["fhi_337"]["series"][0]["topic"] = "weather"
    with pytest.raises(CatalogueError, match=r"series\[0\]: unknown topic 'weather'"):
        catalogue_parse(data)
