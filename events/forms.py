from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.text import sort_key
from organisations.models import Membership, Organisation

from .errors import CapacityBelowConfirmed
from .models import REGISTRATION_CONSENT, Event
from .selectors import colleague_memberships, organisation_match
from .services import event_capacity_check

MYSELF = ""


class RegistrationForm(forms.Form):
    """Anyone may register; a signed-in person is prefilled, an NGO member may pick a colleague."""

    attendee = forms.ChoiceField(
        label=_("Who is coming?"),
        required=False,
        help_text=_("You can register a colleague from your organisation instead of yourself."),
    )
    name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The confirmation and your personal cancel link are sent here."),
    )
    organisation = forms.TypedChoiceField(
        label=_("Your organisation"), coerce=int, empty_value=None, required=False
    )
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Write the name as it is in the directory and we link the registration to it."),
    )
    consent = forms.BooleanField(
        label=REGISTRATION_CONSENT,
        error_messages={"required": _("Please agree, so that we may keep your registration.")},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships: list[Membership] = (
            list(colleague_memberships(user=user)) if user and user.is_authenticated else []
        )
        own = [m for m in self.memberships if m.user_id == user.pk] if self.memberships else []
        colleagues = [m for m in self.memberships if m.user_id != user.pk] if own else []
        self.colleagues = {str(m.pk): m for m in colleagues if m.organisation_id in _orgs(own)}
        if self.colleagues:
            self.fields["attendee"].choices = [
                (MYSELF, _("Myself")),
                *[(pk, f"{m.user} ({m.organisation})") for pk, m in self.colleagues.items()],
            ]
            # A colleague's details come from their account; these are needed only for oneself.
            self.fields["name"].required = False
            self.fields["email"].required = False
        else:
            del self.fields["attendee"]
        # The member's own organisations come with their memberships: no further query.
        self.own_organisations = {m.organisation_id: m.organisation for m in own}
        if own:
            self.fields["organisation"].choices = [
                ("", _("Another organisation, or none")),
                *[(pk, o.name) for pk, o in sorted(self.own_organisations.items(), key=_by_name)],
            ]
            if len(own) == 1:
                self.fields["organisation"].initial = own[0].organisation_id
            self.fields["organisation_name"].label = _("Another organisation")
        else:
            del self.fields["organisation"]
        if user is not None and user.is_authenticated:
            self.fields["name"].initial = user.get_full_name()
            self.fields["email"].initial = user.email

    def clean(self):
        data = super().clean()
        colleague = self.colleagues.get(data.get("attendee") or MYSELF)
        if colleague is not None:
            data["name"] = colleague.user.get_full_name() or colleague.user.email
            data["email"] = colleague.user.email
            data["organisation"] = colleague.organisation
            return data
        for name in ("name", "email"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, forms.Field.default_error_messages["required"])
        data["organisation"] = self.own_organisations.get(data.get("organisation")) or (
            organisation_match(name=data.get("organisation_name", ""))
        )
        return data


def _orgs(memberships: list[Membership]) -> set[int]:
    return {m.organisation_id for m in memberships}


def _by_name(item: tuple[int, Organisation]) -> tuple:
    return sort_key(item[1].name)


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class EventAdminForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = "__all__"  # noqa: DJ007 (the admin decides the fieldsets)
        formfield_callback = _formfield

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk is not None:
            try:
                event_capacity_check(event=self.instance, capacity=capacity)
            except CapacityBelowConfirmed as error:
                raise forms.ValidationError(error.message) from error
        return capacity
