"""PostgreSQL refuses TRUNCATE of the access log and its chain heads.

Row triggers (0003) do not fire on TRUNCATE, which would empty the log in one statement and
leave `audit_verify` nothing to compare. A statement trigger refuses it for every role,
superusers included; the application role has no TRUNCATE privilege either (tenancy). Only a
superuser who turns triggers off (session_replication_role = replica) gets past it – the test
suite's flush does that (tenancy/postgresql_test). SQLite has no TRUNCATE.
"""

from django.db import migrations

from core.migration_sql import sql_for_vendor

TABLES = ["audit_accessevent", "audit_chainhead"]

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION audit_truncate_refused() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: TRUNCATE is not allowed', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
""" + "".join(
    f"""
CREATE TRIGGER {table}_truncate_refused
    BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_truncate_refused();
"""
    for table in TABLES
)
POSTGRES_DOWN = "".join(
    f"DROP TRIGGER IF EXISTS {table}_truncate_refused ON {table};\n" for table in TABLES
) + "DROP FUNCTION IF EXISTS audit_truncate_refused();\n"


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_second_factor_enrolment_actions")]

    operations = [
        migrations.RunPython(
            sql_for_vendor({"postgresql": POSTGRES_UP}),
            sql_for_vendor({"postgresql": POSTGRES_DOWN}),
        )
    ]
