from django.db import migrations

# A hub that ran before its profile named a country: its home region says which, and the
# country's zone and currency (Bulgaria's euro since 2026, Poland's złoty) follow.
ZONES = {"SI": "Europe/Ljubljana", "BG": "Europe/Sofia", "PL": "Europe/Warsaw"}
CURRENCIES = {"SI": "EUR", "BG": "EUR", "PL": "PLN"}


def country_from_region(apps, schema_editor):
    HubProfile = apps.get_model("hub", "HubProfile")
    for profile in HubProfile.objects.select_related("region").exclude(region=None):
        country = profile.region.country
        profile.country = country
        profile.time_zone = ZONES.get(country, profile.time_zone)
        profile.currency = CURRENCIES.get(country, profile.currency)
        profile.save(update_fields=["country", "time_zone", "currency"])


class Migration(migrations.Migration):
    dependencies = [("hub", "0016_hub_profile_country")]

    operations = [migrations.RunPython(country_from_region, migrations.RunPython.noop)]
