"""Demo places and fields: the regions and municipalities of the hubs the portal is modelled on."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_noop

from .models import Country, FieldOfActivity, Municipality, Region
from .text import ascii_slug

REGIONS = {
    ("Goriška", Country.SLOVENIA): [
        "Ajdovščina",
        "Bovec",
        "Brda",
        "Cerkno",
        "Idrija",
        "Kanal ob Soči",
        "Kobarid",
        "Miren-Kostanjevica",
        "Nova Gorica",
        "Renče-Vogrsko",
        "Šempeter-Vrtojba",
        "Tolmin",
        "Vipava",
    ],
    ("Gorenjska", Country.SLOVENIA): [
        "Bled",
        "Bohinj",
        "Cerklje na Gorenjskem",
        "Gorenja vas-Poljane",
        "Gorje",
        "Jesenice",
        "Jezersko",
        "Kranj",
        "Kranjska Gora",
        "Naklo",
        "Preddvor",
        "Radovljica",
        "Šenčur",
        "Škofja Loka",
        "Tržič",
        "Železniki",
        "Žiri",
        "Žirovnica",
    ],
    ("Primorsko-notranjska", Country.SLOVENIA): [
        "Bloke",
        "Cerknica",
        "Ilirska Bistrica",
        "Loška dolina",
        "Pivka",
        "Postojna",
    ],
    ("Област Русе", Country.BULGARIA): [
        "Русе",
        "Борово",
        "Бяла",
        "Ценово",
        "Две могили",
        "Иваново",
        "Ветово",
        "Сливо поле",
    ],
}

FIELDS = [
    gettext_noop("Social care"),
    gettext_noop("Health"),
    gettext_noop("Youth"),
    gettext_noop("Education and lifelong learning"),
    gettext_noop("Employment"),
    gettext_noop("Environment and nature"),
    gettext_noop("Spatial planning"),
    gettext_noop("Culture"),
    gettext_noop("Sport"),
    gettext_noop("Human rights"),
    gettext_noop("Development cooperation"),
    gettext_noop("Local development"),
    gettext_noop("Other"),
]


def load() -> None:
    for (region_name, country), municipalities in REGIONS.items():
        region, _ = Region.objects.get_or_create(
            slug=ascii_slug(region_name),
            defaults={"name": region_name, "country": country},
        )
        for name in municipalities:
            Municipality.objects.get_or_create(
                region=region,
                name=name,
                defaults={"slug": ascii_slug(name), "country": country},
            )
    # Field names are content, stored in the hub's own language.
    with translation.override(settings.LANGUAGE_CODE):
        for position, english in enumerate(FIELDS):
            FieldOfActivity.objects.get_or_create(
                slug=slugify(english),
                defaults={"name": translation.gettext(english), "position": position},
            )
