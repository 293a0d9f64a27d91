import datetime

import pytest

from rights.selectors import age_on
from rights.table import born_by

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


@pytest.mark.parametrize(
    ("age", "on", "latest"),
    [
        (12, D(2027, 7, 1), D(2015, 7, 1)),
        (1, D(2027, 7, 1), D(2026, 7, 1)),
        # 29 February on the day, in a year back without it: 28 February is the latest.
        (3, D(2028, 2, 29), D(2025, 2, 28)),
        (4, D(2028, 2, 29), D(2024, 2, 29)),
        # 28 February in an ordinary year: someone born on 29 February is not yet a year older.
        (2, D(2026, 2, 28), D(2024, 2, 28)),
    ],
)
def test_born_by_is_the_latest_birth_date_of_an_age(age, on, latest):
    assert born_by(age, on) == latest
    assert age_on(latest, on) >= age
    assert age_on(latest + datetime.timedelta(days=1), on) < age


@pytest.mark.parametrize("on", [D(2026, 2, 28), D(2026, 3, 1), D(2028, 2, 29), D(2027, 12, 31)])
def test_born_by_agrees_with_age_on_for_every_birth_date_of_four_years(on):
    """Every birth date over four years and more (29 February twice): born on or before
    `born_by(age, on)` exactly when `age_on` says `age` or older."""
    born = D(2019, 1, 1)
    while born <= D(2024, 12, 31):
        for age in range(9):
            assert (born <= born_by(age, on)) == (age_on(born, on) >= age), (born, age, on)
        born += datetime.timedelta(days=1)
