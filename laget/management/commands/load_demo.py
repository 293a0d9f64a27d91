from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directory.demo import demo_directory_seed
from grants.demo import grants_demo_seed
from knowledge.demo import knowledge_demo_seed
from laget.demo_cases import demo_cases_seed
from laget.demo_history import LEADER, demo_history_seed
from laget.demo_moving import moving_demo_seed
from municipalities.models import Municipality
from oversikt.demo import followup_demo_seed
from people.demo import DEMO_PASSWORD, demo_staff_seed
from people.models import User
from rights.demo import rights_demo_seed
from transitions.demo import transitions_demo_seed
from units.demo import (
    DEMO_MUNICIPALITY,
    SECOND_MUNICIPALITY,
    demo_organisations_seed,
    demo_units_seed,
)


class Command(BaseCommand):
    help = (
        "Load the demo data (fictional staff and units in Porsgrunn and Skien). Deterministic and "
        "idempotent: run it again and nothing is duplicated. Needs load_reference_data first."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        needed = {DEMO_MUNICIPALITY, SECOND_MUNICIPALITY}
        if Municipality.objects.filter(number__in=needed).count() != len(needed):
            raise CommandError("The municipalities are missing: run load_reference_data first.")
        with transaction.atomic():
            organisations = demo_organisations_seed()
            units = demo_units_seed(organisations=organisations)
            users = demo_staff_seed(units=units, organisations=organisations)
            services = demo_directory_seed()
            by_username = {user.username: user for user in users}
            teams = demo_cases_seed(users=by_username, units=units)
            # Jonas (16), on his way from Vestsiden ungdomsskole to Porsgrunn videregående
            # skole (the county's); Mia, moving from Porsgrunn to Skien.
            transitions_demo_seed(
                coordinator=by_username["ola.nordmann"],
                sending_unit=units["Vestsiden ungdomsskole"],
                receiving_unit=units["Porsgrunn videregående skole"],
            )
            moving_demo_seed(users=by_username, units=units)
            # The Statsforvalter's follow-up programme in Finnmark.
            followup_demo_seed()
        # Six quarters of past work in Porsgrunn and Skien, then the indicators counted from it
        # (its own transaction: it counts what is committed).
        history = demo_history_seed()
        # The grant catalogue, and a grant of Porsgrunn in the programme of its leader; the
        # knowledge base, with that leader as the editor of Porsgrunn's routines (both need the
        # leader made with the history above).
        with transaction.atomic():
            grants_demo_seed(leader=User.objects.get(username=LEADER))
            active = {user.username: user for user in User.objects.filter(is_active=True)}
            materials = knowledge_demo_seed(users=active)
            rights_demo_seed(users=active)
        self.stdout.write(
            f"Demo data ready: {len(units)} units, {len(users)} staff, {services} services "
            f"in the directory, {materials} materials in the knowledge base, "
            f"{teams} teams around fictional children, and "
            f"{history.teams} past teams for the overview."
        )
        self.stdout.write("Demo log-ins (password for all: " + DEMO_PASSWORD + "):")
        roles = {
            "kari.nordmann": "professional, health station (Porsgrunn)",
            "ola.nordmann": "unit leader, lower secondary school (Porsgrunn)",
            "anne.admin": "municipal administrator (Porsgrunn)",
            "sven.statistikk": "state analyst, aggregates only (Telemark); knowledge editor; "
            "rule editor",
            "per.skien": "professional in another municipality (Skien)",
            "kine.bakke": "follow-up service, OT Telemark (county): the OT work list",
            "erik.sand": "upper secondary school teacher (county)",
            "heidi.brekke": "BUP (health trust), on Emma's team",
            "trond.aasen": "fagopplæring (county): apprenticeship measures",
            "frida.fylke": "administrator of Telemark fylkeskommune: units and staff only",
            "mette.leder": "municipal leader (Porsgrunn): the overview, its CSV and PDF, grants; "
            "edits Porsgrunn's routines",
            "siri.statsforvalter": "Statsforvalter (Finnmark): side by side, follow-up programme; "
            "rule editor",
            "nils.nesseby": "municipal leader (Nesseby): the follow-up programme",
        }
        for username, role in roles.items():
            self.stdout.write(f"  {username:<17} {role}")
