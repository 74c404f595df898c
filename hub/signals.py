"""Whatever staff change about the hub's identity is read afresh by every process, and every change
to what public pages show makes their cached fragments (hub.cache) stale at once."""

from __future__ import annotations

from celery.signals import task_postrun, task_prerun
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .cache import data_changed
from .models import FunderLogo, HubProfile, Operation
from .selectors import hub_cache_clear, hub_zone, request_began, request_ended

request_started.connect(request_began, dispatch_uid="hub_identity_request_began")
request_finished.connect(request_ended, dispatch_uid="hub_identity_request_ended")


@receiver([post_save, post_delete], sender=HubProfile)
@receiver([post_save, post_delete], sender=Operation)
@receiver([post_save, post_delete], sender=FunderLogo)
def identity_changed(**kwargs) -> None:
    # Now, for this transaction's own reads, and again after commit, in case one of them
    # cached what was not committed yet.
    hub_cache_clear()
    transaction.on_commit(hub_cache_clear)


# What the public pages show, by the kind of data (hub.cache.DOMAINS) each model belongs to.
_APP_DOMAINS = {
    "organisations": "organisations",
    "events": "events",
    "calls": "calls",
    "partnerships": "partnerships",
    "advocacy": "advocacy",
    "news": "news",
    "peers": "peers",
}
# The hub's own rows that pages show: places, fields, the profile, the funders' line and the
# questions their registration forms ask.
_REFERENCE_MODELS = {
    "region",
    "municipality",
    "fieldofactivity",
    "hubprofile",
    "operation",
    "funderlogo",
    "fundertemplate",
}


def _domain_of(sender) -> str | None:
    # A model may name its own kind (``cache_domain``); its history rows belong to the same.
    declared = getattr(getattr(sender, "instance_type", sender), "cache_domain", None)
    if declared:
        return declared
    meta = sender._meta
    if meta.app_label == "hub":
        return "reference" if meta.model_name in _REFERENCE_MODELS else None
    return _APP_DOMAINS.get(meta.app_label)


@receiver([post_save, post_delete], dispatch_uid="hub_data_changed")
def data_saved(sender, **kwargs) -> None:
    domain = _domain_of(sender)
    if domain:
        data_changed(domain)


@receiver(m2m_changed, dispatch_uid="hub_data_m2m_changed")
def data_linked(sender, action: str, instance, **kwargs) -> None:
    if action.startswith("post_"):
        domain = _domain_of(type(instance))
        if domain:
            data_changed(domain)


# Background jobs count days and deadlines in the hub's time zone, like the pages do; a task run
# in-process (no Redis) gives the request it ran in its own zone back.
_zones_before_tasks: list = []


@task_prerun.connect(dispatch_uid="hub_task_time_zone_begin")
def task_time_zone_begin(**kwargs) -> None:
    _zones_before_tasks.append(timezone.get_current_timezone())
    timezone.activate(hub_zone())


@task_postrun.connect(dispatch_uid="hub_task_time_zone_end")
def task_time_zone_end(**kwargs) -> None:
    before = _zones_before_tasks.pop() if _zones_before_tasks else None
    if before is None or before == timezone.get_default_timezone():
        timezone.deactivate()
    else:
        timezone.activate(before)
