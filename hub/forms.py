from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .privacy import SIGNUP_CONSENT, consent_record


class SignupForm(forms.Form):
    """What sign-up asks besides the address and password: the person's name (event forms start
    with it) and agreement to the privacy notice, stored with the account in the words and
    version shown."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    privacy_consent = forms.BooleanField(
        label=SIGNUP_CONSENT,
        error_messages={"required": _("Please agree, so that we may keep your account.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["privacy_consent"].help_text = format_html(
            '<a href="{}">{}</a>', reverse("privacy"), _("Read the privacy notice")
        )

    def signup(self, request, user) -> None:
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        for name, value in consent_record(SIGNUP_CONSENT).items():
            setattr(user, name, value)
        user.consent_at = timezone.now()
        user.save(
            update_fields=[
                "first_name",
                "last_name",
                "consent_version",
                "consent_text",
                "consent_at",
            ]
        )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("So that nobody else can delete your account from a computer you left."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password


class PersonalDataCopyForm(forms.Form):
    """Ask for a copy of everything the portal holds about an address; it goes to the address."""

    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("The copy is sent to this address, whoever asks."),
    )


class PersonSearchForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))


class PersonEraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked the request and want this person's data erased."),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
