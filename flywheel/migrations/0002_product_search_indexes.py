"""Trigram indexes so storefront search (case-insensitive substring over titles and descriptions,
exact SKU) uses an index instead of reading every product. PostgreSQL only: SQLite, the first-run
database, has no such index and needs none at demo size.

Measured on 10,200 products (bench/results-2026-11-22.md): 40 ms -> 0.5 ms per search.
pg_trgm is a trusted extension since PostgreSQL 13: a database owner may create it.
"""

from django.db import migrations

COLUMNS = ["title", "title_zh", "description", "description_zh"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS product_{column}_trgm ON flywheel_product "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )
    schema_editor.execute("CREATE INDEX IF NOT EXISTS product_sku_upper ON flywheel_product ((UPPER(sku::text)))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS product_{column}_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS product_sku_upper")


class Migration(migrations.Migration):
    dependencies = [("flywheel", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
