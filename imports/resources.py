"""What each kind of file holds, how a row finds what it is about, and what a row may change.

One resource per kind (django-import-export): the admin's preview and import, the
``import_data`` command, the templates and the exports all use these, so the columns and the
rules are written once. Columns are named in the staff member's language; a file whose headers
are in another interface language, or are the codes, is read just as well.

Matching, so that importing a file twice creates nothing the second time:

- organisations: by registration number, then tax number (both within the country), then
  normalised name and seat municipality;
- events: by normalised title and the day they start;
- registrations: the event (title and day) and the person, by normalised e-mail
  (``imports.people``);
- support records: the organisation, the day, the kind and the normalised topic.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources
from import_export.fields import Field
from import_export.results import RowResult
from import_export.widgets import ManyToManyWidget

from events.models import Event, EventKind, OrganisationLink, Registration
from hub.models import Country
from hub.selectors import hub_profile
from hub.text import ascii_slug, search_document, search_normalise
from organisations.forms import validate_founded_year
from organisations.models import (
    LegalForm,
    Organisation,
    Sector,
    SupportKind,
    SupportRecord,
    VerificationStatus,
)
from organisations.services import organisation_unique_slug
from organisations.validators import normalise_registration_number, normalise_tax_number

from .changes import ChangeTracking
from .columns import (
    ChoiceWidget,
    DateTimeWidget,
    DateWidget,
    DecimalNumberWidget,
    FieldsWidget,
    MunicipalitiesWidget,
    MunicipalityWidget,
    OrganisationWidget,
    TextWidget,
    UserWidget,
    WebsiteWidget,
    WholeNumberWidget,
    YesNoWidget,
    cell_text,
    in_every_language,
)
from .models import ImportKind
from .people import participant_of_person, person_email, person_key, registration_of_person


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


def _unique_slug(model, base: str, *, max_length: int) -> str:
    base = ascii_slug(base)[: max_length - 6].strip("-") or "item"
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


# Organisations


class OrganisationResource(ImportResource):
    kind = ImportKind.ORGANISATIONS
    required = ("name",)
    notes: ClassVar[dict] = {
        "registration_number": gettext_lazy(
            "Slovenia: matična številka; Bulgaria: EIK/BULSTAT; Poland: REGON or KRS."
        ),
        "tax_number": gettext_lazy("Slovenia: davčna številka; Bulgaria: VAT number; Poland: NIP."),
        "seat": gettext_lazy("The name of a municipality."),
        "municipalities_served": gettext_lazy("Names of municipalities, separated by “;”."),
        "fields_of_activity": gettext_lazy("Codes of fields of activity, separated by “;”."),
        "verification_status": gettext_lazy("Empty in a new row: verified."),
    }

    name = column("name", gettext_lazy("name"), TextWidget(required=True, max_length=200))
    short_name = column("short_name", gettext_lazy("short name"), TextWidget(max_length=80))
    sector = column(
        "sector", gettext_lazy("sector"), ChoiceWidget(Sector.choices), saves_null_values=False
    )
    legal_form = column(
        "legal_form",
        gettext_lazy("legal form"),
        ChoiceWidget(LegalForm.choices),
        saves_null_values=False,
    )
    country = column(
        "country", gettext_lazy("country"), ChoiceWidget(Country.choices), saves_null_values=False
    )
    registration_number = column(
        "registration_number", gettext_lazy("registration number"), TextWidget()
    )
    tax_number = column("tax_number", gettext_lazy("tax number"), TextWidget())
    seat = column("seat", gettext_lazy("seat"), MunicipalityWidget())
    municipalities_served = column(
        "municipalities_served", gettext_lazy("municipalities served"), MunicipalitiesWidget()
    )
    fields_of_activity = column("fields", gettext_lazy("fields of activity"), FieldsWidget())
    description = column("description", gettext_lazy("description"), TextWidget())
    website = column("website", gettext_lazy("website"), WebsiteWidget())
    email = column("email", gettext_lazy("public e-mail"), TextWidget())
    phone = column("phone", gettext_lazy("public phone"), TextWidget(max_length=40))
    members = column("members", gettext_lazy("members"), WholeNumberWidget())
    employees = column("employees", gettext_lazy("employees"), WholeNumberWidget())
    volunteers = column("volunteers", gettext_lazy("volunteers"), WholeNumberWidget())
    founded_year = column("founded_year", gettext_lazy("founded in"), WholeNumberWidget())
    public_interest = column(
        "public_interest",
        gettext_lazy("public-interest status"),
        YesNoWidget(),
        saves_null_values=False,
    )
    verification_status = column(
        "verification_status",
        gettext_lazy("verification status"),
        ChoiceWidget(VerificationStatus.choices),
        saves_null_values=False,
    )
    has_potential = column(
        "has_potential", gettext_lazy("NGO with potential"), YesNoWidget(), saves_null_values=False
    )

    class Meta(ImportResource.Meta):
        model = Organisation
        fields = (
            "name",
            "short_name",
            "sector",
            "legal_form",
            "country",
            "registration_number",
            "tax_number",
            "seat",
            "municipalities_served",
            "fields_of_activity",
            "description",
            "website",
            "email",
            "phone",
            "members",
            "employees",
            "volunteers",
            "founded_year",
            "public_interest",
            "verification_status",
            "has_potential",
        )

    def before_import_row(self, row, **kwargs):
        errors: dict = {}
        country = self.value("country", row, errors) or Country.SLOVENIA
        numbers = {}
        for name, normalise in (
            ("registration_number", normalise_registration_number),
            ("tax_number", normalise_tax_number),
        ):
            column_name = self.fields[name].column_name
            if column_name not in row:
                continue
            try:
                numbers[name] = normalise(cell_text(row[column_name]), country)
            except ValidationError as error:
                errors[name] = error.messages
            else:
                row[column_name] = numbers[name]
        name_key = search_normalise(cell_text(row.get(self.fields["name"].column_name)))
        seat = None
        seat_text = cell_text(row.get(self.fields["seat"].column_name))
        if seat_text:
            try:
                seat = self.fields["seat"].widget.find(seat_text, country)
            except ValueError as error:
                errors["seat"] = [str(error)]
        if errors:
            raise ValidationError(errors)
        self.current = {"country": country, "name_key": name_key, "seat": seat, **numbers}
        keys = [
            (kind, country, numbers[field])
            for kind, field in (("reg", "registration_number"), ("tax", "tax_number"))
            if numbers.get(field)
        ]
        if name_key:
            keys.append(("name", name_key, seat.pk if seat else None))
        self.check_duplicate(keys, self.line(kwargs))

    def get_instance(self, instance_loader, row):
        current = self.current
        registration_number = current.get("registration_number")
        tax_number = current.get("tax_number")
        in_country = Organisation.objects.filter(country=current["country"])
        # Numbers looked up here are known not to belong to another organisation.
        current["checked"] = checked = set()
        if registration_number:
            found = in_country.filter(registration_number=registration_number).first()
            checked.add("registration_number")
            if found:
                return found
        if tax_number:
            found = in_country.filter(tax_number=tax_number).first()
            checked.add("tax_number")
            if found:
                return found
        name_key = current["name_key"]
        if not name_key:
            return None
        for candidate in Organisation.objects.filter(
            seat=current["seat"], search_name__startswith=name_key
        ).order_by("pk"):
            # Another registration number is another organisation of the same name.
            other_number = (
                registration_number
                and candidate.registration_number
                and candidate.registration_number != registration_number
            )
            if search_normalise(candidate.name) == name_key and not other_number:
                return candidate
        return None

    checks_own_constraints = True

    def check_constraints(self, instance) -> dict[str, list[str]]:
        """The constraints of Organisation.Meta, with their messages, in at most one query."""
        errors = self.value_errors({"founded_year": instance.founded_year})
        constraints = {c.name: c for c in Organisation._meta.constraints}
        for field, name in (
            ("registration_number", "organisation_registration_number_unique"),
            ("tax_number", "organisation_tax_number_unique"),
        ):
            value = getattr(instance, field)
            if not value or field in self.current.get("checked", ()):
                continue
            taken = (
                Organisation.objects.filter(country=instance.country, **{field: value})
                .exclude(pk=instance.pk)
                .exists()
            )
            if taken:
                errors[field] = [str(constraints[name].violation_error_message)]
        return errors

    def value_errors(self, values: dict) -> dict[str, list[str]]:
        """The registration form's own rules, called as the form calls them."""
        try:
            validate_founded_year(values.get("founded_year"))
        except ValidationError as error:
            return {"founded_year": list(error.messages)}
        return {}

    def init_instance(self, row=None):
        return Organisation(
            country=self.current.get("country", Country.SLOVENIA),
            sector=Sector.CIVIL,
            legal_form=LegalForm.ASSOCIATION,
            verification_status=VerificationStatus.VERIFIED,
        )

    def complete(self, instance, row) -> None:
        from organisations.validators import clean_description

        if not instance.slug:
            instance.slug = organisation_unique_slug(instance.name or "organisation")
        instance.description = clean_description(instance.description or "")
        if instance.verification_status == VerificationStatus.VERIFIED and not instance.verified_at:
            instance.verified_at = timezone.now()
            instance.verified_by = self.by

    def export_queryset(self):
        return (
            Organisation.objects.select_related("seat")
            .prefetch_related("fields", "municipalities_served")
            .defer("search_text", "search_name")
            .order_by("pk")
        )


