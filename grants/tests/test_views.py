"""The pages: the public catalogue, a municipality's programme (its leaders and
administrators; others 404), recording a grant through the form, and the aggregates."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessEvent
from conftest import verified_client
from grants.models import Grant, GrantReport, SchemeDeadline
from grants.tests.conftest import PORSGRUNN, SKIEN, analyst_of, leader_of
from people.models import Role
from tests.factories import UnitFactory, municipality
from units.forms import UNIT_LIST_MAX

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def form_data(**fields) -> dict[str, str]:
    data = {
        "kommune": PORSGRUNN,
        "scheme": "bufdir-inkludering-barn-unge",
        "status": "granted",
        "amount_applied": "400000",
        "amount_granted": "300000",
        "period_start": "2026-01-01",
        "period_end": "2027-12-31",
        "measures": "Åpen møteplass\nLos",
        "report_due_on": "2028-01-31",
    }
    return {**data, **fields}


def test_the_catalogue_and_a_scheme_are_public(schemes):
    client = Client()
    page = client.get(reverse("grants:catalogue"), **EN)
    assert page.status_code == 200
    assert "Tilskudd til inkludering av barn og unge" in page.content.decode()
    assert f'href="{reverse("digest:subscribe")}"' in page.content.decode()
    scheme = client.get(reverse("grants:scheme", args=["bufdir-inkludering-barn-unge"]), **EN)
    assert scheme.status_code == 200
    body = scheme.content.decode()
    assert "From 50\xa0000 kr" in body
    assert "31.10.2025" in body
    assert "forskrift 23. november 2021 nr. 3261" in body
    assert client.get(reverse("grants:scheme", args=["nothing-here"])).status_code == 404


def test_the_catalogue_filters_by_directorate_and_refuses_an_unknown_one(schemes):
    client = Client()
    page = client.get(reverse("grants:catalogue"), {"owner": "imdi"}, **EN).content.decode()
    assert "kvalifiserings- og integreringstiltak" in page
    assert "Kommunalt rusarbeid" not in page
    bad = client.get(reverse("grants:catalogue"), {"owner": "nasa"}, **EN)
    assert bad.status_code == 400
    assert "Choose a directorate from the list." in bad.content.decode()


def test_a_leader_records_a_grant_and_sees_it_in_the_plan(schemes, leader, school):
    client = verified_client(leader)
    response = client.post(reverse("grants:programme"), form_data(units=[str(school.pk)]), **EN)
    assert response.status_code == 302
    grant = Grant.objects.get()
    assert grant.municipality_id == PORSGRUNN
    assert list(grant.units.all()) == [school]
    page = client.get(response["Location"], **EN).content.decode()
    assert "Los" in page
    assert "300\xa0000 kr" in page
    assert "31.1.2028" in page


def test_an_administrator_records_too(schemes):
    admin = leader_of(PORSGRUNN, role=Role.MUNICIPAL_ADMIN)
    response = verified_client(admin).post(reverse("grants:programme"), form_data(), **EN)
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"amount_applied": "-5"}, "An amount cannot be negative."),
        ({"period_end": "2025-12-31"}, "The period cannot end before it starts."),
        ({"measures": "Møte\x00plass"}, "The text contains an invalid character (NUL)."),
        ({"measures": "x" * 20_001}, "it has 20001"),
        ({"amount_applied": "mange"}, "Give the amount in whole kroner, digits only."),
    ],
)
def test_bad_input_answers_400_keeps_what_was_typed_and_writes_nothing(
    schemes, leader, fields, message
):
    before = AccessEvent.objects.count()
    response = verified_client(leader).post(reverse("grants:programme"), form_data(**fields), **EN)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    # What was typed stays in the form.
    assert 'value="bufdir-inkludering-barn-unge" selected' in body
    assert 'value="2026-01-01"' in body
    assert not Grant.objects.exists()
    assert AccessEvent.objects.count() == before


def test_another_municipalitys_leader_an_analyst_and_staff_get_404(schemes, leader, school):
    verified_client(leader).post(reverse("grants:programme"), form_data(), **EN)
    report = GrantReport.objects.get()
    for outsider in (leader_of(SKIEN), analyst_of("40")):
        client = verified_client(outsider)
        assert client.get(reverse("grants:programme"), {"kommune": PORSGRUNN}).status_code == 404
        assert client.post(reverse("grants:programme"), form_data()).status_code == 404
        done = client.post(reverse("grants:report_done", args=[report.pk]))
        assert done.status_code == 404
    assert Grant.objects.count() == 1
    assert GrantReport.objects.get().done_on is None


def test_a_leader_marks_a_report_sent(schemes, leader):
    client = verified_client(leader)
    client.post(reverse("grants:programme"), form_data(), **EN)
    report = GrantReport.objects.get()
    response = client.post(reverse("grants:report_done", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.done_on is not None


def test_the_programme_page_reads_in_a_fixed_number_of_queries(schemes, leader, school):
    client = verified_client(leader)
    client.post(reverse("grants:programme"), form_data(units=[str(school.pk)]))
    url = reverse("grants:programme")
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(12):
        client.post(url, form_data(units=[str(school.pk)]))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(one)
    # The form's units are counted, and read only when few: with many, one query fewer.
    for n in range(45):
        UnitFactory(municipality=municipality(PORSGRUNN), name=f"Enhet {n:02}")
    with CaptureQueriesContext(connection) as more_units:
        assert client.get(url).status_code == 200
    assert len(more_units) == len(one) - 1


def _unit_boxes(html: str) -> int:
    return html.count('name="units"')


def test_with_many_units_the_form_lists_the_ticked_and_those_found_by_name(schemes, leader, school):
    porsgrunn = municipality(PORSGRUNN)
    others = [
        UnitFactory(municipality=porsgrunn, name=f"Barnehage {n:02}") for n in range(UNIT_LIST_MAX)
    ]
    client = verified_client(leader)
    url = reverse("grants:programme")
    page = client.get(url, {"kommune": PORSGRUNN}, **EN).content.decode()
    assert 'id="unit-search"' in page
    assert _unit_boxes(page) == 0

    # Finding sends the form back unsaved, with what was filled in and the ticked unit kept.
    found = client.post(
        url,
        form_data(units=[str(school.pk)], unit_search="barnehage 0", action="find"),
        **EN,
    )
    assert found.status_code == 200
    assert not Grant.objects.exists()
    html = found.content.decode()
    assert _unit_boxes(html) == 11  # the school, ticked, and Barnehage 00–09
    school_box = html.split(f'value="{school.pk}"')[1].split(">")[0]
    assert "checked" in school_box
    assert "10 units found; they are in the list below." in html
    assert "Åpen møteplass" in html

    # Any unit of the municipality is accepted, listed or not; another's is not.
    recorded = client.post(url, form_data(units=[str(others[-1].pk)]), **EN)
    assert recorded.status_code == 302
    assert list(Grant.objects.get().units.all()) == [others[-1]]
    elsewhere = UnitFactory(municipality=municipality(SKIEN))
    refused = client.post(url, form_data(units=[str(elsewhere.pk)]), **EN)
    assert refused.status_code == 400
    assert Grant.objects.count() == 1


def test_with_few_units_the_form_lists_them_all(schemes, leader, school):
    page = verified_client(leader).get(reverse("grants:programme"), {"kommune": PORSGRUNN}, **EN)
    html = page.content.decode()
    assert 'id="unit-search"' not in html
    assert _unit_boxes(html) == 1


def test_aggregates_are_for_analysts_only(schemes, leader):
    verified_client(leader).post(reverse("grants:programme"), form_data())
    county = verified_client(analyst_of("40")).get(reverse("grants:aggregates"), **EN)
    assert county.status_code == 200
    assert "Porsgrunn" in county.content.decode()
    national = verified_client(analyst_of(None)).get(reverse("grants:aggregates"), **EN)
    assert national.status_code == 200
    assert "Telemark" in national.content.decode()
    assert verified_client(leader).get(reverse("grants:aggregates")).status_code == 404


def test_the_start_page_reminds_who_keeps_the_programme_of_reports_and_deadlines(schemes, leader):
    today = timezone.localdate()
    client = verified_client(leader)
    client.post(
        reverse("grants:programme"),
        form_data(
            period_start=str(today - datetime.timedelta(days=100)),
            period_end=str(today + datetime.timedelta(days=100)),
            report_due_on=str(today - datetime.timedelta(days=1)),
            interim_report_on=str(today + datetime.timedelta(days=70)),
        ),
    )
    SchemeDeadline.objects.create(
        scheme=schemes["helsedir-kommunalt-rusarbeid"],
        kind="application",
        due_on=today + datetime.timedelta(days=20),
    )
    page = client.get(reverse("laget:home"), **EN).content.decode()
    overdue = (today - datetime.timedelta(days=1)).strftime("%-d.%-m.%Y")
    assert f"Overdue:</strong> {overdue} – Porsgrunn: report on the grant from" in page
    assert "Application deadline: Kommunalt rusarbeid" in page
    # Beyond 60 days: not yet.
    later = (today + datetime.timedelta(days=70)).strftime("%-d.%-m.%Y")
    assert later not in page
    # The programme page lists the same report; another municipality's leader sees neither.
    other = verified_client(leader_of(SKIEN)).get(reverse("laget:home"), **EN).content.decode()
    assert "report on the grant" not in other


def test_an_ended_scheme_shows_no_deadline_and_no_year(schemes):
    ended = schemes["udir-ungdom-utenfor-opplaering-arbeid"]
    assert ended.deadlines.exists()
    current = schemes["bufdir-inkludering-barn-unge"]
    client = Client()
    response = client.get(reverse("grants:catalogue"), {"owner": "udir"}, **EN)
    content = response.content.decode()
    assert ended.name in content
    assert "Ended or merged into another scheme" in content
    assert f"Ended or merged into another scheme ({ended.status_year})" not in content
    for deadline in ended.deadlines.all():
        assert deadline.due_on.strftime("%-d.%-m.%Y") not in content
    page = client.get(reverse("grants:scheme", args=[ended.key]), **EN).content.decode()
    assert f"({ended.status_year})" not in page
    # A current scheme keeps its deadlines and its year.
    response = client.get(reverse("grants:catalogue"), {"owner": "bufdir"}, **EN)
    content = response.content.decode()
    assert f"({current.status_year})" in content
    for deadline in current.deadlines.all():
        assert deadline.due_on.strftime("%-d.%-m.%Y") in content
