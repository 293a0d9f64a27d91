import pytest
from django.core.exceptions import ValidationError

from municipalities.models import Municipality
from municipalities.services import reference_data_load
from tests.factories import UnitFactory, municipality
from units.models import Organisation, OrganisationKind
from units.services import organisation_of_municipality, organisations_sync


@pytest.fixture
def loaded(db, settings):
    reference_data_load(directory=settings.LAGET_REFERENCE_DATA_DIR)
    return organisations_sync()


def test_every_municipality_is_an_organisation_serving_itself(loaded):
    assert loaded.municipalities == 357
    porsgrunn = Organisation.objects.get(municipality_id="4001")
    assert porsgrunn.kind == OrganisationKind.MUNICIPALITY
    assert porsgrunn.name == "Porsgrunn kommune"
    assert porsgrunn.organisation_number == ""  # the reference data has none; none invented
    assert list(porsgrunn.serves.values_list("number", flat=True)) == ["4001"]
    # Two municipalities share the name Herøy: SSB's form keeps them apart.
    assert Organisation.objects.filter(name__startswith="Herøy (").count() == 2


def test_a_county_authority_serves_the_municipalities_of_its_county(loaded):
    telemark = Organisation.objects.get(county_id="40")
    assert telemark.kind == OrganisationKind.COUNTY_AUTHORITY
    assert telemark.name == "Telemark fylkeskommune"
    assert set(telemark.serves.values_list("number", flat=True)) == set(
        Municipality.objects.filter(county_id="40").values_list("number", flat=True)
    )
    assert "4001" in set(telemark.serves.values_list("number", flat=True))
    # Oslo kommune is Oslo's county authority too: no second body for it.
    assert not Organisation.objects.filter(county_id="03").exists()
    assert loaded.county_authorities == 14


def test_running_twice_changes_nothing(loaded):
    before = sorted(Organisation.objects.values_list("name", "kind"))
    serves = Organisation.serves.through.objects.count()
    again = organisations_sync()
    assert again == loaded
    assert sorted(Organisation.objects.values_list("name", "kind")) == before
    assert Organisation.serves.through.objects.count() == serves


def test_a_health_trusts_catchment_is_left_as_its_administrator_set_it(loaded):
    trust = Organisation.objects.create(kind=OrganisationKind.HEALTH_TRUST, name="Helse Test HF")
    trust.serves.set(["4001", "4003"])
    organisations_sync()
    assert set(trust.serves.values_list("number", flat=True)) == {"4001", "4003"}


@pytest.mark.parametrize("number", ["974123456", "12345678", "abcdefghi"])
def test_an_organisation_number_with_a_wrong_check_digit_is_refused(db, number):
    organisation = Organisation(
        kind=OrganisationKind.HEALTH_TRUST, name="Helse Test HF", organisation_number=number
    )
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "organisation_number" in error.value.message_dict


def test_a_valid_organisation_number_and_a_blank_one_are_accepted(db):
    # 123456785: mod 11 with weights 3 2 7 6 5 4 3 2 gives the check digit 5.
    Organisation(
        kind=OrganisationKind.STATE_AGENCY, name="Testetaten", organisation_number="123456785"
    ).full_clean()
    Organisation(kind=OrganisationKind.STATE_AGENCY, name="Testetaten 2").full_clean()


def test_a_new_unit_belongs_to_its_municipalitys_organisation(db):
    unit = UnitFactory(municipality=municipality("4003"))
    assert unit.organisation == organisation_of_municipality(municipality=municipality("4003"))
    assert unit.organisation.kind == OrganisationKind.MUNICIPALITY
