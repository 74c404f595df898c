from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.models import FieldOfActivity
from hub.selectors import regions_home_first
from organisations.models import LegalForm, Sector

from .models import Frequency


class SubscriptionForm(forms.Form):
    """What a person wants to hear of; nothing ticked in a group means "any"."""

    fields = forms.ModelMultipleChoiceField(
        label=_("Fields of activity"),
        queryset=FieldOfActivity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every field."),
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sector of the organisation"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    legal_forms = forms.MultipleChoiceField(
        label=_("Legal form"),
        choices=LegalForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Where the organisation works"),
        queryset=FieldOfActivity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: calls from anywhere."),
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
