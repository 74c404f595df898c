"""On PostgreSQL, GIN trigram indexes on the search columns, as the other lists have."""

from django.db import migrations

TABLES = {
    "consultation": "advocacy_consultation",
    "initiative": "advocacy_initiative",
    "representation": "advocacy_representation",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table in TABLES.items():
        for column in ("search_text", "search_name"):
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS advocacy_{name}_{column}_trgm ON {table} "
                f"USING gin ({column} gin_trgm_ops)"
            )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TABLES:
        for column in ("search_text", "search_name"):
            schema_editor.execute(f"DROP INDEX IF EXISTS advocacy_{name}_{column}_trgm")


class Migration(migrations.Migration):
    # pg_trgm is created by organisations' search migration; undoing this one must not drop it.
    dependencies = [
        ("advocacy", "0001_consultations_initiatives_representations"),
        ("organisations", "0002_search_index"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
