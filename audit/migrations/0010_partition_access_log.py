"""PostgreSQL: the access log becomes a table partitioned by month (docs/performance.md).

`audit_accessevent` is rebuilt as `PARTITION BY RANGE (occurred_at)` with one partition per
calendar month in UTC (`audit_accessevent_2026_12`, …). There is no default partition: an
event for a month without a partition is refused, so the daily `partitions_job` creates them
three months ahead, and this migration creates them from the oldest event's month to three
months ahead. The rows are copied into the new table inside the migration's transaction.

What is carried over is read from the old table, not written out here again, so that it stays
true whatever earlier migrations made of it: the columns (with their identity, whose counter
goes on where it was), the foreign keys and checks, the indexes, the triggers (attached to the
same trigger functions), the row-level security policies and the grants. Two things must
change, because every unique index of a partitioned table must contain the partition key:

* the primary key is (id, occurred_at). Django keeps `id` as the primary key: ids come from
  one identity, so they stay unique;
* `unique_sequence_per_chain` is unique on (chain, sequence, occurred_at). A chain's numbers
  stay unique because they are handed out under the chain head's lock
  (`audit.services`), and `audit_verify` reports any number that appears twice.

Each partition gets the parent's row-level security policies (a partition queried by its own
name is checked by its own policies, not the parent's) and the TRUNCATE trigger (statement
triggers are not inherited); row triggers are inherited by every partition. Partitions are
created by `audit_accessevent_partitions_create(first, last)`, a SECURITY DEFINER function
owned by the tables' owner and executable only by it and DATABASE_APP_ROLE, so the application
role, which may not create tables, can run the job. Other statement triggers added to the parent
later would have to be added to `PARTITIONS_FUNCTION` too. SQLite: nothing.
"""

from django.conf import settings
from django.db import migrations

TABLE = "audit_accessevent"
OLD = "audit_accessevent_unpartitioned"

# Creates the missing month partitions from `first`'s month to `last`'s month (at most ten
# years in one call) and returns how many it created. Idempotent; concurrent calls wait for
# each other on an advisory lock.
PARTITIONS_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_accessevent_partitions_create(first date, last date)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    month date := date_trunc('month', first)::date;
    partition text;
    created integer := 0;
    policy record;
BEGIN
    IF first IS NULL OR last IS NULL OR last < first OR last - first > 3700 THEN
        RAISE EXCEPTION 'access log partitions: a range of at most ten years, not % to %',
            first, last USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('audit_accessevent_partitions'));
    WHILE month <= last LOOP
        partition := 'audit_accessevent_' || to_char(month, 'YYYY_MM');
        IF to_regclass(partition) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE %I PARTITION OF audit_accessevent FOR VALUES FROM (%L) TO (%L)',
                partition,
                month::timestamp AT TIME ZONE 'UTC',
                (month + interval '1 month')::timestamp AT TIME ZONE 'UTC'
            );
            EXECUTE format(
                'CREATE TRIGGER %I BEFORE TRUNCATE ON %I '
                'FOR EACH STATEMENT EXECUTE FUNCTION audit_truncate_refused()',
                partition || '_truncate_refused', partition
            );
            EXECUTE format(
                'ALTER TABLE %I ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', partition
            );
            FOR policy IN
                SELECT * FROM pg_policies
                WHERE schemaname = 'public' AND tablename = 'audit_accessevent'
            LOOP
                EXECUTE format(
                    'CREATE POLICY %I ON %I AS %s FOR %s TO %s%s%s',
                    policy.policyname, partition, policy.permissive, policy.cmd,
                    (SELECT string_agg(quote_ident(role), ', ') FROM unnest(policy.roles) role),
                    coalesce(' USING (' || policy.qual || ')', ''),
                    coalesce(' WITH CHECK (' || policy.with_check || ')', '')
                );
            END LOOP;
            created := created + 1;
        END IF;
        month := (month + interval '1 month')::date;
    END LOOP;
    RETURN created;
