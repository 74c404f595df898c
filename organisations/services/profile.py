"""Registering an organisation, keeping its profile, and reminding its admins to confirm it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hub.cache import data_changed
from hub.selectors import hub_profile
from hub.storage import storage_guard
from hub.text import ascii_slug

from ..models import Membership, Organisation, Role, VerificationStatus
from ..tokens import confirmation_token
from ..validators import (
    normalise_registration_number,
    normalise_tax_number,
    registration_number_forms,
    tax_number_forms,
)
from .emails import email_about, email_admins_of
from .errors import AlreadyRegistered, NameBusy, ProfileChanged

# Fields that an organisation's admins and editors keep themselves. Staff-only fields
# (verification, "NGO with potential", staff notes) are not here, whatever a form posts.
PROFILE_FIELDS = [
    "name",
    "short_name",
    "sector",
    "legal_form",
    "country",
    "registration_number",
    "tax_number",
    "seat",
    "description",
    "website",
    "email",
    "phone",
    "logo",
    "members",
    "employees",
    "volunteers",
    "founded_year",
    "public_interest",
]
PROFILE_M2M_FIELDS = ["municipalities_served", "fields"]

# How many slugs organisation_create tries when others take them at the same moment.
SLUG_ATTEMPTS = 5

# Paths under /organisations/ that a slug must not shadow.
RESERVED_SLUGS = {
    "my",
    "register",
    "join",
    "invitations",
    "requests",
    "open-data",
    "export",
    "claim",
}


def organisation_unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = _slug_base(name)
    taken = set(
        Organisation.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    return _slug_free(base, taken)


def organisation_unique_slugs(names: list[str]) -> list[str]:
    """The slugs of new organisations with these names, in one query: each as
    ``organisation_unique_slug`` gives it once the ones before it are saved."""
    bases = [_slug_base(name) for name in names]
    starts = Q(pk__in=[])
    for base in set(bases):
        starts |= Q(slug__startswith=base)
    taken = set(Organisation.objects.filter(starts).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slugs.append(_slug_free(base, taken))
        taken.add(slugs[-1])
    return slugs


def _slug_base(name: str) -> str:
    base = ascii_slug(name)[:100].strip("-") or slugify("organisation")
    return f"{base}-organisation" if base in RESERVED_SLUGS else base


def _slug_free(base: str, taken: set[str]) -> str:
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def organisation_find_registered(
    *,
    country: str,
    registration_number: str = "",
    tax_number: str = "",
    exclude_pk: int | None = None,
) -> Organisation | None:
    """The organisation already holding one of these numbers in this country, if any, in
    whichever of the number's forms it was stored."""
    condition = Q()
    if registration_number:
        condition |= Q(
            registration_number__in=registration_number_forms(registration_number, country)
        )
    if tax_number:
        condition |= Q(tax_number__in=tax_number_forms(tax_number, country))
    if not condition:
        return None
    return (
        Organisation.objects.filter(condition, country=country)
        .exclude(pk=exclude_pk)
        .order_by("pk")
        .first()
    )


def organisation_numbers_clean(
    *,
    country: str,
    registration_number: str = "",
    tax_number: str = "",
    exclude_pk: int | None = None,
) -> tuple[dict[str, str], dict[str, ValidationError], Organisation | None]:
    """The registration form's (and the import's) one check of an organisation's numbers.

    Each number is checked by its country's scheme (python-stdnum) and returned compact, the form
    it is stored in; an error names the number the country uses. A number that another
    organisation of the country already holds, in any stored form, is an error too, and that
    organisation is returned so the person can be offered to join it instead.
    """
    cleaned: dict[str, str] = {}
    errors: dict[str, ValidationError] = {}
    for name, value, normalise in [
        ("registration_number", registration_number, normalise_registration_number),
        ("tax_number", tax_number, normalise_tax_number),
    ]:
        try:
            cleaned[name] = normalise(value or "", country)
        except ValidationError as error:
            errors[name] = error
    existing = organisation_find_registered(
        country=country,
        registration_number=cleaned.get("registration_number", ""),
        tax_number=cleaned.get("tax_number", ""),
        exclude_pk=exclude_pk,
    )
    if existing:
        forms = {
            "registration_number": registration_number_forms,
            "tax_number": tax_number_forms,
        }
        for name, number_forms in forms.items():
            number = cleaned.get(name)
            if number and getattr(existing, name) in number_forms(number, country):
                errors[name] = ValidationError(
                    _("Another organisation from this country already has this number: %(name)s."),
                    code="registered",
                    params={"name": existing.name},
                )
    return cleaned, errors, existing


