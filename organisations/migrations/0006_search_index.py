"""The search text of every organisation; on PostgreSQL its GIN trigram indexes, and an index on
the name in each reader's alphabetical order.

The search now compares text normalised in Python (hub.text.search_normalise: case, diacritics and
Cyrillic folded), so the unaccent-based SQL functions and the expression indexes of 0002 give way
to plain trigram indexes on the stored columns. The directory lists names in the collation of the
reader's language (hub.text.collated) and pages through them on (name, id): with an index per
collation, a page reads its twenty rows instead of sorting the whole table.
"""

from django.db import migrations

from hub.search import search_reindex

CREATE = """
CREATE INDEX IF NOT EXISTS organisation_search_text_trgm ON organisations_organisation
    USING gin (search_text gin_trgm_ops);
CREATE INDEX IF NOT EXISTS organisation_search_name_trgm ON organisations_organisation
    USING gin (search_name gin_trgm_ops);
CREATE INDEX IF NOT EXISTS organisation_name_sl ON organisations_organisation
    ((name COLLATE "reader_sl"), id);
CREATE INDEX IF NOT EXISTS organisation_name_en ON organisations_organisation
    ((name COLLATE "reader_en"), id);
CREATE INDEX IF NOT EXISTS organisation_name_bg ON organisations_organisation
    ((name COLLATE "reader_bg"), id);
CREATE INDEX IF NOT EXISTS organisation_name_pl ON organisations_organisation
    ((name COLLATE "reader_pl"), id);
DROP INDEX IF EXISTS organisation_name_trgm;
DROP INDEX IF EXISTS organisation_search_trgm;
DROP FUNCTION IF EXISTS organisation_search_text(text, text, text);
DROP FUNCTION IF EXISTS organisation_normalise(text);
"""

DROP = """
DROP INDEX IF EXISTS organisation_name_sl;
DROP INDEX IF EXISTS organisation_name_en;
DROP INDEX IF EXISTS organisation_name_bg;
DROP INDEX IF EXISTS organisation_name_pl;
DROP INDEX IF EXISTS organisation_search_name_trgm;
DROP INDEX IF EXISTS organisation_search_text_trgm;
CREATE OR REPLACE FUNCTION organisation_normalise(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, lower($1)) $$;
CREATE OR REPLACE FUNCTION organisation_search_text(text, text, text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT organisation_normalise(
        coalesce($1, '') || ' ' || coalesce($2, '') || ' ' || coalesce($3, '')) $$;
CREATE INDEX IF NOT EXISTS organisation_search_trgm ON organisations_organisation
    USING gin (organisation_search_text(name, short_name, description) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS organisation_name_trgm ON organisations_organisation
    USING gin (organisation_normalise(name) gin_trgm_ops);
"""


def forwards(apps, schema_editor):
    search_reindex(
        apps.get_model("organisations", "Organisation"),
        name_fields=("name", "short_name"),
        text_fields=("description",),
    )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0005_search_text_and_reader_order"),
        ("hub", "0006_reader_order"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
