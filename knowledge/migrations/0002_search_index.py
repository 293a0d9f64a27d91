"""The knowledge base's search index, the same shape as the directory's (directory 0002):
PostgreSQL full text (Norwegian) plus trigrams; FTS5 on SQLite. Written by
`knowledge.search.material_index_update` through `directory.search.search_index_write`.
"""

from django.db import migrations

from core.migration_sql import sql_for_vendor

POSTGRES_UP = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE knowledge_material_search (
    material_id uuid PRIMARY KEY,
    document tsvector NOT NULL,
    words text NOT NULL
);
CREATE INDEX knowledge_material_search_document ON knowledge_material_search
    USING gin (document);
CREATE INDEX knowledge_material_search_words ON knowledge_material_search
    USING gin (words gin_trgm_ops);
"""
POSTGRES_DOWN = "DROP TABLE IF EXISTS knowledge_material_search;"
SQLITE_UP = """
CREATE VIRTUAL TABLE knowledge_material_search USING fts5(
    material_id UNINDEXED, words, tokenize = 'trigram'
);
"""
SQLITE_DOWN = "DROP TABLE IF EXISTS knowledge_material_search;"


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.RunPython(
            sql_for_vendor({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            sql_for_vendor({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
