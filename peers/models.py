"""Other hubs' portals this portal follows, and what was read from them.

A record read from a peer is never one of this hub's own events or calls: it lives in its own
table, marked with its origin (the peer and the peer's id), holds only what the lists show,
and links to the page on the other portal.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReadStatus(models.TextChoices):
    NEVER = "never", _("not read yet")
    OK = "ok", _("read")
    NOT_MODIFIED = "not_modified", _("nothing new")
    PARTLY = "partly", _("read, some items refused")
    FAILED = "failed", _("failed")


class Peer(models.Model):
    name = models.CharField(
        _("name"), max_length=200, help_text=_("Shown with everything read from this portal.")
    )
    base_url = models.URLField(
        _("address"),
        unique=True,
        help_text=_(
            "The other portal's address, e.g. https://stičišče.example.org — its public API "
            "is read at /api/v1/ under it."
        ),
    )
    is_active = models.BooleanField(
        _("read on schedule"),
        default=True,
        help_text=_("Unticked: nothing more is read and what was read is not shown."),
    )
    last_read_at = models.DateTimeField(_("last read"), null=True, blank=True)
    last_status = models.CharField(
        _("last result"), max_length=20, choices=ReadStatus.choices, default=ReadStatus.NEVER
    )
    last_error = models.TextField(_("last error"), blank=True)
    # Per source ("events", "calls"): the ETag and Last-Modified of the last answers, the
    # modified_since cursor of incremental reads, and when the whole list was last read.
    state = models.JSONField(_("reading state"), default=dict, blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("other hub's portal")
        verbose_name_plural = _("other hubs' portals")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def api_url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path


class PeerRecord(models.Model):
    """What every record read from a peer has: its origin and its page there."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, verbose_name=_("portal"))
    remote_id = models.BigIntegerField(_("id on the other portal"))
    url = models.URLField(_("page on the other portal"), max_length=500)
    title = models.CharField(_("title"), max_length=250)
    language = models.CharField(_("language"), max_length=5, blank=True)
    # Field-of-activity slugs as ",a,b," so the list's field filter matches on any database.
    field_slugs = models.TextField(_("fields of activity"), blank=True)
    remote_updated_at = models.DateTimeField(_("changed on the other portal"))
    read_at = models.DateTimeField(_("read"), default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title


class PeerEvent(PeerRecord):
    kind = models.CharField(_("kind"), max_length=20)
    kind_label = models.CharField(_("kind"), max_length=100, blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    municipality = models.CharField(_("municipality (slug)"), max_length=100, blank=True)
    municipality_name = models.CharField(_("municipality"), max_length=100, blank=True)
    is_online_only = models.BooleanField(_("online only"), default=False)
    organiser_name = models.CharField(_("organiser"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("event of another hub")
        verbose_name_plural = _("events of other hubs")
        ordering = ["start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["peer", "remote_id"], name="peer_event_once"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="peer_event_ends_after_start"
            ),
        ]


class PeerCall(PeerRecord):
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    funder_name = models.CharField(_("funder"), max_length=200)
    funder_kind = models.CharField(_("kind of funder"), max_length=20, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    opens = models.DateTimeField(_("opens"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"))

    class Meta:
        verbose_name = _("call of another hub")
        verbose_name_plural = _("calls of other hubs")
        ordering = ["deadline", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["peer", "remote_id"], name="peer_call_once"),
        ]
