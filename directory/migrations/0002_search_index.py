"""The search index for services: PostgreSQL full text (Norwegian) plus trigrams; FTS5 on SQLite.

Kept in a table of its own, written by `directory.search.search_index_update`, so that the two
databases can each use their best tool behind one interface. No foreign key: Django's test flush
truncates only its own tables, and rows for deleted services are ignored and cleaned on update.
"""

from django.db import migrations

from core.migration_sql import sql_for_vendor

POSTGRES_UP = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE directory_service_search (
    service_id uuid PRIMARY KEY,
    document tsvector NOT NULL,
    words text NOT NULL
);
CREATE INDEX directory_service_search_document ON directory_service_search USING gin (document);
CREATE INDEX directory_service_search_words ON directory_service_search
    USING gin (words gin_trgm_ops);
"""
POSTGRES_DOWN = "DROP TABLE IF EXISTS directory_service_search;"
SQLITE_UP = """
CREATE VIRTUAL TABLE directory_service_search USING fts5(
    service_id UNINDEXED, words, tokenize = 'trigram'
);
"""
SQLITE_DOWN = "DROP TABLE IF EXISTS directory_service_search;"


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.RunPython(
            sql_for_vendor({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            sql_for_vendor({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
