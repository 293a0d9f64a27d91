import pytest
from django.utils import timezone

from transitions.demo import transitions_demo_seed
from transitions.models import Transition, TransitionKind, TransitionStatus


@pytest.mark.django_db
def test_the_demo_seeds_a_sixteen_year_old_mid_transition_once(world):
    arguments = {
        "coordinator": world.coordinator,
        "sending_unit": world.school,
        "receiving_unit": world.upper_secondary,
    }
    first = transitions_demo_seed(**arguments)
    assert transitions_demo_seed(**arguments) == first
    assert Transition.objects.count() == 1
    assert first.kind == TransitionKind.LOWER_UPPER_SECONDARY
    assert first.status == TransitionStatus.OPEN
    assert first.team.child.age_on(timezone.localdate()) == 16
    assert first.team.child.municipality.name == "Porsgrunn"
    assert first.starts_on > timezone.localdate()
