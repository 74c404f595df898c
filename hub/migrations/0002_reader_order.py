import hub.text
from django.contrib.postgres.operations import CreateCollation
from django.db import migrations, models

# Names sorted as the reader's language sorts them (hub.text.collated). On SQLite the collations of
# the same names are registered on each connection instead (hub.text.register_sqlite_collations).


class Migration(migrations.Migration):

    dependencies = [
        ('hub', '0001_initial'),
    ]

    operations = [
        *[
            CreateCollation(hub.text.collation_name(language), locale=language, provider="icu")
            for language in ("sl", "en", "bg", "pl")
        ],
        migrations.AlterModelOptions(
            name='municipality',
            options={'ordering': [hub.text.Collated(models.F('name'), None)], 'verbose_name': 'municipality', 'verbose_name_plural': 'municipalities'},
        ),
        migrations.AlterModelOptions(
            name='region',
            options={'ordering': ['country', hub.text.Collated(models.F('name'), None)], 'verbose_name': 'region', 'verbose_name_plural': 'regions'},
        ),
    ]
