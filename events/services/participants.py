"""Who a registration is: one participant per person, and what they said at entry."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from hub.entry import REFUSED, SPECIAL_ENTRY_ITEMS, AgeBand
from hub.text import equals_ignoring_case

from ..models import (
    SPECIAL_ANSWER_FIELDS,
    Participant,
    Registration,
    SpecialCategoryEntry,
    email_key,
)


def participant_for(*, email: str) -> Participant:
    """The participant behind an e-mail address: the account's, when an account has this
    address (case aside), else the address's own. A guest and an account with the same address
    are one participant; an account that registered before keeps its participant after it
    changes its address."""
    key = email_key(email)
    user = get_user_model().objects.filter(equals_ignoring_case("email", key)).first()
    if user is not None:
        found = Participant.objects.filter(user=user).first()
        if found is not None:
            return found
        guest = Participant.objects.filter(email_key=key, user__isnull=True).first()
        if guest is not None:
            guest.user = user
            guest.save(update_fields=["user"])
            return guest
    try:
        with transaction.atomic():
            participant, _created = Participant.objects.get_or_create(
                email_key=key, defaults={"user": user}
            )
    except IntegrityError:
        # Someone registering with the same address at the same moment created it first.
        participant = Participant.objects.get(email_key=key)
    return participant


@transaction.atomic
def participants_for(*, emails: Iterable[str]) -> dict[str, Participant]:
    """``participant_for`` of many addresses in a few queries, for code that writes many
    registrations at once (the demo): the participant of each address, by its ``email_key``.
    The participants made here are made in the order of the addresses."""
    keys = list(dict.fromkeys(email_key(email) for email in emails))
    users = {}
    for user in get_user_model().objects.annotate(key=Lower("email")).filter(key__in=keys):
        users.setdefault(user.key, user)  # the first, as participant_for takes it
    by_user = {p.user_id: p for p in Participant.objects.filter(user__in=users.values())}
    by_key = {p.email_key: p for p in Participant.objects.filter(email_key__in=keys)}
    found: dict[str, Participant] = {}
    guests, new = [], []
    for key in keys:
        user = users.get(key)
        participant = by_user.get(user.pk) if user is not None else None
        if participant is None:
            participant = by_key.get(key)
            if participant is not None and user is not None and participant.user_id is None:
                participant.user = user
                guests.append(participant)
        if participant is None:
            participant = Participant(email_key=key, user=user)
            new.append(participant)
        found[key] = participant
    Participant.objects.bulk_update(guests, ["user"])
    Participant.objects.bulk_create(new)
    return found


def age_band(*, birth_year: int, on: date) -> str:
    """The age band a person born in ``birth_year`` is in on the day (by the year alone: only
    the band is kept, never the year)."""
    age = on.year - birth_year
    if age < 18:
        return AgeBand.UNDER_18
    if age <= 24:
        return AgeBand.FROM_18_TO_24
    if age <= 29:
        return AgeBand.FROM_25_TO_29
    if age <= 54:
        return AgeBand.FROM_30_TO_54
    return AgeBand.FROM_55


@dataclass
class EntryData:
    """What a registration form asked at entry, and the answers ("" unanswered, "refused")."""

    items: list[str] = field(default_factory=list)
    age_band: str = ""
    gender: str = ""
    education: str = ""
    employment: str = ""
    third_country: str = ""
    household: str = ""
    homeless: str = ""
    rural: str = ""
    special_consent: bool = False
    special: dict[str, str] = field(default_factory=dict)

    @property
    def special_items(self) -> list[str]:
        return [item for item in self.items if item in SPECIAL_ENTRY_ITEMS]

    def apply(self, registration: Registration) -> None:
        registration.entry_items = [i for i in self.items if i not in SPECIAL_ENTRY_ITEMS]
        asked = set(self.items)
        registration.age_band = self.age_band if "age" in asked else ""
        registration.gender = self.gender if "gender" in asked else ""
        registration.education = self.education if "education" in asked else ""
        registration.employment = self.employment if "employment" in asked else ""
        registration.third_country = self.third_country if "third_country" in asked else ""
        registration.household = self.household if "household" in asked else ""
        registration.homeless = self.homeless if "homeless" in asked else ""
        registration.rural = self.rural if "rural" in asked else ""

    def store_special(self, registration: Registration) -> None:
        """Records that the special-category items were asked, and the answers given with
        consent; "prefer not to answer" is kept as a refusal, without needing consent."""
        if not self.special_items:
            SpecialCategoryEntry.objects.filter(registration=registration).delete()
            return
        answers = {}
        for item in self.special_items:
            answer = self.special.get(item, "")
            if answer != REFUSED and not self.special_consent:
                answer = ""
            answers[item] = answer
        SpecialCategoryEntry.objects.update_or_create(
            registration=registration,
            defaults={
                "items": self.special_items,
                "asked_at": timezone.now(),
                "consent": self.special_consent,
                **{name: answers.get(name, "") for name in SPECIAL_ANSWER_FIELDS},
            },
        )
