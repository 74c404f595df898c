"""The subscription form every member's alerts start from: fields of activity, regions and how
often; an app adds its own criteria and names its regions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import FieldOfActivity, Region
from ..selectors import regions_home_first
from .periods import Frequency


class AlertSubscriptionForm(forms.Form):
    """What a person wants to hear of; nothing ticked in a group means "any". A subclass
    declares ``regions`` (with its label and help) and its criteria, and their order."""

    fields = forms.ModelMultipleChoiceField(
        label=_("Fields of activity"),
        queryset=FieldOfActivity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every field."),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields"].queryset = FieldOfActivity.objects.all()
        self.fields["regions"].queryset = regions_home_first()


def regions_field(*, label, help_text) -> forms.ModelMultipleChoiceField:
    """The regions a subscription is about; the choices are set when the form is made."""
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Region.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )
