"""Personal data: the log of exports and erasures, and a person's export requests."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PrivacyAction(models.TextChoices):
    EXPORT = "export", _("Data exported")
    ERASURE = "erasure", _("Data erased")
    RETENTION = "retention", _("Anonymised after the retention period")


class PrivacyLogEntry(models.Model):
    """One export or erasure of personal data: who did it, when and what, never whose data
    (the record of an erasure must not undo it)."""

    action = models.CharField(_("action"), max_length=10, choices=PrivacyAction.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    by_staff = models.BooleanField(_("done by staff"), default=False)
    at = models.DateTimeField(_("at"), default=timezone.now)
    what = models.TextField(_("what"))

    class Meta:
        verbose_name = _("personal data log entry")
        verbose_name_plural = _("personal data log")
        ordering = ["-at", "-pk"]
        permissions = [
            ("handle_personal_data", _("Can find, export and erase a person's data on request")),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class PersonalDataExport(models.Model):
    """A request for everything the portal holds about one person: the subject of the generated
    file, which is deleted with the row after a few days or when the person is erased."""

    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)

    documents = GenericRelation(
        "hub.Document", content_type_field="subject_type", object_id_field="subject_id"
    )

    class Meta:
        verbose_name = _("personal data export")
        verbose_name_plural = _("personal data exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} ({self.created_at:%Y-%m-%d})"
