from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Commitment, Meeting, Outcome, Partner, Partnership
from .services import COMMITMENT_SELF_FIELDS, MEETING_FIELDS, OUTCOME_FIELDS, PARTNER_SELF_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(forms.ModelForm):
    present = forms.ModelMultipleChoiceField(
        label=_("Partners present"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Meeting
        fields = [*MEETING_FIELDS]
        widgets = {"date": DATE, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this partnership's partners can be ticked: another's could not be posted either.
        self.fields["present"].queryset = partnership.partners.select_related("organisation")
        self.fields["present"].label_from_instance = lambda partner: partner.organisation.name


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = [*OUTCOME_FIELDS]
        widgets = {"submitted_on": DATE}


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = [*COMMITMENT_SELF_FIELDS]


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = [*PARTNER_SELF_FIELDS]
