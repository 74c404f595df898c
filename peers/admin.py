from __future__ import annotations

from django.contrib import admin, messages
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Peer, PeerCall, PeerEvent
from .tasks import read_peer


@admin.register(Peer)
class PeerAdmin(admin.ModelAdmin):
    list_display = ["name", "base_url", "is_active", "last_read_at", "last_status", "last_error"]
    list_filter = ["is_active", "last_status"]
    search_fields = ["name", "base_url"]
    fields = ["name", "base_url", "is_active", "last_read_at", "last_status", "last_error"]
    readonly_fields = ["last_read_at", "last_status", "last_error"]
    actions = ["read_now"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.action(description=_("Read the selected portals now"))
    def read_now(self, request, queryset):
        ids = list(queryset.filter(is_active=True).values_list("pk", flat=True))
        for pk in ids:
            transaction.on_commit(lambda pk=pk: read_peer.delay(pk))
        self.message_user(
            request,
            ngettext(
                "%(count)d portal will be read in a moment; its row shows the result.",
                "%(count)d portals will be read in a moment; their rows show the result.",
                len(ids),
            )
            % {"count": len(ids)},
            messages.SUCCESS,
        )


class PeerRecordAdmin(admin.ModelAdmin):
    """What was read: for staff to see, never to edit (the next read would undo it)."""

    list_filter = ["peer"]
    search_fields = ["title"]
    # Shown read-only, but the form is still built: its links read as the others' do.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PeerEvent)
class PeerEventAdmin(PeerRecordAdmin):
    list_display = ["title", "peer", "start", "municipality_name", "url", "read_at"]


@admin.register(PeerCall)
class PeerCallAdmin(PeerRecordAdmin):
    list_display = ["title", "peer", "funder_name", "deadline", "url", "read_at"]
