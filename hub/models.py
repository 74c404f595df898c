from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        user = self._create_user(email, password, **extra_fields)
        # Whoever runs createsuperuser controls the server; asking them to confirm an address
        # the portal never wrote to would only lock them out of the admin.
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        return user


class User(AbstractUser):
    """A person with an account; the e-mail address is the login."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Country(models.TextChoices):
    SLOVENIA = "SI", _("Slovenia")
    BULGARIA = "BG", _("Bulgaria")
    POLAND = "PL", _("Poland")


class Region(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["country", "name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="municipality_unique_per_region"
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
        ordering = ["position", "name"]

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


class OperationQuerySet(models.QuerySet):
    def running_on(self, day: date) -> OperationQuerySet:
        return self.filter(start__lte=day, end__gte=day)


class Operation(models.Model):
    """A funded project of the hub: who funds it, when, and the line its funder makes it print."""

    name = models.CharField(_("name"), max_length=300)
    funder = models.CharField(
        _("funder"), max_length=200, help_text=_("For example: European Social Fund.")
    )
    programme = models.CharField(_("programme"), max_length=300, blank=True)
    priority_axis = models.CharField(_("priority axis"), max_length=200, blank=True)
    investment_priority = models.CharField(_("investment priority"), max_length=200, blank=True)
    specific_objective = models.CharField(_("specific objective"), max_length=300, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    value = models.DecimalField(
        _("value (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    publicity_text = models.TextField(
        _("publicity text"),
        help_text=_(
            "The funder's mandatory sentence, printed in the footer of every page and at the top "
            "of every PDF made while the operation runs."
        ),
    )

    objects = OperationQuerySet.as_manager()

    class Meta:
        verbose_name = _("operation")
        verbose_name_plural = _("operations")
        ordering = ["-start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="operation_ends_after_start",
                violation_error_message=_("The operation must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FunderLogo(models.Model):
    """A logo the funder requires next to the publicity text (the EU emblem, a ministry's)."""

    operation = models.ForeignKey(
        Operation, on_delete=models.CASCADE, related_name="logos", verbose_name=_("operation")
    )
    image = models.FileField(
        _("image"),
        upload_to="funders/",
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "webp", "svg"])],
        help_text=_("PNG, JPEG, WebP or SVG."),
    )
    description = models.CharField(
        _("description"),
        max_length=200,
        help_text=_("What the logo says, for people who cannot see it."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("funder logo")
        verbose_name_plural = _("funder logos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.description
