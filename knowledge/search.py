"""The knowledge base's search index: the directory's engine (directory.search) over a table
of its own, `knowledge_material_search` (migration 0002), written here only."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from directory.search import SearchIndex, search_index_write
from knowledge.models import Material

MATERIAL_INDEX = SearchIndex(
    table="knowledge_material_search", key="material_id", owner="knowledge_material"
)
# What people call the kinds and audiences, indexed with the title so that "veileder om mobbing"
# or "kurs for foreldre" finds them; the labels on the page are translated, these are bokmål.
KIND_WORDS = {
    "guide": "veileder veiledning",
    "report": "rapport",
    "tool": "verktøy",
    "course": "kurs",
    "film": "film video",
    "local_routine": "rutine lokal rutine",
}
AUDIENCE_WORDS = {
    "professionals": "fagfolk ansatte",
    "leaders": "ledere",
    "young_people": "ungdom unge",
    "parents": "foreldre",
}


def material_index_update(*, material_ids: Iterable[uuid.UUID]) -> None:
    """Index these materials again (and drop the rows of any that no longer exist), in the
    caller's transaction: title, publisher, kind and the directory's terms weigh most, the
    summary next, the municipality and language least."""
    ids = list(material_ids)
    materials = list(
        Material.objects.filter(id__in=ids)
        .select_related("municipality")
        .prefetch_related("terms", "audiences")
    )
    texts = {}
    for material in materials:
        terms = [word for term in material.terms.all() for word in (term.name, term.name_en)]
        audiences = [AUDIENCE_WORDS[row.audience] for row in material.audiences.all()]
        first = " ".join(
            [material.title, material.publisher, KIND_WORDS[material.kind], *terms, *audiences]
        )
        where = " ".join(
            [material.municipality.name if material.municipality else "", material.language]
        )
        texts[material.id] = (first, material.summary, where)
    search_index_write(index=MATERIAL_INDEX, ids=ids, texts=texts)
