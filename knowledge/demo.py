"""The knowledge base in the demo: the national materials, Porsgrunn's fictional routines and
two editors. Deterministic and idempotent."""

from __future__ import annotations

from knowledge.models import Material
from knowledge.reference import DEMO_ROUTINES_FILE, materials_seed
from knowledge.services import editor_appoint
from municipalities.models import Municipality
from people.models import User

# Who edits what in the demo: the state's analyst curates the national material, Porsgrunn's
# municipal leader its routines.
NATIONAL_EDITOR = "sven.statistikk"
MUNICIPAL_EDITORS = {"mette.leder": "4001"}


def knowledge_demo_seed(*, users: dict[str, User]) -> int:
    """Seed the materials and the editors; how many materials there are."""
    materials_seed()
    materials_seed(DEMO_ROUTINES_FILE, local=True)
    editor_appoint(actor=None, user=users[NATIONAL_EDITOR], municipality=None)
    for username, number in MUNICIPAL_EDITORS.items():
        editor_appoint(
            actor=None,
            user=users[username],
            municipality=Municipality.objects.get(number=number),
        )
    return Material.objects.count()
