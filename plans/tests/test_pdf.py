from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from audit.models import AccessEvent, Action
from conftest import verified_client

pytestmark = pytest.mark.django_db


def test_the_plan_pdf_is_tagged_and_holds_what_the_ip_regulation_asks_for(world):
    response = verified_client(world.member).get(reverse("plans:pdf", args=[world.team.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert str(catalog["/Lang"]).startswith("nb")
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for expected in (
        "Sara Testesen",
        "Jeg vil gå på skolen hver dag.",  # the goal in the child's words
        "Samtaler med helsesykepleier",  # a measure
        "Helsestasjonen Porsgrunn",  # its unit
        "Mona Testesen",  # a guardian as participant
        "Samarbeid i laget rundt barnet",  # the consent's purpose
    ):
        assert expected in text, expected
    assert world.child.identity_number not in text
    export = AccessEvent.objects.filter(action=Action.EXPORT, child_id=world.child.pk).get()
    assert export.actor == world.member
