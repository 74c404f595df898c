from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hub.models import FieldOfActivity, Municipality
from hub.selectors import municipalities_home_first

from .models import Invitation, Organisation, Role
from .selectors import JOINABLE
from .services import PROFILE_FIELDS, PROFILE_M2M_FIELDS, organisation_numbers_clean
from .validators import clean_description, clean_logo


def _municipalities_by_region() -> list[tuple[str, list[tuple[int, str]]]]:
    groups: dict[str, list[tuple[int, str]]] = {}
    for municipality in municipalities_home_first():
        groups.setdefault(municipality.region.name, []).append((municipality.pk, municipality.name))
    return list(groups.items())


def validate_founded_year(year: int | None) -> None:
    """A founding year from 1800 to this year: the form's rule, which imports follow too."""
    if year is not None and not 1800 <= year <= timezone.localdate().year:
        raise forms.ValidationError(
            _("Give the year the organisation was founded, for example 1998."),
            code="founded_year",
        )


class OrganisationForm(forms.ModelForm):
    """The profile an organisation keeps itself. Staff-only fields are simply not in it, so a
    forged POST that names them changes nothing."""

    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}
        ),
        help_text=_("PNG, JPEG, GIF or WebP, at most 2 MB."),
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )
    fields = forms.ModelMultipleChoiceField(
        label=_("Fields of activity"),
        queryset=FieldOfActivity.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    municipalities_served = forms.ModelMultipleChoiceField(
        label=_("Municipalities served"),
        queryset=Municipality.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Organisation
        fields = PROFILE_FIELDS + PROFILE_M2M_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "founded_year": forms.NumberInput(attrs={"min": 1800, "max": 2100}),
        }
        help_texts = {
            "description": _(
                "What the organisation does and for whom. Paragraphs and line breaks are kept."
            ),
            "short_name": _("An abbreviation or the name people use, if it differs."),
        }

    # Rendered in this order by templates/organisations/_form.html.
    fieldsets = [
        (
            _("The organisation"),
            [
                "name",
                "short_name",
                "sector",
                "legal_form",
                "country",
                "registration_number",
                "tax_number",
                "founded_year",
                "public_interest",
            ],
        ),
        (_("What it does and where"), ["description", "fields", "seat", "municipalities_served"]),
        (_("Contact"), ["website", "email", "phone", "logo"]),
        (_("Size"), ["members", "employees", "volunteers"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Municipalities are listed under their regions; the querysets still validate the choice.
        # Made per form: fields sort by their name in the reader's language.
        self.fields["fields"].queryset = FieldOfActivity.objects.all()
        grouped = _municipalities_by_region()
        self.fields["seat"].queryset = Municipality.objects.all()
        self.fields["seat"].choices = [("", "---------"), *grouped]
        self.fields["municipalities_served"].choices = grouped

    def municipality_groups(self) -> list[tuple[str, list]]:
        """The municipality checkboxes under their region's name, for the template."""
        checkboxes = iter(self["municipalities_served"])
        return [
            (region, [next(checkboxes) for _ in options])
            for region, options in self.fields["municipalities_served"].choices
        ]

    def clean_founded_year(self) -> int | None:
        year = self.cleaned_data.get("founded_year")
        validate_founded_year(year)
        return year

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            return clean_logo(logo)
        return logo

    def clean_description(self) -> str:
        return clean_description(self.cleaned_data.get("description", ""))

    def clean(self):
        cleaned = super().clean()
        country = cleaned.get("country")
        if not country:
            return cleaned
        numbers, errors, existing = organisation_numbers_clean(
            country=country,
            registration_number=cleaned.get("registration_number", ""),
            tax_number=cleaned.get("tax_number", ""),
            exclude_pk=self.instance.pk,
        )
        for name in ("registration_number", "tax_number"):
            if name not in cleaned:
                continue  # the field's own check failed already
            if name in errors:
                # A number already held is said with the way to join its organisation, so
                # neither reaches the database's rule, whose message names no field.
                registered = errors[name].code == "registered"
                self.add_error(
                    name, already_registered_message(existing) if registered else errors[name]
                )
            else:
                cleaned[name] = numbers[name]
        return cleaned


def already_registered_message(organisation: Organisation):
    """Refuses a number already held, and links to the page that asks to join its holder."""
    if organisation.verification_status not in JOINABLE:
        # Rejected or closed: there is nobody to join, and the number stays taken.
        return _("An organisation with this number is already registered.")
    return format_html(
        '{} <a href="{}">{}</a>',
        _("This organisation is already registered — ask to join it instead."),
        reverse("organisations:join_request", args=[organisation.slug]),
        _("Ask to join “%(name)s”") % {"name": organisation.name},
    )


class OrganisationEditForm(OrganisationForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version


class JoinSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, registration number or tax number"), max_length=100, required=False
    )


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message with your request (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]
        help_texts = {
            "role": _("Editors keep the profile; admins also manage the people."),
        }


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection (sent to the organisation)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class ClaimSignUpForm(forms.Form):
    """A password for the account a claim link makes; the address is the one the link was sent to."""

    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        from django.contrib.auth.password_validation import validate_password

        from hub.models import User

        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("You must type the same password each time."))
        elif first:
            try:
                validate_password(first, User(email=self.email))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
