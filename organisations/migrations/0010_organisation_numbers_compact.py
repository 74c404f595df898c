"""Registration and tax numbers are kept in one form, the compact one the registration form makes
(python-stdnum's): a matična številka of the main unit without its "000", a VAT number without
its country's prefix. A row whose compact number another organisation of the country already
holds is left as it is, for staff to merge."""

import re

from django.db import migrations
from stdnum.si import maticna

PREFIXES = {"SI": "SI", "BG": "BG", "PL": "PL"}


def _registration(number, country):
    if country == "SI":
        return maticna.compact(number)
    return re.sub(r"[\s.\-/]", "", number).upper()


def _tax(number, country):
    compact = re.sub(r"[\s.\-/]", "", number).upper()
    prefix = PREFIXES.get(country, "")
    if prefix and compact.startswith(prefix):
        compact = compact[len(prefix) :]
    return compact


def compact_numbers(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    rows = Organisation.objects.exclude(registration_number="", tax_number="").only(
        "pk", "country", "registration_number", "tax_number"
    )
    for field, compact in (("registration_number", _registration), ("tax_number", _tax)):
        taken = {
            (country, number)
            for country, number in Organisation.objects.exclude(**{field: ""}).values_list(
                "country", field
            )
        }
        for organisation in rows.exclude(**{field: ""}):
            number = getattr(organisation, field)
            normal = compact(number, organisation.country)
            if normal == number or (organisation.country, normal) in taken:
                continue
            Organisation.objects.filter(pk=organisation.pk).update(**{field: normal})
            taken.add((organisation.country, normal))


class Migration(migrations.Migration):
    dependencies = [("organisations", "0009_organisation_country_follows_hub")]

    operations = [migrations.RunPython(compact_numbers, migrations.RunPython.noop)]
