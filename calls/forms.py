from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.alerts.forms import AlertSubscriptionForm, regions_field
from organisations.models import LegalForm, Sector


class SubscriptionForm(AlertSubscriptionForm):
    """What a person wants to hear of; nothing ticked in a group means "any"."""

    field_order = ["fields", "sectors", "legal_forms", "regions", "frequency"]

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
    regions = regions_field(
        label=_("Where the organisation works"), help_text=_("None ticked: calls from anywhere.")
    )
