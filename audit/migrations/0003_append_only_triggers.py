"""The database itself refuses to change access events: a second wall behind the model.

PostgreSQL refuses UPDATE and DELETE of rows. SQLite (the embedded demo database) refuses
UPDATE; it must allow DELETE because Django's test flush empties tables that way. In both,
the hash chain makes any removal visible to `manage.py audit_verify`.
"""

from django.db import migrations

from core.migration_sql import sql_for_vendor

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION audit_accessevent_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_accessevent is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_accessevent_append_only
    BEFORE UPDATE OR DELETE ON audit_accessevent
    FOR EACH ROW EXECUTE FUNCTION audit_accessevent_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_accessevent_append_only ON audit_accessevent;
DROP FUNCTION IF EXISTS audit_accessevent_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER audit_accessevent_append_only BEFORE UPDATE ON audit_accessevent
BEGIN
    SELECT RAISE(ABORT, 'audit_accessevent is append-only: UPDATE is not allowed');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS audit_accessevent_append_only;"


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]

    operations = [
        migrations.RunPython(
            sql_for_vendor({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            sql_for_vendor({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