def organisation_create(*, by, data: dict[str, Any]) -> Organisation:
    """A new organisation starts pending, and the person who registers it is its first admin.

    Two people registering organisations of the same name at the same moment both get one, with
    different slugs: the one whose slug was taken a moment ago tries the next free one.
    """
    numbers = {
        "country": data["country"],
        "registration_number": data.get("registration_number", ""),
        "tax_number": data.get("tax_number", ""),
    }
    existing = organisation_find_registered(**numbers)
    if existing:
        raise AlreadyRegistered(existing)
    for _attempt in range(SLUG_ATTEMPTS):
        organisation = Organisation(
            **{name: data[name] for name in PROFILE_FIELDS if name in data},
            slug=organisation_unique_slug(data["name"]),
            verification_status=VerificationStatus.PENDING,
        )
        organisation._history_user = by
        try:
            with transaction.atomic(), storage_guard():
                organisation.save()
                for name in PROFILE_M2M_FIELDS:
                    getattr(organisation, name).set(data.get(name, []))
                Membership.objects.create(user=by, organisation=organisation, role=Role.ADMIN)
        except IntegrityError:
            # Someone registered the same number, or took the same slug, a moment ago.
            existing = organisation_find_registered(**numbers)
            if existing:
                raise AlreadyRegistered(existing) from None
            if not Organisation.objects.filter(slug=organisation.slug).exists():
                raise
        else:
            break
    else:
        raise NameBusy
    email_about(
        template="registered",
        to=[hub_profile().email],
        organisation=organisation,
        context={"registrant": by},
        language=hub_profile().language,
        key=f"organisation-registered:{organisation.pk}",
    )
    return organisation


def organisation_update(
    *, organisation: Organisation, by, data: dict[str, Any], expected_version: int
) -> Organisation:
    """Save a profile unless it changed since the form was opened (``ProfileChanged``)."""
    with transaction.atomic():
        current = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if current.version != expected_version:
            raise ProfileChanged(current)
        existing = organisation_find_registered(
            country=data.get("country", current.country),
            registration_number=data.get("registration_number", ""),
            tax_number=data.get("tax_number", ""),
            exclude_pk=current.pk,
        )
        if existing:
            raise AlreadyRegistered(existing)
        for name in PROFILE_FIELDS:
            if name in data:
                setattr(current, name, data[name])
        current.version = F("version") + 1
        current._history_user = by
        with storage_guard():  # a new logo goes to the store here
            current.save()
        for name in PROFILE_M2M_FIELDS:
            if name in data:
                getattr(current, name).set(data[name])
    current.refresh_from_db()
    return current


def organisation_confirm(*, organisation: Organisation, by) -> None:
    """The profile is still correct: the year until the next reminder starts again."""
    now = timezone.now()
    Organisation.objects.filter(pk=organisation.pk).update(
        last_confirmed_at=now, confirmation_reminders_sent=0, last_reminder_at=None, updated_at=now
    )
    # update() sends no signal; the exports show when a profile was last confirmed.
    data_changed("organisations")


def organisation_send_confirmation_reminder(*, organisation_id: int, now: datetime) -> bool:
    """Remind the admins of one profile; safe to run twice: the reminder is claimed first."""
    due = Organisation.objects.due_for_confirmation(now=now).filter(pk=organisation_id)
    organisation = due.first()
    if organisation is None:
        return False
    claimed = due.filter(
        confirmation_reminders_sent=organisation.confirmation_reminders_sent
    ).update(confirmation_reminders_sent=F("confirmation_reminders_sent") + 1, last_reminder_at=now)
    if not claimed:
        return False
    email_admins_of(
        organisation,
        template="confirm_reminder",
        context={"token": confirmation_token(organisation)},
        # The n-th reminder since the profile was last confirmed, once.
        key=(
            f"confirmation-reminder:{organisation.pk}:{organisation.last_confirmed_at.isoformat()}"
            f":{organisation.confirmation_reminders_sent + 1}"
        ),
    )
    return True
