"""Which consent covers a unit on a day (`consents.selectors.consent_covering`)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from consents.models import Consent
from consents.selectors import consent_covering

pytestmark = pytest.mark.django_db


def test_a_consent_covers_from_its_first_to_its_last_day_and_not_after(world):
    today = timezone.localdate()
    consent = consent_covering(child_id=world.child.pk, unit_id=world.health.pk, on=today)
    assert consent is not None
    last = today + datetime.timedelta(days=5)
    Consent.objects.filter(pk=consent.pk).update(valid_until=last)
    day = datetime.timedelta(days=1)

    def covering(on: datetime.date) -> Consent | None:
        return consent_covering(child_id=world.child.pk, unit_id=world.health.pk, on=on)

    assert covering(consent.valid_from) == consent
    assert covering(consent.valid_from - day) is None
    assert covering(last) == consent
    assert covering(last + day) is None
