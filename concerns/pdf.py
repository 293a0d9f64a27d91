"""A report to child welfare as a tagged PDF (WeasyPrint): what is sent and kept."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from concerns.models import ChildWelfareReport


def welfare_report_pdf_render(*, report: ChildWelfareReport, language: str) -> bytes:
    html = render_to_string(
        "concerns/welfare_report_pdf.html",
        {
            "report": report,
            "child": report.child,
            "age": report.child.age_on(timezone.localdate()),
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
