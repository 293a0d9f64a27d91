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
    PostalCode,
)
from municipalities.services import (
    ReferenceDataError,
    parse_parallel_names,
    postal_codes_load,
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
            PostalCode,
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
            PostalCode,
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


def test_the_postcode_register_is_loaded_with_its_primary_municipalities(loaded):
    assert loaded.postal_codes == 5122
    assert PostalCode.objects.count() == 5122
    porsgrunn = PostalCode.objects.get(code="3916")
    assert (porsgrunn.place, porsgrunn.municipality_id, porsgrunn.category) == (
        "PORSGRUNN",
        "4001",
        "G",
    )
    assert PostalCode.objects.get(code="9520").municipality_id == "5612"
    # Svalbard and Jan Mayen are in the register but are not municipalities.
    svalbard = PostalCode.objects.get(code="9170")
    assert (svalbard.municipality, svalbard.municipality_number) == (None, "2100")
    assert PostalCode.objects.filter(municipality__isnull=True).count() == 8


def _postcode_file(directory, edit):
    path = directory / "postnummer_2024.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    edit(lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_loading_the_register_again_updates_and_removes_what_it_no_longer_has(
    loaded, settings, tmp_path
):
    directory = _copy(settings, tmp_path)

    def edit(lines):
        assert lines[1].startswith("0001,")
        del lines[1]
        assert lines[2].startswith("0015,")
        lines[2] = lines[2].replace(",OSLO,", ",OSLO SENTRUM,", 1)

    _postcode_file(directory, edit)
    assert postal_codes_load(directory=directory) == 5121
    assert not PostalCode.objects.filter(code="0001").exists()
    assert PostalCode.objects.get(code="0015").place == "OSLO SENTRUM"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("39a6,PORSGRUNN,4001,PORSGRUNN,G", r"line 3: postnummer must be four digits, not '39a6'"),
        ("0010,OSLO,0301,OSLO,B", r"line 3: postnummer 0010 is given again \(first on line 2\)"),
        ("3916,PORSGRUNN,9999,PORSGRUNN,G", r"line 3: kommunenummer '9999' is not a known"),
        ("3916,PORSGRUNN,4001,PORSGRUNN,X", r"line 3: kategori must be one of B, F, G, P, S"),
        ("3916,,4001,PORSGRUNN,G", r"line 3: poststed is empty"),
        ("3916,PORSGRUNN", r"line 3: kommunenummer '' is not a known municipality"),
    ],
)
def test_a_bad_postcode_row_is_named_by_line_and_column_and_nothing_is_written(
    db, settings, tmp_path, row, message
):
    directory = _copy(settings, tmp_path)

    def edit(lines):
        lines[1:] = ["0010,OSLO,0301,OSLO,B", row]

    _postcode_file(directory, edit)
    with pytest.raises(ReferenceDataError, match=r"postnummer_2024\.csv " + message):
        reference_data_load(directory=directory)
    assert not Municipality.objects.exists()
    assert not PostalCode.objects.exists()


def test_a_nul_byte_in_the_register_is_named_by_line(db, settings, tmp_path):
    directory = _copy(settings, tmp_path)

    def edit(lines):
        lines[4] = lines[4].replace("OSLO", "OS\x00LO", 1)

    _postcode_file(directory, edit)
    with pytest.raises(
        CommandError, match=r"postnummer_2024\.csv line 5: poststed has a control character"
    ):
        call_command("load_reference_data", directory=directory)
    assert not PostalCode.objects.exists()
