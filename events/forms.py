from __future__ import annotations

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.entry import (
    REFUSED,
    SPECIAL_ENTRY_ITEMS,
    Education,
    Employment,
    EntryItem,
    Gender,
    Household,
    YesNo,
)
from hub.models import Municipality, Urbanisation
from hub.text import sort_key
from organisations.models import Membership, Organisation

from .errors import CapacityBelowConfirmed
from .models import (
    PREFER_NOT_TO_SAY,
    REGISTRATION_CONSENT,
    SPECIAL_ANSWER_FIELDS,
    Event,
    LeavingItem,
    OrganisationLink,
    SpecialAnswer,
)
from .selectors import colleague_memberships, organisation_match
from .services import event_capacity_check
from .services.participants import EntryData, age_band

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

    def __init__(self, *args, user=None, entry_items=(), event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.entry_items = [str(item) for item in EntryItem if item in set(entry_items)]
        self._add_entry_fields()
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
        data["entry"] = self._entry(data)
        colleague = self.colleagues.get(data.get("attendee") or MYSELF)
        if colleague is not None:
            data["name"] = colleague.user.get_full_name() or colleague.user.email
            data["email"] = colleague.user.email
            data["organisation"] = colleague.organisation
            data["organisation_link"] = OrganisationLink.MEMBERSHIP
            return data
        for name in ("name", "email"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, forms.Field.default_error_messages["required"])
        own = self.own_organisations.get(data.get("organisation"))
        if own is not None:
            data["organisation"], data["organisation_link"] = own, OrganisationLink.MEMBERSHIP
        else:
            # A typed name that matches the directory links the registration for staff to
            # confirm; it does not credit the organisation until they do.
            data["organisation"] = organisation_match(name=data.get("organisation_name", ""))
            data["organisation_link"] = OrganisationLink.NAME
        return data

    # Entry data: only the items the funder of the event's operation asks, each optional, each
    # with its purpose; special-category items apart, with explicit consent.

    @property
    def entry_fields(self) -> list:
        return [self[name] for name in self.ENTRY_FIELDS if name in self.fields]

    @property
    def special_fields(self) -> list:
        return [self[name] for name in self.SPECIAL_FIELDS if name in self.fields]

    @property
    def basic_fields(self) -> list:
        apart = {*self.ENTRY_FIELDS, *self.SPECIAL_FIELDS}
        return [field for field in self if field.name not in apart]

    ENTRY_FIELDS = (
        "birth_year",
        "gender",
        "education",
        "employment",
        "third_country",
        "household",
        "homeless",
        "residence",
        "rural",
    )
    SPECIAL_FIELDS = (*SPECIAL_ANSWER_FIELDS, "special_consent")

    def _add_entry_fields(self) -> None:
        asked = set(self.entry_items)
        this_year = timezone.localdate().year
        if EntryItem.AGE in asked:
            self.fields["birth_year"] = forms.IntegerField(
                label=_("Year of birth"),
                required=False,
                min_value=this_year - 110,
                max_value=this_year,
                help_text=_(
                    "The funder counts participants by age group. Only your age group at the "
                    "time of the event is kept, not the year."
                ),
            )
        choices = {
            EntryItem.GENDER: (
                "gender",
                _("Gender"),
                Gender.choices,
                _("The funder counts participants by gender."),
            ),
            EntryItem.EDUCATION: (
                "education",
                _("Highest completed education"),
                Education.choices,
                _("The funder counts participants by level of education."),
            ),
            EntryItem.EMPLOYMENT: (
                "employment",
                _("Employment status"),
                Employment.choices,
                _("The funder counts participants by their situation on the labour market."),
            ),
        }
        choices.update(
            {
                EntryItem.THIRD_COUNTRY: (
                    "third_country",
                    _("Are you a national of a country outside the European Union?"),
                    YesNo.choices,
                    _("The funder counts third-country nationals."),
                ),
                EntryItem.HOUSEHOLD: (
                    "household",
                    _("Your household"),
                    Household.choices,
                    _(
                        "The funder counts participants living in households where nobody works, "
                        "and single adults with dependent children."
                    ),
                ),
                EntryItem.HOMELESS: (
                    "homeless",
                    _("Are you homeless or affected by housing exclusion?"),
                    YesNo.choices,
                    _("The funder counts participants without a home of their own."),
                ),
            }
        )
        for item, (name, label, options, purpose) in choices.items():
            if item in asked:
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    required=False,
                    choices=[("", _("— not answered —")), *options, PREFER_NOT_TO_SAY],
                    help_text=purpose,
                )
        if EntryItem.RURAL in asked:
            # Where the municipality's degree of urbanisation is known, it answers the question;
            # only the answer is kept, not the municipality.
            self.fields["residence"] = forms.ModelChoiceField(
                label=_("Municipality you live in"),
                queryset=Municipality.objects.exclude(urbanisation=""),
                required=False,
                empty_label=_("— another, or not answered —"),
                help_text=_("The funder counts participants from rural areas."),
            )
            self.fields["rural"] = forms.ChoiceField(
                label=_("If your municipality is not listed: do you live in a rural area?"),
                required=False,
                choices=[("", _("— not answered —")), *YesNo.choices, PREFER_NOT_TO_SAY],
            )
        special = {
            EntryItem.DISABILITY: ("disability", _("Do you have a disability?")),
            EntryItem.MINORITY: (
                "minority",
                _("Do you belong to a minority (including the Roma community)?"),
            ),
            EntryItem.FOREIGN_BACKGROUND: (
                "foreign_background",
                _("Do you have a foreign background (you or your parents born abroad)?"),
            ),
            EntryItem.OTHER_DISADVANTAGE: (
                "other_disadvantage",
                _(
                    "Are you disadvantaged in another way (for example after prison, in recovery "
                    "from addiction, or living in poverty)?"
                ),
            ),
        }
        for item, (name, label) in special.items():
            if item in asked:
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    required=False,
                    choices=SpecialAnswer.choices,
                    widget=forms.RadioSelect,
                )
        if asked & SPECIAL_ENTRY_ITEMS:
            self.fields["special_consent"] = forms.BooleanField(
                label=_(
                    "I explicitly agree that the hub keeps my answers to these questions to "
                    "report them to its funder, counted together with others' and never shown "
                    "with my name."
                ),
                required=False,
            )

    def _entry(self, data) -> EntryData:
        answers = {
            name: data.get(name) or ""
            for name in (*self.ENTRY_FIELDS, *self.SPECIAL_FIELDS)
            if name != "residence"
        }
        special = {name: answers[name] for name in SPECIAL_ANSWER_FIELDS}
        if not data.get("special_consent") and any(
            value and value != REFUSED for value in special.values()
        ):
            self.add_error(
                "special_consent",
                _(
                    "Please agree to us keeping these answers, or choose “Prefer not to answer” "
                    "or leave them blank."
                ),
            )
        day = self.event.local_day if self.event is not None else timezone.localdate()
        birth_year = data.get("birth_year")
        residence = data.get("residence")
        if residence is not None:
            rural = YesNo.YES if residence.urbanisation == Urbanisation.RURAL else YesNo.NO
        else:
            rural = answers["rural"]
        return EntryData(
            items=self.entry_items,
            age_band=age_band(birth_year=birth_year, on=day) if birth_year else "",
            gender=answers["gender"],
            education=answers["education"],
            employment=answers["employment"],
            third_country=answers["third_country"],
            household=answers["household"],
            homeless=answers["homeless"],
            rural=rural,
            special_consent=bool(data.get("special_consent")),
            special=special,
        )


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


class LeavingForm(forms.Form):
    """The situation on leaving, each item optional, "prefer not to say" kept as a refusal."""

    QUESTIONS = {
        LeavingItem.SEEKING_WORK: _("Are you looking for work?"),
        LeavingItem.IN_EDUCATION: _("Are you in education or training?"),
        LeavingItem.QUALIFICATION: _("Did you gain a qualification with this training?"),
        LeavingItem.EMPLOYED: _("Are you in employment, including self-employment?"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item, label in self.QUESTIONS.items():
            self.fields[str(item)] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", _("— not answered —")), *YesNo.choices, PREFER_NOT_TO_SAY],
            )
