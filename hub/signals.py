"""Whatever staff change about the hub's identity is read afresh by every process."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import FunderLogo, HubProfile, Operation
from .selectors import hub_cache_clear


@receiver([post_save, post_delete], sender=HubProfile)
@receiver([post_save, post_delete], sender=Operation)
@receiver([post_save, post_delete], sender=FunderLogo)
def identity_changed(**kwargs) -> None:
    # Now, for this transaction's own reads, and again after commit, in case one of them
    # cached what was not committed yet.
    hub_cache_clear()
    transaction.on_commit(hub_cache_clear)
