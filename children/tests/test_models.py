from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from children.models import age_on, validate_identity_number


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (datetime.date(2012, 1, 1), datetime.date(2026, 12, 31), 14),
        (datetime.date(2012, 1, 1), datetime.date(2027, 1, 1), 15),
        (datetime.date(2008, 2, 29), datetime.date(2026, 2, 28), 17),
        (datetime.date(2008, 2, 29), datetime.date(2026, 3, 1), 18),
        (datetime.date(2008, 2, 29), datetime.date(2028, 2, 29), 20),
    ],
)
def test_age_counts_whole_years_including_29_february(born, on, age):
    assert age_on(born, on) == age


@pytest.mark.parametrize("number", ["01411250187", "05451150091"])
def test_valid_h_and_d_numbers_pass(number):
    validate_identity_number(number)


@pytest.mark.parametrize("number", ["01411250188", "1234", "abcdefghijk", "31021250187"])
def test_bad_identity_numbers_are_refused_with_a_clear_message(number):
    with pytest.raises(ValidationError) as error:
        validate_identity_number(number)
    assert error.value.code == "invalid_identity_number"
    # The message explains the rule but never repeats the number: it reaches pages and logs.
    assert number not in str(error.value)
    assert "11" in str(error.value)
