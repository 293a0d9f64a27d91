import datetime

import pytest

from rights.selectors import age_on

D = datetime.date


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (D(2010, 6, 15), D(2010, 6, 15), 0),
        (D(2010, 6, 15), D(2026, 6, 14), 15),
        (D(2010, 6, 15), D(2026, 6, 15), 16),
        (D(2010, 6, 15), D(2026, 12, 31), 16),
        (D(2010, 12, 31), D(2026, 1, 1), 15),
        # Born on 29 February: in a year without it, the birthday counts from 1 March.
        (D(2008, 2, 29), D(2026, 2, 28), 17),
        (D(2008, 2, 29), D(2026, 3, 1), 18),
        (D(2008, 2, 29), D(2028, 2, 28), 19),
        (D(2008, 2, 29), D(2028, 2, 29), 20),
        (D(2004, 2, 29), D(2029, 2, 28), 24),
        (D(2004, 2, 29), D(2029, 3, 1), 25),
    ],
)
def test_age_in_whole_years_counts_the_birthday_itself(born, on, age):
    assert age_on(born, on) == age


def test_a_date_before_birth_is_an_error():
    with pytest.raises(ValueError, match="before"):
        age_on(D(2020, 1, 2), D(2020, 1, 1))
