from __future__ import annotations

import pytest

from directory.reference import taxonomies_load
from knowledge.reference import DEMO_ROUTINES_FILE, materials_seed
from tests.factories import municipality


@pytest.fixture
def seeded(db) -> None:
    """The directory's taxonomies and thesaurus, the national materials and Porsgrunn's demo
    routines, as the demo has them."""
    taxonomies_load()
    municipality("4001")
    materials_seed()
    materials_seed(DEMO_ROUTINES_FILE, local=True)
