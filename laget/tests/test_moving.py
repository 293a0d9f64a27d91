"""`laget.moving.CASE_TABLES` names every table whose rows carry a child's municipality: a table
added later with a municipality and a child (directly or through its concern, team or plan) must
be added there, or a move would leave its rows behind."""

from __future__ import annotations

import uuid

import pytest
from django.apps import apps
from django.db.models import ForeignKey, Model

from laget.moving import CASE_TABLES

# What a row of a child's case hangs on, besides the municipality.
CASE_PARENTS = {"children.Child", "concerns.Concern", "teams.Team", "plans.Plan"}
# Tables with a municipality and a child that are not moved: the access log stays on the
# chain it was written to (append-only); a move writes its own pair of events instead.
NOT_MOVED = {"audit.AccessEvent"}


def _carries_the_case(model: type[Model]) -> bool:
    fields = {field.name: field for field in model._meta.get_fields()}
    municipality = fields.get("municipality")
    if not isinstance(municipality, ForeignKey):
        return False
    if municipality.related_model._meta.label != "municipalities.Municipality":
        return False
    if model._meta.label == "children.Child":
        return True
    # A foreign key (a one-to-one is one too) to the child or to what hangs on the child.
    return any(
        isinstance(field, ForeignKey) and field.related_model._meta.label in CASE_PARENTS
        for field in fields.values()
    )


def test_every_table_of_a_childs_case_is_moved():
    moved = {model._meta.label for model, _path in CASE_TABLES}
    carrying = {
        model._meta.label
        for model in apps.get_models()
        if _carries_the_case(model) and model._meta.label not in NOT_MOVED
    }
    assert carrying == moved


@pytest.mark.django_db
def test_the_paths_reach_the_child():
    for model, path in CASE_TABLES:
        # A path that does not exist raises FieldError.
        assert not model._default_manager.filter(**{path: uuid.uuid4()}).exists()
