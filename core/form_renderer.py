"""The form renderer: Django's own templates, with the option lists of choice widgets rendered
in one template instead of one include per option (docs/performance.md, "Budgets missed and
what causes them")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property

OWN = Path(__file__).resolve().parent / "form_templates"
DJANGO = Path(django.forms.__file__).resolve().parent / "templates"


class FormRenderer(DjangoTemplates):
    """As `django.forms.renderers.DjangoTemplates`, but `core/form_templates` comes first: its
    `select.html` and `multiple_input.html` write Django's default options inline (the same
    HTML, byte for byte) and include any other option template as Django does. A choice of the
    357 municipalities was 714 template includes."""

    @cached_property
    def engine(self) -> Any:
        return self.backend(
            {"APP_DIRS": True, "DIRS": [OWN, DJANGO], "NAME": "djangoforms", "OPTIONS": {}}
        )
