"""What both APIs share (core.api): one problem-details class answered in two envelopes, one
paginator, and the OpenAPI document describing exactly the operations served."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.utils import translation

from config.openapi_v1 import openapi_document
from core.api import PROBLEM_JSON, ProblemError, page_of
from directory.models import Taxonomy
from tests.api_client import api_operation_metas


def test_the_openapi_document_describes_exactly_the_operations_served():
    served = {f"{name}_{method.lower()}" for name, method, _meta, _area in api_operation_metas()}
    documented = {
        operation["operationId"]
        for item in openapi_document()["paths"].values()
        for key, operation in item.items()
        if key != "head"
    }
    assert documented == served


def test_the_openapi_module_does_not_import_the_api_until_asked():
    code = (
        "import sys, django; django.setup(); import config.openapi_v1; "
        "sys.exit('config.api_v1' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True
    )
    assert result.returncode == 0, result.stderr.decode()


def test_one_problem_answers_privately_in_the_readers_language_and_publicly_in_english():
    problem = ProblemError(400, "page must be a whole number.", parameter="page")
    with translation.override("nb"):
        private, public = problem.response(), problem.response(public=True)
    assert private["Content-Type"] == public["Content-Type"] == PROBLEM_JSON
    assert private["Cache-Control"] == "no-store"
    assert "Cache-Control" not in public  # the HSDS API sets its own
    private_body, public_body = json.loads(private.content), json.loads(public.content)
    assert public_body == {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": "page must be a whole number.",
        "parameter": "page",
    }
    assert private_body == {**public_body, "title": "Ugyldig forespørsel"}


@pytest.mark.django_db
def test_a_page_costs_the_count_and_the_slice_and_past_the_end_only_the_count(
    django_assert_num_queries,
):
    for name in ("A", "B", "C"):
        Taxonomy.objects.create(name=name, description=name)
    items = Taxonomy.objects.order_by("name")
    with django_assert_num_queries(2):
        page = page_of(items, number=2, per_page=2)
    assert ([item.name for item in page.items], page.total_items, page.total_pages) == (["C"], 3, 2)
    with django_assert_num_queries(1):
        past = page_of(items, number=3, per_page=2)
    assert (past.items, past.number, past.total_items) == ([], 3, 3)
