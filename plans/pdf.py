"""The plan as a tagged PDF (WeasyPrint), for meetings and the archive."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from plans.selectors import PlanPage
from teams.selectors import TeamPage


def plan_pdf_render(*, plan: PlanPage, team: TeamPage, language: str) -> bytes:
    """PDF/UA-1: tagged, with the document language set, so screen readers can read it."""
    html = render_to_string(
        "plans/plan_pdf.html",
        {
            "plan": plan,
            "team": team,
            "child": team.team.child,
            "age": team.team.child.age_on(timezone.localdate()),
            "printed_at": timezone.localtime(),
            "LANGUAGE_CODE": language,
        },
    )
    # WeasyPrint is imported when a PDF is made: it is large, and most processes never need it.
    # Imported when a PDF is made: WeasyPrint is large and most processes never need it.
    from weasyprint import CSS, HTML

    stylesheet = CSS(filename=finders.find("laget/pdf.css"))
    return HTML(string=html).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1", pdf_tags=True
    )
