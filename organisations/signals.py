"""A change to an organisation's places or fields is a change to its row: its export line
(``ExportLine``) is written again from the row's version."""

from __future__ import annotations

from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone

from .models import Organisation


@receiver(m2m_changed, sender=Organisation.municipalities_served.through)
@receiver(m2m_changed, sender=Organisation.fields.through)
def lists_changing(sender, action: str, instance, reverse: bool, **kwargs) -> None:
    """Before an organisation's links are added or taken away, it is marked updated (in the
    same transaction, so no line written before the change commits passes for current after
    it). The links are changed from the organisation's side only: its history records them."""
    if action in ("pre_add", "pre_remove", "pre_clear") and not reverse:
        Organisation.objects.filter(pk=instance.pk).update(updated_at=timezone.now())
