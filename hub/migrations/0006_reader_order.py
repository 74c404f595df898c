import hub.text
from django.contrib.postgres.operations import CreateCollation
from django.db import migrations, models

# Names sorted as the reader's language sorts them (hub.text.collated, which names these
# collations). On SQLite, collations of the same names are registered on each connection instead
# (hub.text.register_sqlite_collations); CreateCollation does nothing there.


class Migration(migrations.Migration):

    dependencies = [
        ('hub', '0005_fields_of_activity_in_four_languages'),
    ]

    operations = [
        CreateCollation("reader_sl", locale="sl", provider="icu"),
        CreateCollation("reader_en", locale="en", provider="icu"),
        CreateCollation("reader_bg", locale="bg", provider="icu"),
        CreateCollation("reader_pl", locale="pl", provider="icu"),
        migrations.AlterModelOptions(
            name='fieldofactivity',
            options={'ordering': ['position', hub.text.Collated(models.F('name'), None)], 'verbose_name': 'field of activity', 'verbose_name_plural': 'fields of activity'},
        ),
        migrations.AlterModelOptions(
            name='municipality',
            options={'ordering': [hub.text.Collated(models.F('name'), None)], 'verbose_name': 'municipality', 'verbose_name_plural': 'municipalities'},
        ),
        migrations.AlterModelOptions(
            name='region',
            options={'ordering': ['country', hub.text.Collated(models.F('name'), None)], 'verbose_name': 'region', 'verbose_name_plural': 'regions'},
        ),
    ]
