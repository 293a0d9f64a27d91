"""Reads are written unsealed and a sealer chains them (docs/architecture.md, the audit spine).

An unsealed event has no sequence, previous hash or hash. The append-only triggers now allow
exactly one change to a row: sealing it, that is filling those three where all were empty and
leaving every other column as it was. Every other UPDATE, and DELETE, is still refused.

On PostgreSQL the check is one function, `audit_event_seal_only()`, that names no table or
column list (it compares the whole row as jsonb, less the three seal columns), so the same
function can guard any table of access events (a partition, an archive). SQLite has no such
function: its trigger names the columns, and has to be made again whenever the table is rebuilt
(Django rebuilds a SQLite table to alter a column, as this migration does, dropping its
triggers).
"""

from django.conf import settings
from django.db import migrations, models

SEAL_COLUMNS = ("sequence", "previous_hash", "hash")
# Every other column of audit_accessevent: none of them may change, sealing included.
CONTENT_COLUMNS = (
    "id",
    "chain",
    "occurred_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "child_id",
    "municipality_id",
    "purpose",
    "legal_basis",
    "request_id",
    "detail",
)

POSTGRES_UP = [
    r"""
CREATE OR REPLACE FUNCTION audit_event_seal_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND OLD.sequence IS NULL AND OLD.previous_hash = '' AND OLD.hash = ''
        AND NEW.sequence IS NOT NULL
        AND NEW.previous_hash ~ '^[0-9a-f]{64}$' AND NEW.hash ~ '^[0-9a-f]{64}$'
        AND (to_jsonb(NEW) - ARRAY['sequence', 'previous_hash', 'hash'])
            = (to_jsonb(OLD) - ARRAY['sequence', 'previous_hash', 'hash'])
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only: % is not allowed (only sealing an unsealed event is)',
        TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
""",
    "DROP TRIGGER IF EXISTS audit_accessevent_append_only ON audit_accessevent;",
    """
CREATE TRIGGER audit_accessevent_append_only
    BEFORE UPDATE OR DELETE ON audit_accessevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_seal_only();
""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS audit_accessevent_append_only ON audit_accessevent;",
    """
CREATE TRIGGER audit_accessevent_append_only
    BEFORE UPDATE OR DELETE ON audit_accessevent
    FOR EACH ROW EXECUTE FUNCTION audit_accessevent_append_only();
""",
    "DROP FUNCTION IF EXISTS audit_event_seal_only();",
]

_UNCHANGED = " AND ".join(f"NEW.{column} IS OLD.{column}" for column in CONTENT_COLUMNS)
SQLITE_UP = [
    "DROP TRIGGER IF EXISTS audit_accessevent_append_only;",
    f"""
CREATE TRIGGER audit_accessevent_append_only BEFORE UPDATE ON audit_accessevent
WHEN NOT (
    OLD.sequence IS NULL AND OLD.previous_hash = '' AND OLD.hash = ''
    AND NEW.sequence IS NOT NULL
    AND length(NEW.previous_hash) = 64 AND length(NEW.hash) = 64
    AND {_UNCHANGED}
)
BEGIN
    SELECT RAISE(ABORT, 'audit_accessevent is append-only: only sealing an unsealed event is allowed');
END;
""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_accessevent_append_only;",
    """
CREATE TRIGGER audit_accessevent_append_only BEFORE UPDATE ON audit_accessevent
BEGIN
    SELECT RAISE(ABORT, 'audit_accessevent is append-only: UPDATE is not allowed');
END;
""",
]


def _statements(by_vendor):
    def run(apps, schema_editor):
        for statement in by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0008_access_log_child_newest_index'),
        ('municipalities', '0002_postal_code'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='accessevent',
            name='hash',
            field=models.CharField(blank=True, default='', editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name='accessevent',
            name='previous_hash',
            field=models.CharField(blank=True, default='', editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name='accessevent',
            name='sequence',
            field=models.PositiveBigIntegerField(blank=True, editable=False, null=True, verbose_name='number in chain'),
        ),
        migrations.AddIndex(
            model_name='accessevent',
            index=models.Index(condition=models.Q(('sequence__isnull', True)), fields=['chain', 'id'], name='audit_event_unsealed'),
        ),
        migrations.RunPython(
            _statements({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _statements({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
