"""PostgreSQL: the request log becomes a table partitioned by month on created_at.

Django keeps `id` as the model's primary key; the database's is (id,
created_at), as PostgreSQL requires of a partitioned table's unique keys.
`id` takes its values from a sequence owned by the column (identity columns
on partitioned tables need PostgreSQL 17). Existing rows are copied into the
monthly partitions their months need. SQLite keeps its plain table.
"""

from django.db import migrations
from django.utils import timezone

from audit.partitions import DEFAULT_PARTITION, TABLE, partitions_ensure

NEW = f"{TABLE}_partitioned"


def _indexes(cursor) -> list[str]:
    cursor.execute(
        "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()"
        " AND tablename = %s AND indexname <> %s",
        [TABLE, f"{TABLE}_pkey"],
    )
    return [row[0] for row in cursor.fetchall()]


def partition(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        indexes = _indexes(cursor)
        cursor.execute(
            f"CREATE TABLE {NEW} (LIKE {TABLE} INCLUDING DEFAULTS) PARTITION BY RANGE (created_at)"
        )
        cursor.execute(f"ALTER TABLE {NEW} ADD CONSTRAINT {NEW}_pkey PRIMARY KEY (id, created_at)")
        cursor.execute(f"CREATE TABLE {DEFAULT_PARTITION} PARTITION OF {NEW} DEFAULT")
        cursor.execute(f"SELECT min(created_at) FROM {TABLE}")
        oldest = cursor.fetchone()[0]
        cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {TABLE}_unpartitioned")
        cursor.execute(f"ALTER TABLE {NEW} RENAME TO {TABLE}")
    partitions_ensure(timezone.now(), since=oldest, connection=connection)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} SELECT * FROM {TABLE}_unpartitioned")
        cursor.execute(f"DROP TABLE {TABLE}_unpartitioned")  # its indexes and sequence too
        cursor.execute(f"ALTER INDEX {NEW}_pkey RENAME TO {TABLE}_pkey")
        cursor.execute(f"CREATE SEQUENCE {TABLE}_id_seq OWNED BY {TABLE}.id")
        cursor.execute(
            f"SELECT setval('{TABLE}_id_seq', COALESCE((SELECT max(id) FROM {TABLE}), 0) + 1, false)"
        )
        cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{TABLE}_id_seq')")
        for definition in indexes:  # the same names, now partitioned indexes
            cursor.execute(definition)


class Migration(migrations.Migration):
    atomic = True
    dependencies = [("audit", "0003_request_log_lean")]
    operations = [migrations.RunPython(partition, migrations.RunPython.noop, elidable=False)]
