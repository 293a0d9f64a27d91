import csv
import shutil

import pytest
from django.core.management import CommandError, call_command

from municipalities.models import (
    County,
    Municipality,
    MunicipalityParallelName,
    PopulationByAge,
    PopulationTotal,
)
from municipalities.services import (
    ReferenceDataError,
    parse_parallel_names,
    reference_data_load,
)


@pytest.fixture
def loaded(db, settings):
    return reference_data_load(directory=settings.LAGET_REFERENCE_DATA_DIR)


def test_loads_all_357_municipalities_and_15_counties(loaded):
    assert Municipality.objects.count() == 357
    assert County.objects.count() == 15
    assert loaded.population_by_age_rows == 357 * 3 * 25
    assert Municipality.objects.get(number="4001").name == "Porsgrunn"


def test_sami_and_kven_parallel_names_are_kept_with_their_language(loaded):
    kautokeino = Municipality.objects.get(number="5612")
    assert kautokeino.name == "Guovdageaidnu - Kautokeino"
    assert kautokeino.sami_administrative_area is True
    assert list(kautokeino.parallel_names.values_list("name", "language")) == [
        ("Guovdageaidnu", "sme")
    ]
    storfjord = Municipality.objects.get(number="5538")
    assert set(storfjord.parallel_names.values_list("name", "language")) == {
        ("Omasvuotna", "sme"),
        ("Omasvuono", "fkv"),
    }
    assert MunicipalityParallelName.objects.get(name="Raane").language == ""
    assert Municipality.objects.get(number="5622").name == "Porsanger - Porsáŋgu - Porsanki"


def test_running_twice_duplicates_nothing(loaded, settings):
    counts = [
        model.objects.count()
        for model in (
            County,
            Municipality,
            MunicipalityParallelName,
            PopulationByAge,
            PopulationTotal,
        )
    ]
    call_command("load_reference_data")
    again = [
        model.objects.count()
        for model in (
            County,
            Municipality,
            MunicipalityParallelName,
            PopulationByAge,
            PopulationTotal,
        )
    ]
    assert again == counts


def test_county_populations_equal_the_sum_of_their_municipalities(loaded, settings):
    path = settings.LAGET_REFERENCE_DATA_DIR / "befolkning_fylke_aldersgrupper_2024_2026.csv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            ours = sum(
                PopulationByAge.objects.filter(
                    municipality__county_id=row["fylkesnummer"], year=int(row["per_1_januar"])
                ).values_list("count", flat=True)
            )
            assert ours == int(row["alder_0_24"]), row["fylkesnavn"]


def test_parallel_names_in_an_unknown_form_are_refused():
    with pytest.raises(ReferenceDataError, match="cannot read the parallel name"):
        parse_parallel_names("Navn (klingon)")


def _copy(settings, tmp_path):
    target = tmp_path / "no"
    shutil.copytree(settings.LAGET_REFERENCE_DATA_DIR, target)
    return target


def test_a_missing_file_is_named(db, settings, tmp_path):
    directory = _copy(settings, tmp_path)
    (directory / "fylker_2024.csv").unlink()
    with pytest.raises(CommandError, match=r"fylker_2024\.csv: file not found"):
        call_command("load_reference_data", directory=directory)


def test_a_bad_row_is_named_by_line_and_nothing_is_written(db, settings, tmp_path):
    directory = _copy(settings, tmp_path)
    path = directory / "befolkning_kommune_ettarig_alder_0_24_2024_2026.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[9] = lines[9].rsplit(",", 1)[0] + ",mange"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"line 10: antall must be a whole number"):
        reference_data_load(directory=directory)
    assert not Municipality.objects.exists()
    assert not County.objects.exists()
