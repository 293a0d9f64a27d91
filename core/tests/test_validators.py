import pytest
from django.core.exceptions import ValidationError

from core.validators import validate_phone_number


@pytest.mark.parametrize(
    "number",
    [
        "35 54 60 00",
        "+47 35 54 60 00",
        "22 40 00 40",
        "800 33 321",
        "116 111",
        "113",
        "02800",
        "+44 1234 234567",
        "116 006",
    ],
)
def test_real_phone_numbers_are_accepted(number):
    validate_phone_number(number)


@pytest.mark.parametrize("number", ["12345", "ring oss", "+1 (555) 123-4567", "35 54 60 0"])
def test_broken_phone_numbers_are_refused_with_a_clear_message(number):
    with pytest.raises(ValidationError) as error:
        validate_phone_number(number)
    assert f"{number} is not a valid phone number" in str(error.value.messages[0]) or (
        f"{number} er ikke et gyldig telefonnummer" in str(error.value.messages[0])
    )
