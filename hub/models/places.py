"""Where the hub works: countries, regions, municipalities, fields of activity, and the hub's own
profile."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..text import collated


class Country(models.TextChoices):
    SLOVENIA = "SI", _("Slovenia")
    BULGARIA = "BG", _("Bulgaria")
    POLAND = "PL", _("Poland")


class Currency(models.TextChoices):
    EUR = "EUR", _("euro")
    PLN = "PLN", _("Polish złoty")
    BGN = "BGN", _("Bulgarian lev")


# The zones of the countries the portal serves; an event's or a call's times are shown in its own.
TIME_ZONES = [
    ("Europe/Ljubljana", _("Central European time (Ljubljana)")),
    ("Europe/Warsaw", _("Central European time (Warsaw)")),
    ("Europe/Sofia", _("Eastern European time (Sofia)")),
]


class Region(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["country", collated("name")]

    def __str__(self) -> str:
        return self.name


class Urbanisation(models.TextChoices):
    """Eurostat's degree of urbanisation (DEGURBA) of a municipality."""

    CITIES = "cities", _("Cities (densely populated)")
    TOWNS = "towns", _("Towns and suburbs (intermediate density)")
    RURAL = "rural", _("Rural areas (thinly populated)")


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    urbanisation = models.CharField(
        _("degree of urbanisation"),
        max_length=8,
        choices=Urbanisation.choices,
        blank=True,
        help_text=_(
            "Eurostat's degree of urbanisation; where known, a participant living here is not "
            "asked whether they live in a rural area."
        ),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = [collated("name")]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="municipality_unique_per_region",
                violation_error_message=_("This region already has a municipality of this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FieldOfActivity(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("field of activity")
        verbose_name_plural = _("fields of activity")
        ordering = ["position", collated("name")]

    def __str__(self) -> str:
        return self.name


# --- The hub itself and its funded operations ---------------------------------------------------
# Edited by staff in the admin; read through hub.selectors, which caches them between requests.


class HubProfile(models.Model):
    """The hub's name, contacts and introduction: one row, created from the settings on first run."""

    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the hub writes in: its events and e-mails to staff use it."),
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=Country.choices,
        default=Country.SLOVENIA,
        help_text=_(
            "New organisations are of this country, and its registration and tax numbers are "
            "checked: the matična and davčna številka in Slovenia, the EIK/BULSTAT in Bulgaria, "
            "the KRS, REGON and NIP in Poland."
        ),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TIME_ZONES,
        default="Europe/Ljubljana",
        help_text=_(
            "Days, quarters and deadlines are counted in it; new events and calls start in it."
        ),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=Currency.choices,
        default=Currency.EUR,
        help_text=_(
            "Amounts are shown in it. A country that took up the euro keeps its former "
            "currency for amounts dated before the change."
        ),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home region"),
        help_text=_("Listed first wherever people choose a region or municipality."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown on the home page. Leave empty for the portal's general introduction."),
    )
    logo = models.ImageField(_("logo"), upload_to="hub/", blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("hub profile")
        verbose_name_plural = _("hub profile")

    def __str__(self) -> str:
        return self.name
