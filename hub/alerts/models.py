"""What every app's alert rows share: who gets the e-mails and how they stop them, a member's
standing request with its criteria, and the log of what was sent.

The concrete models live in their apps and keep their own tables; a field an app names
differently (the reverse name of the account, the newsletter's address) is declared there again.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..models import FieldOfActivity, Region
from .links import token_make
from .periods import Frequency


def subscriber_account(related_name: str) -> models.OneToOneField:
    """The account a member's subscription belongs to, one each; the reverse name is the app's."""
    return models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=_("user"),
    )


class AlertRecipient(models.Model):
    """Someone alert e-mails go to, in their language, each e-mail with a link that stops them.

    The link carries a signed token naming this row: ``[unsubscribe_kind, pk]`` under the app's
    ``unsubscribe_salt`` (``hub.tokens``), with no expiry, so an old e-mail's link still works
    and a token made for another app's alerts, or for anything else, stops nothing here.
    """

    unsubscribe_salt: ClassVar[str] = ""
    unsubscribe_kind: ClassVar[str] = "s"
    # What the unsubscribe page shows of the row, read with it.
    unsubscribe_related: ClassVar[tuple[str, ...]] = ("user",)
    # Stopping deletes the row, unless it keeps an "active" flag (and the person's choices).
    stops_by_deleting: ClassVar[bool] = True

    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def address(self) -> str:
        return self.user.email

    def unsubscribe_token(self) -> str:
        return token_make(salt=self.unsubscribe_salt, kind=self.unsubscribe_kind, pk=self.pk)


class AlertSubscription(AlertRecipient):
    """A member's standing request to hear of what fits, as a digest and as deadline reminders.
    Empty criteria match all; ``criteria`` names the app's own, next to fields and regions. The
    app adds the organisation the person subscribes for (the ground names no app's model) and
    ``matches(item)``, whether an item (a call, a consultation) fits."""

    criteria: ClassVar[tuple[str, ...]] = ()
    stops_by_deleting = False

    fields = models.ManyToManyField(
        FieldOfActivity, blank=True, related_name="+", verbose_name=_("fields of activity")
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="+", verbose_name=_("regions")
    )
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.user)

    def form_initial(self) -> dict:
        """The criteria and frequency as the subscription form takes them (fields and regions
        prefetched)."""
        return {
            "fields": [field.pk for field in self.fields.all()],
            **{name: getattr(self, name) for name in self.criteria},
            "regions": [region.pk for region in self.regions.all()],
            "frequency": self.frequency,
        }


class SentAlert(models.Model):
    """One alert e-mail put in the outbox, under its outbox key: who was told of what, and when
    (the hub's indicators count them). ``items_field`` names the app's many-to-many to what the
    e-mail told of; the app's ``kind`` column takes ``"digest"`` and ``"reminder"``."""

    items_field: ClassVar[str] = ""

    key = models.CharField(_("key"), max_length=200, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    email = models.ForeignKey(
        "hub.OutboxEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-mail"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.key
