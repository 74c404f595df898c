"""What an import changed in rows that were there before: kept value by value (before and
after) while the file is imported, worded for the preview and the undo page, and put back by an
undo unless someone has changed the value again since."""

from __future__ import annotations

import copy

from import_export.widgets import ManyToManyWidget


class ChangeTracking:
    """Mixed into the import resources: each updated row's changed values, in ``updated`` for
    the import record and in ``changes`` (worded) for the preview."""

    def keep_original(self, instance) -> None:
        """The row as it was before the file changed it. Model instances copy their state and
        cached relations: the copy keeps the values, for the preview and for an undo."""
        self._original = copy.copy(instance)
        self._original_m2m = {
            field.attribute: sorted(getattr(instance, field.attribute).values_list("pk", flat=True))
            for field in self.get_import_fields()
            if isinstance(field.widget, ManyToManyWidget)
        }

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        if self._original is not None:
            self.remember_changes(instance)

    def remember_changes(self, instance) -> None:
        """The values this row changed in a row that was there before, before and after."""
        values = {}
        for model_field in instance._meta.concrete_fields:
            if not restorable(model_field):
                continue
            before = getattr(self._original, model_field.attname)
            after = getattr(instance, model_field.attname)
            if before != after:
                values[model_field.name] = [before, after]
        for attribute, before in self._original_m2m.items():
            after = sorted(getattr(instance, attribute).values_list("pk", flat=True))
            if before != after:
                values[attribute] = [before, after]
        if values:
            self.updated.append((instance.pk, values))
            if self.describe_changes:
                self.changes = self.describe(instance, values)

    def describe(self, instance, values: dict) -> list[tuple[str, str, str]]:
        """Each changed column as staff write it in a file: (column, before, after)."""
        described = []
        for field in self.get_import_fields():
            if field.attribute not in values:
                continue
            if isinstance(field.widget, ManyToManyWidget):
                model = field.widget.model
                before, after = (
                    field.widget.render(model.objects.filter(pk__in=pks))
                    for pks in values[field.attribute]
                )
            else:
                before, after = field.export(self._original), field.export(instance)
            described.append((field.column_name, before, after))
        return described

    def describe_stored(self, changes: list[dict]) -> list[list[tuple[str, str, str]]]:
        """Changes as import records keep them (ids, JSON), worded as ``describe`` does; the
        rows they link to are read once per kind of row, however many changes there are."""
        meta = self._meta.model._meta
        fields = [
            (field, meta.get_field(field.attribute))
            for field in self.get_import_fields()
            if field.attribute
        ]
        wanted: dict = {}
        for values in changes:
            for field, model_field in fields:
                if model_field.is_relation and field.attribute in values:
                    for value in values[field.attribute]:
                        ids = value if model_field.many_to_many else [value]
                        wanted.setdefault(model_field.related_model, set()).update(
                            pk for pk in ids if pk is not None
                        )
        loaded = {model: model.objects.in_bulk(ids) for model, ids in wanted.items()}
        described = []
        for values in changes:
            row = []
            for field, model_field in fields:
                if field.attribute not in values:
                    continue
                texts = []
                for value in values[field.attribute]:
                    if model_field.many_to_many:
                        rows = loaded[model_field.related_model]
                        value = Loaded(rows[pk] for pk in value if pk in rows)
                    elif model_field.is_relation:
                        value = loaded[model_field.related_model].get(value)
                    else:
                        value = model_field.to_python(value)
                    texts.append(field.widget.render(value))
                row.append((field.column_name, *texts))
            described.append(row)
        return described


class Loaded(list):
    """Rows already read, handed to a widget that renders a related manager's ``all()``."""

    def all(self):
        return self


# Worked out from the others when a row is saved: an undo leaves them to the save.
DERIVED_FIELDS = {"version", "search_text", "search_name"}


def restorable(model_field) -> bool:
    return (
        model_field.editable
        and not model_field.primary_key
        and not getattr(model_field, "auto_now", False)
        and not getattr(model_field, "auto_now_add", False)
        and model_field.name not in DERIVED_FIELDS
    )


def stored(model_field, value):
    """A value as the import record keeps it (JSON), as the model holds it."""
    if model_field.many_to_many:
        return sorted(value)
    return model_field.to_python(value)


def current(instance, model_field):
    if model_field.many_to_many:
        # Prefetched with the row (``_changes_of``).
        return sorted(linked.pk for linked in getattr(instance, model_field.name).all())
    return getattr(instance, model_field.attname)


def changed_since(instance, values: dict) -> bool:
    meta = instance._meta
    return any(
        current(instance, meta.get_field(name)) != stored(meta.get_field(name), after)
        for name, (_before, after) in values.items()
    )


def restore(instance, values: dict, *, by) -> None:
    meta = instance._meta
    links = {}
    for name, (before, _after) in values.items():
        model_field = meta.get_field(name)
        if model_field.many_to_many:
            links[name] = before
        else:
            setattr(instance, model_field.attname, stored(model_field, before))
    instance._history_user = by
    instance.save()
    for name, pks in links.items():
        getattr(instance, name).set(pks)
