from __future__ import annotations

import pytest
from django.urls import reverse

from children.models import RecordType, RetentionRule
from conftest import verified_client
from tests.factories import UserFactory, admin_of, municipality

pytestmark = pytest.mark.django_db


def test_an_administrator_sets_retention_for_their_own_municipality_only():
    porsgrunn, skien = municipality("4001"), municipality("4003")
    anne, geir = UserFactory(username="anne"), UserFactory(username="geir")
    admin_of(anne, porsgrunn)
    admin_of(geir, skien)
    rule = RetentionRule.objects.create(
        municipality=porsgrunn, record_type=RecordType.TEAM, keep_years=8, basis="Arkivplan"
    )
    url = reverse("admin:children_retentionrule_change", args=[rule.pk])
    assert verified_client(anne).get(url).status_code == 200
    assert verified_client(geir).get(url).status_code in (302, 404)
    response = verified_client(anne).post(
        reverse("admin:children_retentionrule_add"),
        {"municipality": skien.pk, "record_type": "concern", "keep_years": 2, "basis": "x"},
    )
    assert response.status_code == 200  # the form refuses another municipality
    assert not RetentionRule.objects.filter(municipality=skien).exists()
