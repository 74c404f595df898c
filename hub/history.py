"""Many rows at once, with the history that saving them one by one would leave.

django-simple-history records each save of a model it tracks, and each change to a many-to-many
field it tracks, on signals that ``bulk_create`` does not send. Code that writes hundreds of rows
(the demo hubs) uses the functions here instead, and the admin's history pages show the same
records as for rows made one by one with ``save()`` and ``field.set()``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TypeVar

from django.db import models, transaction
from simple_history.utils import bulk_create_with_history as create_with_records
from simple_history.utils import get_history_manager_for_model

M = TypeVar("M", bound=models.Model)


@transaction.atomic
def bulk_create_with_history(
    objs: list[M], *, links: dict[str, Sequence[Sequence[models.Model]]] | None = None
) -> list[M]:
    """Insert ``objs`` (of one model) with a "+" record each, then ``bulk_link_with_history``
    for each many-to-many field in ``links`` in turn: what ``obj.save()`` and then
    ``getattr(obj, name).set(links[name][i])`` leave for each ``objs[i]``."""
    if objs:
        create_with_records(objs, type(objs[0]), default_change_reason=None)
        for name, targets in (links or {}).items():
            bulk_link_with_history(objs, name, targets)
    return objs


@transaction.atomic
def bulk_link_with_history(
    objs: list[models.Model], name: str, targets: Sequence[Sequence[models.Model]]
) -> None:
    """Link each ``objs[i]`` to ``targets[i]`` (links it does not have yet) through its
    many-to-many field ``name``, as ``getattr(objs[i], name).add(*targets[i])`` would: where the
    field is tracked, each object that got links gets a "~" record holding all its links then
    (django-simple-history copies the links of every tracked field into each record)."""
    if not objs:
        return
    model = type(objs[0])
    field = model._meta.get_field(name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    through.objects.bulk_create(
        [
            through(**{source: obj, target: each})
            for obj, linked in zip(objs, targets, strict=True)
            for each in dict.fromkeys(linked)
        ]
    )
    history = get_history_manager_for_model(model)
    if field not in history.model._history_m2m_fields:
        return
    changed = [obj for obj, linked in zip(objs, targets, strict=True) if linked]
    records = history.bulk_history_create(changed, update=True, default_change_reason=None)
    for tracked in history.model._history_m2m_fields:
        links = tracked.remote_field.through
        owner = tracked.m2m_field_name()
        of = defaultdict(list)
        for row in links.objects.filter(**{f"{owner}__in": changed}).order_by("pk"):
            of[getattr(row, f"{owner}_id")].append(row)
        copies = getattr(history.model, tracked.name).model
        copied = [f.attname for f in links._meta.fields]
        copies.objects.bulk_create(
            [
                copies(history=record, **{column: getattr(row, column) for column in copied})
                for obj, record in zip(changed, records, strict=True)
                for row in of[obj.pk]
            ]
        )