# Events


class EventResource(ImportResource):
    kind = ImportKind.EVENTS
    required = ("title", "kind_", "start", "end")
    notes: ClassVar[dict] = {
        "start": gettext_lazy("Date and time: 2025-03-31 17:00."),
        "end": gettext_lazy("Date and time: 2025-03-31 19:00."),
        "municipality": gettext_lazy("The name of a municipality."),
        "organiser": gettext_lazy(
            "Registration number, tax number or name of an organisation; empty: the hub."
        ),
        "fields_of_activity": gettext_lazy("Codes of fields of activity, separated by “;”."),
        "is_published": gettext_lazy("Empty in a new row: not published."),
    }

    title = column("title", gettext_lazy("title"), TextWidget(required=True, max_length=200))
    kind_ = column(
        "kind", gettext_lazy("kind"), ChoiceWidget(EventKind.choices), saves_null_values=False
    )
    start = column("start", gettext_lazy("starts"), DateTimeWidget())
    end = column("end", gettext_lazy("ends"), DateTimeWidget())
    language = column(
        "language",
        gettext_lazy("language"),
        ChoiceWidget([(code, name) for code, name in Event._meta.get_field("language").choices]),
        saves_null_values=False,
    )
    venue = column("venue", gettext_lazy("venue"), TextWidget(max_length=200))
    address = column("address", gettext_lazy("address"), TextWidget(max_length=200))
    municipality = column("municipality", gettext_lazy("municipality"), MunicipalityWidget())
    online_url = column("online_url", gettext_lazy("online link"), WebsiteWidget())
    capacity = column(
        "capacity", gettext_lazy("capacity"), WholeNumberWidget(), saves_null_values=False
    )
    organiser = column("organiser", gettext_lazy("organiser"), OrganisationWidget())
    description = column("description", gettext_lazy("description"), TextWidget())
    fields_of_activity = column("fields", gettext_lazy("fields of activity"), FieldsWidget())
    is_published = column(
        "is_published", gettext_lazy("published"), YesNoWidget(), saves_null_values=False
    )

    class Meta(ImportResource.Meta):
        model = Event
        fields = (
            "title",
            "kind_",
            "start",
            "end",
            "language",
            "venue",
            "address",
            "municipality",
            "online_url",
            "capacity",
            "organiser",
            "description",
            "fields_of_activity",
            "is_published",
        )

    def before_import_row(self, row, **kwargs):
        errors: dict = {}
        title = self.value("title", row, errors, default="")
        start = self.value("start", row, errors)
        if errors:
            raise ValidationError(errors)
        self.current = {"title_key": search_document(title), "day": timezone.localdate(start)}
        self.check_duplicate(
            [("event", self.current["title_key"], self.current["day"])], self.line(kwargs)
        )

    def get_instance(self, instance_loader, row):
        return (
            Event.objects.filter(
                search_name=self.current["title_key"], start__date=self.current["day"]
            )
            .order_by("pk")
            .first()
        )

    def init_instance(self, row=None):
        return Event(capacity=0, is_published=False, language=hub_profile().language)

    def complete(self, instance, row) -> None:
        if not instance.slug and instance.title and instance.start:
            instance.slug = _unique_slug(
                Event,
                f"{instance.title}-{timezone.localdate(instance.start).isoformat()}",
                max_length=200,
            )

    def export_queryset(self):
        return (
            Event.objects.select_related("municipality", "organiser")
            .prefetch_related("fields")
            .defer("search_text", "search_name")
            .order_by("start", "pk")
        )


