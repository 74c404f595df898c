from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.alerts.forms import AlertSubscriptionForm, regions_field

from .models import Action, Initiative, InitiativeStatus, Level, Submission
from .services import ACTION_FIELDS, INITIATIVE_FIELDS, RESPONSE_FIELDS, SUBMISSION_FIELDS
from .validators import validate_document

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_in_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future; record it once it happened."))
    return value


class InitiativeForm(forms.ModelForm):
    """A new initiative: the organisation that leads it is one the person administers."""

    lead = forms.ModelChoiceField(
        label=_("Lead organisation"),
        queryset=None,
        empty_label=None,
        help_text=_("Its admins will keep the initiative up to date."),
    )

    class Meta:
        model = Initiative
        fields = [*INITIATIVE_FIELDS]
        widgets = {"objective": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = leads
        self.order_fields(["lead", *INITIATIVE_FIELDS])


class InitiativeEditForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = [*INITIATIVE_FIELDS]
        widgets = {"objective": forms.Textarea(attrs={"rows": 5})}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=InitiativeStatus.choices)
    date = forms.DateField(
        label=_("Since"), widget=DATE, initial=timezone.localdate, validators=[_not_in_future]
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class SupporterForm(forms.Form):
    """Find an organisation by name; the page then lists the matches to pick from."""

    q = forms.CharField(
        label=_("Organisation's name"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Any sector: NGOs, public bodies and companies can support an initiative."),
    )


class ActionForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(label=_("By"), queryset=None, empty_label=None)
    document_title = forms.CharField(label=_("Document title"), max_length=200, required=False)
    document = forms.FileField(
        label=_("Document"),
        required=False,
        validators=[validate_document],
        help_text=_("PDF, DOCX, XLSX, ODT or ODS, up to 10 MB."),
    )

    class Meta:
        model = Action
        fields = [*ACTION_FIELDS]
        widgets = {"date": DATE, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["date"].validators.append(_not_in_future)

    def clean(self):
        data = super().clean()
        if data.get("document") and not data.get("document_title"):
            data["document_title"] = data["document"].name
        return data


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        validators=[validate_document],
        help_text=_("PDF, DOCX, XLSX, ODT or ODS, up to 10 MB."),
    )


class SubmissionForm(forms.ModelForm):
    class Meta:
        model = Submission
        fields = [*SUBMISSION_FIELDS]
        widgets = {"date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].validators.append(_not_in_future)


class ResponseForm(forms.ModelForm):
    class Meta:
        model = Submission
        fields = [*RESPONSE_FIELDS]
        widgets = {"response_date": DATE, "response_note": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        data = super().clean()
        answered = data.get("response_date")
        if answered and answered < self.instance.date:
            self.add_error(
                "response_date", _("A body cannot answer before the submission was made.")
            )
        return data


class ConsultationSubscriptionForm(AlertSubscriptionForm):
    """What a person wants to hear of; nothing ticked in a group means "any"."""

    field_order = ["fields", "levels", "regions", "frequency"]

    levels = forms.MultipleChoiceField(
        label=_("Level"),
        choices=Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every level."),
    )
    regions = regions_field(
        label=_("Regions"), help_text=_("None ticked: consultations from anywhere.")
    )
