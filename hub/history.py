"""Many rows at once, with the history that saving them one by one would leave.

django-simple-history records each save of a model it tracks, and each change to a many-to-many
field it tracks, on signals that ``bulk_create`` does not send. Code that writes hundreds of rows
(the demo hubs) uses ``bulk_create_with_history`` instead, and the admin's history pages show
the same records as for rows made one by one with ``save()`` and ``field.set()``.
"""

from __future__ import annotations

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
    """Insert ``objs`` (of one model) with a "+" record each; then, for each many-to-many field
    in ``links`` in turn, their links (``links[name][i]`` are ``objs[i]``'s) and, where the field
    is tracked, a "~" record holding the links made so far for each object that got any. That is
    what ``obj.save()`` and then ``getattr(obj, name).set(links[name][i])`` leave for each."""
    if not objs:
        return objs
    model = type(objs[0])
    create_with_records(objs, model, default_change_reason=None)
    history = get_history_manager_for_model(model)
    made: dict[str, list[list[models.Model]]] = {}  # field name -> each object's link rows
    for name, targets in (links or {}).items():
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        rows = [
            [through(**{source: obj, target: each}) for each in dict.fromkeys(linked)]
            for obj, linked in zip(objs, targets, strict=True)
        ]
        through.objects.bulk_create([row for each in rows for row in each])
        made[name] = rows
        if field in history.model._history_m2m_fields:
            _record_links(history, objs, made)
    return objs


def _record_links(history, objs: list, made: dict[str, list[list[models.Model]]]) -> None:
    """A "~" record for each object that just got links, holding all its links made so far
    (django-simple-history copies the link rows of every tracked field into each record)."""
    last = list(made.values())[-1]
    changed = [index for index, rows in enumerate(last) if rows]
    records = history.bulk_history_create(
        [objs[index] for index in changed], update=True, default_change_reason=None
    )
    for field in history.model._history_m2m_fields:
        if field.name not in made:
            continue
        copies = getattr(history.model, field.name).model
        copied = [f.attname for f in field.remote_field.through._meta.fields]
        copies.objects.bulk_create(
            [
                copies(history=record, **{name: getattr(row, name) for name in copied})
                for index, record in zip(changed, records, strict=True)
                for row in made[field.name][index]
            ]
        )
