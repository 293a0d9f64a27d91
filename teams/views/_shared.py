"""What the team's pages share."""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _


def _back(team_id: uuid.UUID) -> dict[str, Any]:
    return {
        "back_url": reverse("teams:detail", args=[team_id]),
        "back_label": _("Back to the team"),
    }
