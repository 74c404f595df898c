"""The outbox: every e-mail the portal sends, written before it is queued."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxEmail(models.Model):
    """One e-mail the portal sends: written before it is queued, so none is lost or sent twice.

    The ``key`` names the message (``registration_confirmed:<pk>:<token>``); the unique
    constraint on it is what makes a second send of the same message impossible. The task that
    sends claims the row by a conditional update, so two deliveries of its message send once.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(_("key"), max_length=255)
    recipients = models.TextField(_("recipients"))
    template = models.CharField(_("template"), max_length=120, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    # Text, HTML, headers and attachments (base64), as hub.emails.serialize_message writes them.
    message = models.JSONField(_("message"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    # Until when the worker sending it holds it; renewed while it sends (hub.queue.lease_kept).
    lease_until = models.DateTimeField(_("held until"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                name="outbox_email_unique_key",
                violation_error_message=_("This e-mail is already in the outbox."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="outbox_email_sent_has_time",
                violation_error_message=_("A sent e-mail needs the time it was sent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipients}"