# Registrations with attendance


class EventDayWidget(DateWidget):
    def render(self, value, obj=None, **kwargs) -> str:
        return timezone.localdate(value).isoformat() if value else ""


class RegistrationResource(ImportResource):
    kind = ImportKind.REGISTRATIONS
    named_by = ("event",)
    required = ("event_title", "event_day", "name", "email")
    notes: ClassVar[dict] = {
        "event_title": gettext_lazy("The title of an event already in the portal."),
        "event_day": gettext_lazy("The day the event starts: 2025-03-31."),
        "organisation": gettext_lazy(
            "Registration number, tax number or name of an organisation; another name is kept "
            "as typed."
        ),
        "attended": gettext_lazy("yes or no"),
    }

    event_title = column("event__title", gettext_lazy("event"), TextWidget(), readonly=True)
    event_day = column("event__start", gettext_lazy("event date"), EventDayWidget(), readonly=True)
    name = column("name", gettext_lazy("name"), TextWidget(required=True, max_length=200))
    email = column("email", gettext_lazy("e-mail address"), TextWidget(required=True))
    organisation = column(
        None,
        gettext_lazy("organisation"),
        TextWidget(max_length=200),
        readonly=True,
        dehydrate_method="organisation_label",
    )
    status = column(
        "status",
        gettext_lazy("status"),
        ChoiceWidget(Registration.Status.choices),
        saves_null_values=False,
    )
    attended = column("attended", gettext_lazy("attended"), YesNoWidget(), saves_null_values=False)
    consent = column(
        "consent",
        gettext_lazy("consent to processing personal data"),
        YesNoWidget(),
        saves_null_values=False,
    )

    class Meta(ImportResource.Meta):
        model = Registration
        fields = (
            "event_title",
            "event_day",
            "name",
            "email",
            "organisation",
            "status",
            "attended",
            "consent",
        )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.organisations = OrganisationWidget()
        self.events: dict = {}

    def find_event(self, title: str, day) -> Event:
        key = (search_document(title), day)
        if key not in self.events:
            if len(self.events) > 1000:
                self.events.clear()
            self.events[key] = list(
                Event.objects.filter(search_name=key[0], start__date=day).order_by("pk")[:2]
            )
        found = self.events[key]
        if not found:
            raise ValueError(
                _("No event “%(title)s” starts on %(day)s; import the events first.")
                % {"title": title, "day": day.isoformat()}
            )
        if len(found) > 1:
            raise ValueError(
                _("Several events “%(title)s” start on %(day)s.")
                % {"title": title, "day": day.isoformat()}
            )
        return found[0]

    def before_import_row(self, row, **kwargs):
        errors: dict = {}
        title = cell_text(row.get(self.fields["event_title"].column_name))
        day = None
        try:
            day = DateWidget().clean(row.get(self.fields["event_day"].column_name))
        except ValueError as error:
            errors["event__start"] = [str(error)]
        event = None
        if not title:
            errors["event__title"] = [_("This column must not be empty.")]
        elif day:
            try:
                event = self.find_event(title, day)
            except ValueError as error:
                errors["event__title"] = [str(error)]
        email = ""
        try:
            email = person_email(cell_text(row.get(self.fields["email"].column_name)))
        except ValueError as error:
            errors["email"] = [str(error)]
        if errors:
            raise ValidationError(errors)
        self.current = {"event": event, "email": email}
        self.check_duplicate([("person", event.pk, person_key(email))], self.line(kwargs))

    # One registration per person and event holds by the matching; the token is random.
    checks_own_constraints = True

    def get_instance(self, instance_loader, row):
        return registration_of_person(event=self.current["event"], email=self.current["email"])

    def init_instance(self, row=None):
        event = self.current["event"]
        participant = participant_of_person(self.current["email"])
        return Registration(
            event=event,
            email=self.current["email"],
            participant=participant,
            pid=participant.pid,
            status=Registration.Status.CONFIRMED,
            language=event.language,
            registered_at=min(timezone.now(), event.start),
        )

    def complete(self, instance, row) -> None:
        column_name = self.fields["organisation"].column_name
        if column_name in row:
            text = cell_text(row[column_name])[:200]
            try:
                organisation = self.organisations.find(text) if text else None
            except ValueError:
                organisation = None
            instance.organisation = organisation
            # Staff name the organisation in their file: a link they confirm, which counts.
            instance.organisation_link = OrganisationLink.STAFF if organisation else ""
            instance.organisation_name = "" if organisation else text
        if instance.attended and instance.checked_in_at is None:
            instance.checked_in_at = min(timezone.now(), instance.event.start)
        elif not instance.attended:
            instance.checked_in_at = None

    def compared(self, instance) -> list:
        # The name as typed matters only when no organisation of the directory is linked.
        linked = instance.organisation_id
        return [linked, "" if linked else instance.organisation_name]

    def organisation_label(self, registration: Registration) -> str:
        if registration.organisation_id:
            organisation = registration.organisation
            return organisation.registration_number or organisation.name
        return registration.organisation_name

    def export_queryset(self):
        return Registration.objects.select_related("event", "organisation").order_by(
            "event__start", "event_id", "registered_at", "pk"
        )


