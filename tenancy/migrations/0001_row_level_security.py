"""Row-level security: the database's own wall between municipalities (docs/security.md).

Every table with personal data gets a policy that lets a session see and write only rows of
the municipalities in its scope (`tenancy/scope.py`). Tables with a `municipality_id` compare
it; their child tables without one (team members, meetings, goals, …) ask for their parent row,
which is itself filtered. FORCE makes the policies bind the tables' owner too, unless it is a
superuser or has BYPASSRLS. With DATABASE_APP_ROLE set, the role the application switches to is
created when missing (no LOGIN, no BYPASSRLS) and granted what the application needs – not
TRUNCATE, not DDL. SQLite: nothing (the Python checks stand alone).
"""

import re

from django.conf import settings
from django.db import migrations

SCOPE_FUNCTION = """
CREATE OR REPLACE FUNCTION laget_scope_allows(municipality text) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(current_setting('laget.scope', true), '') = 'all'
        OR municipality = ANY (string_to_array(current_setting('laget.municipalities', true), ','))
$$;
"""

# Tables with the municipality on the row.
BY_MUNICIPALITY = [
    "children_child",
    "children_guardian",
    "concerns_concern",
    "concerns_childwelfarereport",
    "consents_consent",
    "consents_sharingdecision",
    "teams_team",
    "teams_logentry",
    "teams_task",
    "plans_plan",
    "portal_healthinformationchoice",
]
# Tables reached through their parent row: (table, parent table, column naming the parent).
BY_PARENT = [
    ("teams_teammember", "teams_team", "team_id"),
    ("teams_meeting", "teams_team", "team_id"),
    ("teams_handover", "teams_team", "team_id"),
    ("plans_goal", "plans_plan", "plan_id"),
    ("plans_measure", "plans_plan", "plan_id"),
    ("plans_revision", "plans_plan", "plan_id"),
    ("plans_evaluation", "plans_measure", "measure_id"),
    ("consents_consent_guardians", "consents_consent", "consent_id"),
    ("consents_consent_units", "consents_consent", "consent_id"),
]
POLICY = "laget_municipality"
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _protect(table: str, condition: str) -> str:
    return (
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;\n"
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY;\n"
        f"DROP POLICY IF EXISTS {POLICY} ON {table};\n"
        f"CREATE POLICY {POLICY} ON {table} USING ({condition}) WITH CHECK ({condition});\n"
    )


def _unprotect(table: str) -> str:
    return (
        f"DROP POLICY IF EXISTS {POLICY} ON {table};\n"
        f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;\n"
        f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;\n"
    )


def _up_sql() -> str:
    parts = [SCOPE_FUNCTION]
    parts += [_protect(table, "laget_scope_allows(municipality_id)") for table in BY_MUNICIPALITY]
    parts += [
        # The scope `all` first, so commands and jobs scanning whole tables skip the sub-query.
        _protect(
            table,
            f"coalesce(current_setting('laget.scope', true), '') = 'all' "
            f"OR EXISTS (SELECT 1 FROM {parent} p WHERE p.id = {column})",
        )
        for table, parent, column in BY_PARENT
    ]
    # Events without a municipality (log-ins, failed log-ins) are the national chain's; an
    # anonymous request writes them too, and INSERT … RETURNING must be able to see its row.
    parts.append(
        _protect(
            "audit_accessevent",
            "municipality_id IS NULL OR laget_scope_allows(municipality_id)",
        )
    )
    return "\n".join(parts)


def _down_sql() -> str:
    tables = [*BY_MUNICIPALITY, *(table for table, _p, _c in BY_PARENT), "audit_accessevent"]
    return "\n".join(_unprotect(table) for table in tables) + (
        "DROP FUNCTION IF EXISTS laget_scope_allows(text);\n"
    )


def _role_sql(role: str) -> str:
    # A concurrent first migration elsewhere in the cluster may create the role first.
    return f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
        BEGIN
            CREATE ROLE {role} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
        EXCEPTION WHEN duplicate_object THEN NULL;
        END;
    END IF;
    IF NOT pg_has_role(current_user, '{role}', 'MEMBER') THEN
        EXECUTE 'GRANT {role} TO ' || quote_ident(current_user);
    END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role};
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(_up_sql(), params=None)
    role = settings.DATABASE_APP_ROLE
    if role:
        if not ROLE_NAME.match(role):
            raise ValueError(f"DATABASE_APP_ROLE must be a plain lower-case name, not {role!r}.")
        schema_editor.execute(_role_sql(role), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_down_sql(), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_append_only_triggers"),
        ("children", "0002_jobs_and_retention"),
        ("concerns", "0002_jobs_and_retention"),
        ("consents", "0003_sharing_decisions"),
        ("teams", "0003_portal_authors"),
        ("plans", "0001_initial"),
        ("portal", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
