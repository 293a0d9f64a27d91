"""Municipal administrators record local practice in the admin, for their own municipality."""

from __future__ import annotations

import pytest

from audit.models import AccessEvent, Action
from rights.models import LocalPractice
from tests.factories import UserFactory, admin_of, municipality


@pytest.fixture
def admin_user(cast):
    user = UserFactory(username="porsgrunn-admin")
    admin_of(user, municipality("4001"))
    return user


def _form(**changes):
    data = {
        "municipality": "4001",
        "rule_id": "health.share.16-17",
        "practised_age": "15",
        "note": "Ungdom samtykker selv til Stafettloggen fra 15 år.",
        "source": "Rutine for Stafettloggen, vedtatt 2024",
    }
    data.update(changes)
    return data


def test_an_administrator_records_a_local_practice_and_it_is_audited(admin_user, client_for):
    response = client_for(admin_user).post("/admin/rights/localpractice/add/", _form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    practice = LocalPractice.objects.get()
    assert (practice.municipality_id, practice.practised_age) == ("4001", 15)
    assert practice.recorded_by == admin_user
    event = AccessEvent.objects.get(action=Action.ADMIN_CREATE)
    assert (event.object_type, event.chain) == ("rights.localpractice", "4001")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"municipality": "4003"}, "municipality"),
        ({"rule_id": "health.made-up"}, "rule_id"),
        ({"practised_age": "16"}, "practised_age"),
        ({"practised_age": "31"}, "practised_age"),
    ],
)
def test_a_bad_local_practice_is_refused_with_a_field_error(admin_user, client_for, changes, field):
    response = client_for(admin_user).post("/admin/rights/localpractice/add/", _form(**changes))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not LocalPractice.objects.exists()


def test_an_administrator_sees_only_own_municipalitys_practices(admin_user, client_for):
    LocalPractice.objects.create(
        municipality=municipality("4003"),
        rule_id="health.share.16-17",
        practised_age=15,
        note="Skien",
        source="Skien",
    )
    mine = LocalPractice.objects.create(
        municipality=municipality("4001"),
        rule_id="health.share.16-17",
        practised_age=15,
        note="Porsgrunn",
        source="Porsgrunn",
    )
    response = client_for(admin_user).get("/admin/rights/localpractice/")
    assert list(response.context["cl"].result_list) == [mine]


def test_a_professional_cannot_open_the_admin(cast, client_for):
    response = client_for(cast.colleague).get("/admin/rights/localpractice/")
    assert response.status_code == 302


# --- The date a change in the law enters into force: national, superusers only, audited ------


def _date_form(**changes):
    data = {"change_id": "bvl-party-12", "in_force_from": "2027-07-01", "source": "Lovdata"}
    data.update(changes)
    return data


def test_a_superuser_records_the_date_of_a_change_and_it_is_audited(db, client_for):
    from datetime import date

    from rights.models import RuleChangeDate

    operator = UserFactory(username="operator", is_superuser=True, is_staff=True)
    response = client_for(operator).post("/admin/rights/rulechangedate/add/", _date_form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    recorded = RuleChangeDate.objects.get()
    assert (recorded.in_force_from, recorded.recorded_by) == (date(2027, 7, 1), operator)
    event = AccessEvent.objects.get(action=Action.ADMIN_CREATE)
    assert event.object_type == "rights.rulechangedate"
    response = client_for(operator).post(
        f"/admin/rights/rulechangedate/{recorded.pk}/change/",
        _date_form(in_force_from="2027-08-01"),
    )
    assert response.status_code == 302
    assert AccessEvent.objects.filter(action=Action.ADMIN_UPDATE).count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"change_id": "popplyl-digital-15"},
        {"change_id": "oppl-2023-participation"},
        {"source": ""},
        {"source": "Lovdata\x00"},
        {"source": "x" * 501},
        {"in_force_from": "1. juli"},
    ],
)
def test_only_an_adopted_change_without_a_date_can_be_dated(db, client_for, changes):
    from rights.models import RuleChangeDate

    operator = UserFactory(username="operator", is_superuser=True, is_staff=True)
    response = client_for(operator).post("/admin/rights/rulechangedate/add/", _date_form(**changes))
    assert response.status_code == 200
    assert set(changes) <= set(response.context["adminform"].form.errors)
    assert not RuleChangeDate.objects.exists()


def test_a_municipal_administrator_cannot_date_a_change(admin_user, client_for):
    client = client_for(admin_user)
    assert client.get("/admin/rights/rulechangedate/").status_code == 403
    assert client.post("/admin/rights/rulechangedate/add/", _date_form()).status_code == 403