END
$$;
"""


def _fetch(cursor, sql, params=()):
    cursor.execute(sql, params)
    return cursor.fetchall()


def _rebuild(schema_editor, *, partitioned: bool) -> None:
    """Copy the access log into a new table, partitioned or not, and carry everything over."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
        cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {OLD}")
        old_oid = _fetch(cursor, "SELECT %s::regclass::oid", [OLD])[0][0]
        sequence = _fetch(cursor, "SELECT pg_get_serial_sequence(%s, 'id')", [OLD])[0][0]
        last_value, is_called = _fetch(cursor, f"SELECT last_value, is_called FROM {sequence}")[0]
        # Definitions to replay on the new table, with the old table's name replaced.
        indexes = [
            row[0]
            for row in _fetch(
                cursor,
                "SELECT pg_get_indexdef(x.indexrelid) FROM pg_index x WHERE x.indrelid = %s "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
                [old_oid],
            )
        ]
        index_names = _fetch(
            cursor,
            "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = %s",
            [old_oid],
        )
        foreign_keys = _fetch(
            cursor,
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s AND contype = 'f'",
            [old_oid],
        )
        uniques = _fetch(
            cursor,
            "SELECT conname, contype FROM pg_constraint WHERE conrelid = %s "
            "AND contype IN ('p', 'u')",
            [old_oid],
        )
        triggers = [
            row[0]
            for row in _fetch(
                cursor,
                "SELECT pg_get_triggerdef(oid) FROM pg_trigger "
                "WHERE tgrelid = %s AND NOT tgisinternal AND tgparentid = 0",
                [old_oid],
            )
        ]
        security = _fetch(
            cursor,
            "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = %s",
            [old_oid],
        )[0]
        policies = _fetch(
            cursor,
            "SELECT policyname, permissive, cmd, "
            "(SELECT string_agg(quote_ident(r), ', ') FROM unnest(roles) r), qual, with_check "
            "FROM pg_policies WHERE schemaname = 'public' AND tablename = %s",
            [OLD],
        )
        grants = _fetch(
            cursor,
            "SELECT a.privilege_type, a.grantee::regrole::text FROM pg_class c, "
            "aclexplode(c.relacl) a WHERE c.oid = %s AND a.grantee <> c.relowner "
            "AND a.grantee <> 0",
            [old_oid],
        )
        sequence_grants = _fetch(
            cursor,
            "SELECT a.privilege_type, a.grantee::regrole::text FROM pg_class c, "
            "aclexplode(c.relacl) a WHERE c.oid = %s::regclass AND a.grantee <> c.relowner "
            "AND a.grantee <> 0",
            [sequence],
        )
        # Index names are schema-wide: the old ones step aside for the new table's.
        for (name,) in index_names:
            cursor.execute(f'ALTER INDEX "{name}" RENAME TO "{name[:59]}_old"')

        partition_clause = " PARTITION BY RANGE (occurred_at)" if partitioned else ""
        cursor.execute(
            f"CREATE TABLE {TABLE} (LIKE {OLD} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
            f"INCLUDING IDENTITY INCLUDING STORAGE INCLUDING COMMENTS){partition_clause}"
        )
        if partitioned:
            cursor.execute(PARTITIONS_FUNCTION)
            # Only the tables' owner and the application role (for the daily job) may run it.
            cursor.execute(
                "REVOKE ALL ON FUNCTION audit_accessevent_partitions_create(date, date) FROM PUBLIC"
            )
            role = settings.DATABASE_APP_ROLE
            if role:
                cursor.execute(
                    "GRANT EXECUTE ON FUNCTION audit_accessevent_partitions_create(date, date) "
                    f"TO {schema_editor.quote_name(role)}"
                )
            cursor.execute(
                "SELECT audit_accessevent_partitions_create("
                f"coalesce((SELECT min(occurred_at) FROM {OLD}) AT TIME ZONE 'UTC', "
                "now() AT TIME ZONE 'UTC')::date, "
                "((now() AT TIME ZONE 'UTC') + interval '3 months')::date)"
            )
        cursor.execute(f"INSERT INTO {TABLE} SELECT * FROM {OLD}")
        new_sequence = _fetch(cursor, "SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])[0][0]
        cursor.execute("SELECT setval(%s, %s, %s)", [new_sequence, last_value, is_called])
        cursor.execute(f"DROP TABLE {OLD}")
        if new_sequence != sequence:
            cursor.execute(f"ALTER SEQUENCE {new_sequence} RENAME TO {sequence.split('.')[-1]}")
            new_sequence = sequence

        key = "(id, occurred_at)" if partitioned else "(id)"
        unique = "(chain, sequence, occurred_at)" if partitioned else "(chain, sequence)"
        for name, kind in uniques:
            columns = key if kind == "p" else unique
            constraint = "PRIMARY KEY" if kind == "p" else "UNIQUE"
            cursor.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {constraint} {columns}')
        for name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition}')
        for definition in indexes:
            cursor.execute(_retarget(definition))
        for definition in triggers:
            cursor.execute(_retarget(definition))
        for privilege, grantee in grants:
            cursor.execute(f"GRANT {privilege} ON {TABLE} TO {grantee}")
        for privilege, grantee in sequence_grants:
            cursor.execute(f"GRANT {privilege} ON SEQUENCE {new_sequence} TO {grantee}")
        if security[0]:
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY")
        if security[1]:
            cursor.execute(f"ALTER TABLE {TABLE} FORCE ROW LEVEL SECURITY")
        for name, permissive, command, roles, qual, with_check in policies:
            using = f" USING ({qual})" if qual else ""
            check = f" WITH CHECK ({with_check})" if with_check else ""
            cursor.execute(
                f'CREATE POLICY "{name}" ON {TABLE} AS {permissive} FOR {command} '
                f"TO {roles}{using}{check}"
            )
        if partitioned:
            # The partitions made before the policies were copied get them now.
            for (partition,) in _fetch(
                cursor,
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE i.inhparent = %s::regclass",
                [TABLE],
            ):
                for name, permissive, command, roles, qual, with_check in policies:
                    using = f" USING ({qual})" if qual else ""
                    check = f" WITH CHECK ({with_check})" if with_check else ""
                    cursor.execute(
                        f'CREATE POLICY "{name}" ON {partition} AS {permissive} '
                        f"FOR {command} TO {roles}{using}{check}"
                    )
        else:
            cursor.execute("DROP FUNCTION IF EXISTS audit_accessevent_partitions_create(date, date)")


def _retarget(definition: str) -> str:
    for old in (f" ON public.{OLD} ", f" ON ONLY public.{OLD} ", f" ON {OLD} "):
        definition = definition.replace(old, f" ON {TABLE} ")
    return definition


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _rebuild(schema_editor, partitioned=True)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _rebuild(schema_editor, partitioned=False)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0009_unsealed_reads"),
        ("tenancy", "0001_row_level_security"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
