"""Accent- and case-blind search over the directory on PostgreSQL: pg_trgm + unaccent, GIN index.

unaccent() is only STABLE, so it cannot be used in an index; the usual remedy is an IMMUTABLE
wrapper that names its dictionary. The search expression is one SQL function over name, short name
and description, used both by the index and by the query (organisations.selectors), so the planner
matches them. On SQLite nothing here runs and the directory falls back to a plain search.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

CREATE = """
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

DROP = """
DROP INDEX IF EXISTS organisation_name_trgm;
DROP INDEX IF EXISTS organisation_search_trgm;
DROP FUNCTION IF EXISTS organisation_search_text(text, text, text);
DROP FUNCTION IF EXISTS organisation_normalise(text);
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(create, drop),
    ]
