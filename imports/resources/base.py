"""What every kind of import shares: headers in any language, line numbers, duplicates within
the file, per-cell errors, and the change a row makes."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources
from import_export.fields import Field
from import_export.results import RowResult
from import_export.widgets import ManyToManyWidget

from hub.text import search_normalise

from ..changes import ChangeTracking
from ..columns import cell_text, in_every_language


class Outcome:
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"

    LABELS: ClassVar[dict] = {
        NEW: gettext_lazy("new"),
        UPDATE: gettext_lazy("update"),
        UNCHANGED: gettext_lazy("unchanged"),
        ERROR: gettext_lazy("error"),
    }

    @staticmethod
    def of(row_result: RowResult) -> str:
        return {
            RowResult.IMPORT_TYPE_NEW: Outcome.NEW,
            RowResult.IMPORT_TYPE_UPDATE: Outcome.UPDATE,
            RowResult.IMPORT_TYPE_SKIP: Outcome.UNCHANGED,
        }.get(row_result.import_type, Outcome.ERROR)


class ImportFileError(Exception):
    """The file as a whole cannot be read (not a table, columns missing); ``str()`` says why."""


def column(attribute, label, widget, **kwargs) -> Field:
    return Field(attribute=attribute, column_name=label, widget=widget, **kwargs)


class ImportResource(ChangeTracking, resources.ModelResource):
    """What every kind shares: headers in any language, line numbers, duplicates within the
    file, "unchanged" rows, errors in the staff member's language, and the rows it created."""

    kind: ClassVar[str]
    # Columns a file must have (by field name).
    required: ClassVar[tuple[str, ...]] = ()
    # Attributes compared for "unchanged" besides the imported columns.
    compare_attributes: ClassVar[tuple[str, ...]] = ()
    # What each column accepts, for the template's list of codes.
    notes: ClassVar[dict] = {}
    # The links a row's name (``str()``) reads, fetched with the rows an undo lists.
    named_by: ClassVar[tuple[str, ...]] = ()

    class Meta:
        skip_unchanged = True
        report_skipped = True
        # Unchanged rows are found by ``snapshot`` below, without import-export's HTML diff.
        skip_diff = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, *, by=None):
        super().__init__()
        self.labels = {name: field.column_name for name, field in self.fields.items()}
        for field in self.fields.values():
            field.column_name = str(field.column_name)
        self.by = by
        self.created_ids: list[int] = []
        # The rows updated, each with {field: [before, after]}: what an undo puts back.
        self.updated: list[tuple[int, dict]] = []
        # Whether to word each update's changes for the preview (it costs a query or two).
        self.describe_changes = True
        # Required columns the file lacks: reported once for the file, the rows still checked.
        self.missing: list[str] = []
        # A hash of each key seen in the file, with its line: duplicates are found in one pass.
        self.seen: dict[int, int] = {}
        # The file's line of the first row handed to ``import_data`` is this + 1.
        self.line_offset = 1
        self.current: dict = {}
        self._before: list | None = None
        self._original = None
        self._original_m2m: dict[str, list[int]] = {}
        self._matched = False
        self.changes: list[tuple[str, str, str]] = []

    # The file

    def prepare_headers(self, headers) -> list[str]:
        """The file's headers as this resource's column names, in any interface language or as
        the codes. A required column the file lacks is added, empty, and named in
        ``file_errors()``: the rows are checked all the same, so every error shows at once."""
        aliases = {}
        for name, field in self.fields.items():
            aliases[search_normalise(name)] = field.column_name
            for form in in_every_language(self.labels[name]):
                aliases.setdefault(form, field.column_name)
        mapped = [aliases.get(search_normalise(cell_text(h)), cell_text(h)) for h in headers]
        self.missing = [
            self.fields[name].column_name
            for name in self.required
            if self.fields[name].column_name not in mapped
        ]
        return mapped + self.missing

    def file_errors(self) -> list[str]:
        if not self.missing:
            return []
        return [
            _(
                "The file has no column “%(columns)s”. Download the template to see the "
                "columns this kind of file needs."
            )
            % {"columns": "”, “".join(self.missing)}
        ]

    def columns(self) -> list[str]:
        return [field.column_name for field in self.get_export_fields()]

    def line(self, kwargs) -> int:
        return self.line_offset + kwargs.get("row_number", 0)

    def check_duplicate(self, keys: list[tuple], line: int) -> None:
        for key in keys:
            earlier = self.seen.get(hash(key))
            if earlier is not None:
                raise ValidationError(
                    _("Duplicate within the file: this row repeats row %(line)s.")
                    % {"line": earlier}
                )
        for key in keys:
            self.seen[hash(key)] = line

    def value(self, name: str, row, errors: dict, default=None):
        """The cleaned value of a column, or ``default`` with the error collected."""
        field = self.fields[name]
        if field.column_name not in row:
            return default
        try:
            return field.clean(row)
        except ValueError as error:
            errors[field.attribute or name] = [str(error)]
            return default

    # The rows

    def import_row(self, row, instance_loader, **kwargs):
        self.current, self._before, self._original, self._matched = {}, None, None, False
        self.changes = []
        row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.import_type == RowResult.IMPORT_TYPE_INVALID and not self._matched:
            # The row could not be matched (its key columns are wrong): its other columns are
            # still checked, so staff see every error of the row at once.
            errors = row_result.validation_error.update_error_dict({})
            for key, messages in self.column_errors(row).items():
                errors.setdefault(key, messages)
            row_result.validation_error = ValidationError(errors)
        row_result.changes = (
            self.changes if row_result.import_type == RowResult.IMPORT_TYPE_UPDATE else []
        )
        if row_result.import_type == RowResult.IMPORT_TYPE_ERROR:
            # Whatever the database refused is an error of this row, like any other.
            error = row_result.errors[0].error
            row_result.errors = []
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = ValidationError(
                _("This row could not be saved: %(error)s") % {"error": error}
            )
        row_result.line = self.line(kwargs)
        return row_result

    def after_import_row(self, row, row_result, **kwargs):
        if row_result.import_type == RowResult.IMPORT_TYPE_NEW and not kwargs.get("dry_run"):
            self.created_ids.append(row_result.object_id)

    def after_init_instance(self, instance, new, row, **kwargs):
        self._matched = True
        self._before = None if new else self.snapshot(instance)
        if not new:
            self.keep_original(instance)

    def column_errors(self, row) -> dict[str, list[str]]:
        """What each column of the row says is wrong with its own value, and the rules that
        look at the values alone (the registration form's)."""
        errors: dict[str, list[str]] = {}
        values = {}
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            key = field.attribute
            try:
                value = field.clean(row)
            except ValueError as error:
                errors[key] = [str(error)]
                continue
            model_field = _model_field(self._meta.model, field.attribute)
            if (
                model_field is not None
                and not model_field.is_relation
                and value not in model_field.empty_values
            ):
                try:
                    model_field.run_validators(value)
                except ValidationError as error:
                    errors[key] = list(error.messages)
                    continue
            values[key] = value
        for key, messages in self.value_errors(values).items():
            errors.setdefault(key, messages)
        return errors

    def value_errors(self, values: dict) -> dict[str, list[str]]:
        """Rules on single values beyond the model's, by attribute; empty unless a kind has them."""
        return {}

    def import_instance(self, instance, row, **kwargs):
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
        try:
            self.complete(instance, row)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def complete(self, instance, row) -> None:
        """What a kind sets beyond its columns (slugs, links); may raise ValidationError."""

    # Kinds whose matching already guarantees their unique constraints check the rest here
    # instead of one query per constraint per row (``full_clean``'s way).
    checks_own_constraints = False

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if not self.checks_own_constraints:
            return super().validate_instance(instance, import_validation_errors, validate_unique)
        errors = dict(import_validation_errors or {})
        # Related rows were found in the database by the widgets: no query to prove they exist.
        related = {f.name for f in instance._meta.concrete_fields if f.many_to_one}
        try:
            instance.full_clean(
                exclude={*errors, *related}, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for key, messages in self.check_constraints(instance).items():
            errors.setdefault(key, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def check_constraints(self, instance) -> dict[str, list[str]]:
        return {}

    def before_save_instance(self, instance, row, **kwargs):
        instance._history_user = self.by

    def snapshot(self, instance, row=None) -> list:
        """What a row may change, to tell "unchanged" from "update"."""
        values = []
        for field in self.get_import_fields():
            if isinstance(field.widget, ManyToManyWidget):
                if row is not None and field.column_name in row:
                    values.append(frozenset(obj.pk for obj in field.clean(row)))
                else:
                    manager = getattr(instance, field.attribute)
                    values.append(frozenset(manager.values_list("pk", flat=True)))
                continue
            model_field = _model_field(instance, field.attribute)
            if model_field is not None and model_field.is_relation:
                values.append(getattr(instance, model_field.attname))
            else:
                values.append(field.get_value(instance))
        values.extend(self.compared(instance))
        return values

    def compared(self, instance) -> list:
        return [getattr(instance, name) for name in self.compare_attributes]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or self._before is None:
            return False
        return self.snapshot(instance, row) == self._before

    # What staff read

    def error_messages(self, row_result: RowResult) -> list[str]:
        """The reasons a row cannot be imported, each with the column it concerns; a column the
        file lacks is named once for the file, not in every row."""
        error = row_result.validation_error
        if error is None:
            return [str(e.error) for e in row_result.errors]
        columns = {field.attribute: field.column_name for field in self.fields.values()}
        columns.update({name: field.column_name for name, field in self.fields.items()})
        if not hasattr(error, "error_dict"):
            return list(error.messages)
        missing = {
            key
            for name, field in self.fields.items()
            if field.column_name in self.missing
            for key in (name, field.attribute)
        }
        messages = []
        for key, errors in error.message_dict.items():
            if key in missing:
                continue
            for message in errors:
                if key == NON_FIELD_ERRORS or key not in columns:
                    messages.append(message)
                else:
                    messages.append(f"{columns[key]}: {message}")
        return messages

    def summary(self, instance) -> str:
        return str(instance)


def _model_field(instance, attribute: str | None):
    if not attribute or "__" in attribute:
        return None
    try:
        return instance._meta.get_field(attribute)
    except Exception:  # noqa: BLE001 - not a model field: compared by its value
        return None
