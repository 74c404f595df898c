"""Organisations: matched by registration number, then tax number (both within the country), then
normalised name and seat municipality."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy

from hub.models import Country
from hub.text import search_normalise
from organisations.forms import validate_founded_year
from organisations.models import LegalForm, Organisation, Sector, VerificationStatus
from organisations.services import organisation_unique_slug
from organisations.validators import normalise_registration_number, normalise_tax_number

from ..columns import (
    ChoiceWidget,
    FieldsWidget,
    MunicipalitiesWidget,
    MunicipalityWidget,
    TextWidget,
    WebsiteWidget,
    WholeNumberWidget,
    YesNoWidget,
    cell_text,
)
from ..models import ImportKind
from .base import ImportResource, column


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
