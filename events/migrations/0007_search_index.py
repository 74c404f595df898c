"""The search text of every event, and on PostgreSQL its GIN trigram indexes."""

from django.db import migrations

from hub.search import search_reindex

CREATE = """
CREATE INDEX IF NOT EXISTS event_search_text_trgm ON events_event
    USING gin (search_text gin_trgm_ops);
CREATE INDEX IF NOT EXISTS event_search_name_trgm ON events_event
    USING gin (search_name gin_trgm_ops);
"""

DROP = """
DROP INDEX IF EXISTS event_search_name_trgm;
DROP INDEX IF EXISTS event_search_text_trgm;
"""


def forwards(apps, schema_editor):
    search_reindex(
        apps.get_model("events", "Event"),
        name_fields=("title",),
        text_fields=("venue", "address", "municipality__name", "description"),
    )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    # pg_trgm is created by organisations' search migration; undoing this one must not drop it.
    dependencies = [("events", "0006_search_text"), ("organisations", "0002_search_index")]

    operations = [migrations.RunPython(forwards, backwards)]