# Support records


class SupportRecordResource(ImportResource):
    kind = ImportKind.SUPPORT_RECORDS
    named_by = ("organisation",)
    required = ("organisation", "kind_", "date", "hours", "topic")
    notes: ClassVar[dict] = {
        "organisation": gettext_lazy(
            "Registration number, tax number or name of an organisation in the directory."
        ),
        "date": gettext_lazy("A date: 2025-03-31."),
        "hours": gettext_lazy("A number of hours, such as 1.5."),
        "given_by": gettext_lazy("The e-mail address of a staff member's account."),
    }

    organisation = column(
        "organisation", gettext_lazy("organisation"), OrganisationWidget(required=True)
    )
    kind_ = column(
        "kind",
        gettext_lazy("kind"),
        ChoiceWidget(SupportKind.choices, required=True),
    )
    date = column("date", gettext_lazy("date"), DateWidget())
    hours = column("hours", gettext_lazy("hours"), DecimalNumberWidget())
    topic = column("topic", gettext_lazy("topic"), TextWidget(required=True, max_length=200))
    given_by = column("given_by", gettext_lazy("given by"), UserWidget())
    notes_ = column("notes", gettext_lazy("notes"), TextWidget())

    class Meta(ImportResource.Meta):
        model = SupportRecord
        fields = ("organisation", "kind_", "date", "hours", "topic", "given_by", "notes_")

    def before_import_row(self, row, **kwargs):
        errors: dict = {}
        organisation = self.value("organisation", row, errors)
        kind = self.value("kind_", row, errors)
        day = self.value("date", row, errors)
        topic = self.value("topic", row, errors, default="")
        if errors:
            raise ValidationError(errors)
        self.current = {
            "organisation": organisation,
            "kind": kind,
            "date": day,
            "topic_key": search_normalise(topic),
        }
        self.check_duplicate(
            [("support", organisation.pk, day, kind, self.current["topic_key"])],
            self.line(kwargs),
        )

    def get_instance(self, instance_loader, row):
        current = self.current
        for record in SupportRecord.objects.filter(
            organisation=current["organisation"], date=current["date"], kind=current["kind"]
        ).order_by("pk"):
            if search_normalise(record.topic) == current["topic_key"]:
                return record
        return None

    def export_queryset(self):
        return SupportRecord.objects.select_related("organisation", "given_by").order_by(
            "date", "pk"
        )


RESOURCES: dict[str, type[ImportResource]] = {
    ImportKind.ORGANISATIONS: OrganisationResource,
    ImportKind.EVENTS: EventResource,
    ImportKind.REGISTRATIONS: RegistrationResource,
    ImportKind.SUPPORT_RECORDS: SupportRecordResource,
}
