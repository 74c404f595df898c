"""Alerts about consultations, the way the calls' alerts work (``hub.alerts``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.alerts import AlertSubscription, SentAlert, subscriber_account
from hub.fields import ChoiceListField

from .consultations import Consultation, Level


class AlertKind(models.TextChoices):
    DIGEST = "digest", _("New consultations")
    REMINDER = "reminder", _("Deadline reminder")


class ConsultationSubscription(AlertSubscription):
    """A person's standing request to hear of consultations that fit; empty criteria match all."""

    unsubscribe_salt = "advocacy.unsubscribe"
    criteria = ("levels",)

    user = subscriber_account("consultation_subscription")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    levels = ChoiceListField(_("levels"), max_length=40, choices=Level.choices, blank=True)

    class Meta:
        verbose_name = _("consultation alert")
        verbose_name_plural = _("consultation alerts")

    def matches(self, consultation: Consultation) -> bool:
        """Empty criteria mean "any"; a consultation with no municipalities concerns everyone.
        Needs the subscription's fields and regions and the consultation's fields and
        municipalities prefetched."""
        if self.levels and consultation.level not in self.levels:
            return False
        wanted_fields = {f.pk for f in self.fields.all()}
        offered_fields = {f.pk for f in consultation.fields.all()}
        if wanted_fields and offered_fields and not wanted_fields & offered_fields:
            return False
        wanted_regions = {r.pk for r in self.regions.all()}
        places = {m.region_id for m in consultation.municipalities.all()}
        return not (wanted_regions and places and not wanted_regions & places)


class ConsultationAlert(SentAlert):
    """One alert e-mail put in the outbox: who was told of which consultations, and when."""

    items_field = "consultations"

    kind = models.CharField(_("kind"), max_length=10, choices=AlertKind.choices)
    consultations = models.ManyToManyField(
        Consultation, related_name="alerts", verbose_name=_("consultations")
    )

    class Meta:
        verbose_name = _("consultation alert sent")
        verbose_name_plural = _("consultation alerts sent")
