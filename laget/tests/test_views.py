"""The start page: one section per role the user holds, and the header naming where they work."""

import pytest
from django.urls import reverse

from municipalities.services import reference_data_load
from people.models import AnalystAccess
from tests.factories import UserFactory, admin_of, municipality


def test_start_page_without_login_redirects_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('people:login')}?next=/"


def test_professional_start_page_lists_own_units_only(cast, client_for):
    response = client_for(cast.colleague).get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Vestsiden ungdomsskole" in body
    assert "Tveten skole" not in body
    assert "Helsestasjonen i Skien" not in body


def test_header_names_the_users_municipality(cast, client_for):
    body = client_for(cast.foreigner).get("/").content.decode()
    assert "Skien" in body
    assert "Porsgrunn" not in body


def test_administrator_start_page_counts_own_municipality(cast, client_for):
    admin = UserFactory(username="admin")
    admin_of(admin, municipality("4001"))
    body = client_for(admin).get("/").content.decode()
    assert "2 enheter" in body  # Vestsiden and Tveten, not Skien's unit
    assert "3 ansatte" in body


@pytest.mark.django_db
def test_analyst_sees_population_aggregates_of_their_county(client_for, settings):
    reference_data_load(directory=settings.LAGET_REFERENCE_DATA_DIR)
    analyst = UserFactory(username="analyst")
    AnalystAccess.objects.create(user=analyst, county_id="40", organisation="Statsforvalteren")
    response = client_for(analyst).get("/")
    rows = {row.code: row for row in response.context["start"].analyst.rows}
    assert set(rows) == {m.number for m in municipality("4001").county.municipalities.all()}
    assert len(rows) == 17
    # Porsgrunn's 0–24 population on 1 January 2026, straight from the SSB file.
    assert response.context["start"].analyst.year == 2026
    assert rows["4001"].total == _population_0_24("4001", 2026, settings)


def _population_0_24(number, year, settings):
    import csv

    path = settings.LAGET_REFERENCE_DATA_DIR / "befolkning_kommune_aldersgrupper_2024_2026.csv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["kommunenummer"] == number and row["per_1_januar"] == str(year):
                return int(row["alder_0_24"])
    raise AssertionError("not in the file")


def test_a_professionals_start_page_reads_the_memberships_once(cast, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.colleague)
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    reads = [q["sql"] for q in captured.captured_queries if "set_config(" not in q["sql"]]
    # The sections, the header's place and the access checks share one read of the memberships;
    # a professional administers and leads nothing, so those are not asked for.
    assert sum(sql.startswith('SELECT "people_membership"."') for sql in reads) == 1
    assert not any('FROM "municipalities_municipality"' in sql for sql in reads)
