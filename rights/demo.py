"""The rights table's review in the demo: two national rule editors, and one open proposal of
the first, so that the second can approve it. Deterministic and idempotent."""

from __future__ import annotations

import datetime

from people.models import User
from rights.models import ReviewKind, RuleReview
from rights.services import ReviewData, rule_editor_appoint, rule_review_propose

# The state's analyst and the Statsforvalter: national people, no child's information.
RULE_EDITORS = ("sven.statistikk", "siri.statsforvalter")
PROPOSAL = ReviewData(
    rule_id="health.consent.12-15",
    kind=ReviewKind.REVIEWED,
    source=(
        "https://www.helsedirektoratet.no/rundskriv/pasient-og-brukerrettighetsloven-med-"
        "kommentarer/samtykke-til-helsehjelp/hvem-som-har-samtykkekompetanse"
    ),
    read_on=datetime.date(2026, 12, 1),
    evidence="guidance",
    note="Rundskrivet til § 4-3 lest i sin helhet.",
)


def rights_demo_seed(*, users: dict[str, User]) -> None:
    for username in RULE_EDITORS:
        rule_editor_appoint(actor=None, user=users[username])
    if not RuleReview.objects.exists():
        rule_review_propose(actor=users[RULE_EDITORS[0]], data=PROPOSAL)
