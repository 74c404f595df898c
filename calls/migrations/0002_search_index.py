"""On PostgreSQL, GIN trigram indexes on the calls' search columns, as the other lists have."""

from django.db import migrations

CREATE = """
CREATE INDEX IF NOT EXISTS call_search_text_trgm ON calls_call
    USING gin (search_text gin_trgm_ops);
CREATE INDEX IF NOT EXISTS call_search_name_trgm ON calls_call
    USING gin (search_name gin_trgm_ops);
"""

DROP = """
DROP INDEX IF EXISTS call_search_name_trgm;
DROP INDEX IF EXISTS call_search_text_trgm;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    # pg_trgm is created by organisations' search migration; undoing this one must not drop it.
    dependencies = [("calls", "0001_initial"), ("organisations", "0002_search_index")]

    operations = [migrations.RunPython(forwards, backwards)]
