"""Personal data: what the portal holds about a person, their copy of it, and its erasure.

Each app that keeps personal data registers a ``PersonalData`` here (from its
``AppConfig.ready``), so ``hub`` never reaches into another app's tables:

- ``collect(person) -> list[dict]``: the person's rows, JSON-safe, nothing of anybody else (the
  key ``name`` holds only the person's own name: erasure looks for it in e-mails to others);
- ``erase(person) -> int``: anonymise or delete them, keeping every row that a count or a
  stored report rests on (the row stays, what identifies the person goes); returns how many.

A ``Person`` is an account (when there is one) and the e-mail addresses they are known by. The
hub's own parts (the account, e-mails sent) are registered below. Every export and erasure is
written to the ``PrivacyLogEntry`` audit log, by what and how many, never by whose data.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .documents import DocumentKind, document_kind_register, document_request
from .models import (
    Document,
    OutboxEmail,
    PersonalDataExport,
    PrivacyAction,
    PrivacyLogEntry,
    User,
)
from .tokens import signed_token, signed_token_read

# Raised whenever the privacy notice changes what it says; stored with every consent.
PRIVACY_NOTICE_VERSION = "2026-11-28"

SIGNUP_CONSENT = _(
    "I have read the privacy notice and agree that the hub keeps my account details to run "
    "my account and my organisation's profile."
)


def consent_record(text: Any) -> dict[str, str]:
    """The version and the exact words a person agreed to, as shown to them."""
    return {"consent_version": PRIVACY_NOTICE_VERSION, "consent_text": str(text)}


def normalised_email(email: str) -> str:
    return email.strip().lower()


def erased_email() -> str:
    """A unique address that reaches nobody, for an anonymised row that needs one."""
    return f"erased-{uuid.uuid4().hex}@erased.invalid"


@dataclass
class Person:
    user: User | None = None
    emails: set[str] = field(default_factory=set)

    @classmethod
    def of_user(cls, user: User) -> Person:
        from allauth.account.models import EmailAddress

        emails = {normalised_email(user.email)} | {
            normalised_email(address)
            for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
        }
        return cls(user=user, emails=emails)

    @classmethod
    def of_email(cls, email: str) -> Person:
        """Whoever is known by this address: their account too, if they have one."""
        email = normalised_email(email)
        user = User.objects.filter(email__iexact=email, erased_at__isnull=True).first()
        if user is not None:
            person = cls.of_user(user)
            person.emails.add(email)
            return person
        return cls(user=None, emails={email})

    def email_q(self, field_name: str = "email") -> Q:
        """Rows whose address is one of the person's, case aside."""
        q = Q(pk__in=[])
        for email in self.emails:
            q |= Q(**{f"{field_name}__iexact": email})
        return q


@dataclass(frozen=True)
class PersonalData:
    name: str
    label: str
    collect: Callable[[Person], list[dict[str, Any]]]
    erase: Callable[[Person], int]


SOURCES: dict[str, PersonalData] = {}


def personal_data_register(source: PersonalData) -> PersonalData:
    SOURCES[source.name] = source
    return source


class LastAdmin(Exception):
    """The person is the only admin of an organisation that has other members."""

    def __init__(self, organisations: Iterable[Any]):
        self.organisations = list(organisations)
        super().__init__(
            gettext(
                "You are the only admin of an organisation with other members. Make one of them "
                "an admin first, so the organisation is not left without one."
            )
        )


# Checks an app may add before an account is erased (organisations: the last admin).
ERASURE_CHECKS: list[Callable[[Person], None]] = []


def erasure_check_register(check: Callable[[Person], None]) -> Callable[[Person], None]:
    if check not in ERASURE_CHECKS:
        ERASURE_CHECKS.append(check)
    return check


# Jobs that anonymise what outlived its retention period (events: participants after events);
# each returns how many rows it changed and is safe to run twice.
RETENTION_JOBS: list[Callable[[], int]] = []


def retention_job_register(job: Callable[[], int]) -> Callable[[], int]:
    if job not in RETENTION_JOBS:
        RETENTION_JOBS.append(job)
    return job


# --- Reads ------------------------------------------------------------------------------------


def personal_data_collect(person: Person) -> dict[str, Any]:
    return {
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "privacy_notice_version": PRIVACY_NOTICE_VERSION,
        **{name: source.collect(person) for name, source in SOURCES.items()},
    }


def personal_data_summary(person: Person) -> list[tuple[str, int]]:
    """What the portal holds, by kind and how many, for staff answering a request."""
    return [(str(source.label), len(source.collect(person))) for source in SOURCES.values()]


def _log(*, action: str, by: User | None, what: str) -> PrivacyLogEntry:
    return PrivacyLogEntry.objects.create(
        action=action, by=by, by_staff=bool(by and by.is_staff), what=what
    )


# --- The export -------------------------------------------------------------------------------


def render_personal_data(document: Document) -> bytes:
    export: PersonalDataExport = document.subject
    if export.user_id is not None:
        person = Person.of_user(export.user)
    else:
        person = Person.of_email(export.email)
    data = personal_data_collect(person)
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


# A copy of everything held about an address is reached by a signed link e-mailed to the
# address (see hub.tokens): it names one export and stops working when the copy is deleted.
COPY_LINK_SALT = "hub.privacy.copy"


def personal_data_copy_token(export: PersonalDataExport) -> str:
    return signed_token(export.pk, salt=COPY_LINK_SALT)


def _copy_named(token: str) -> int | None:
    """The id of the export a copy link names, while the link is valid (as long as a copy is
    kept); None for any other token."""
    pk = signed_token_read(
        token, salt=COPY_LINK_SALT, max_age=timedelta(days=settings.PRIVACY_EXPORT_KEEP_DAYS)
    )
    return pk if isinstance(pk, int) else None


def personal_data_copy_for_token(token: str) -> PersonalDataExport | None:
    """The export a copy link names, while the link is valid and the copy still kept."""
    pk = _copy_named(token)
    return None if pk is None else PersonalDataExport.objects.filter(pk=pk).first()


def _may_download_export(user: Any, document: Document, context: Mapping[str, str]) -> bool:
    """The account the copy was made for, signed in, or whoever holds the link that was e-mailed
    to the address. Nobody else: not staff, not a registration's personal link."""
    export: PersonalDataExport = document.subject
    if user.is_authenticated and export.user_id is not None and export.user_id == user.pk:
        return True
    return _copy_named(context.get("token", "")) == export.pk


PERSONAL_DATA = document_kind_register(
    DocumentKind(
        name="personal_data",
        render=render_personal_data,
        filename=lambda document: f"my-data-{document.requested_at:%Y-%m-%d}.json",
        can_download=_may_download_export,
    )
)


@transaction.atomic
def personal_data_export_request(*, email: str, user: User | None, by: User | None) -> Document:
    """Prepare everything the portal holds about a person as a JSON file, on a worker.

    Only for the person themselves: a signed-in account with this address confirmed, or the
    address itself through ``personal_data_copy_request``."""
    export = PersonalDataExport.objects.create(
        email=normalised_email(email), user=user, requested_by=by
    )
    _log(
        action=PrivacyAction.EXPORT,
        by=by,
        what=gettext("Personal data export #%(pk)s prepared (%(whose)s).")
        % {
            "pk": export.pk,
            "whose": gettext("an account") if user else gettext("a participant without an account"),
        },
    )
    return document_request(
        kind=PERSONAL_DATA.name,
        subject=export,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        by=by,
    )


def personal_data_copy_request(*, email: str, by: User | None) -> bool:
    """Send a copy of everything held about an address to that address, and only there.

    Whoever asks (from the privacy page or a registration's personal link) may have merely typed
    the address, so the copy is prepared on a worker and a signed link to it, valid while the
    copy is kept, is e-mailed to the address; the asker learns nothing either way. An address
    the portal holds nothing about gets no e-mail. Returns whether one was sent (for tests, never
    for the page).
    """
    from .alerts import localised_url
    from .emails import email_build, email_send

    email = normalised_email(email)
    person = Person.of_email(email)
    if not any(source.collect(person) for source in SOURCES.values()):
        return False
    language = translation.get_language() or settings.LANGUAGE_CODE
    with transaction.atomic():
        document = personal_data_export_request(email=email, user=person.user, by=by)
        export = document.subject
        url = localised_url(language, "personal_data_copy", token=personal_data_copy_token(export))
        email_send(
            message=email_build(
                template="hub/personal_data_copy",
                to=[email],
                context={"url": url, "days": settings.PRIVACY_EXPORT_KEEP_DAYS},
                language=language,
            ),
            key=f"personal-data-copy:{export.pk}",
        )
    return True


def personal_data_export_latest(*, user: User) -> Document | None:
    """The latest copy an account asked for, in one query."""
    latest = (
        PersonalDataExport.objects.filter(user=user).order_by("-created_at", "-pk").values("pk")[:1]
    )
    return Document.objects.filter(
        kind=PERSONAL_DATA.name,
        subject_type=ContentType.objects.get_for_model(PersonalDataExport),
        subject_id=Subquery(latest),
    ).first()


def personal_data_exports_sweep(*, now=None) -> int:
    """Prepared copies go after a week: they are personal data too."""
    now = now or timezone.now()
    old = PersonalDataExport.objects.filter(
        created_at__lt=now - timedelta(days=settings.PRIVACY_EXPORT_KEEP_DAYS)
    )
    count = 0
    for export in old:
        export.delete()
        count += 1
    return count


# --- Erasure ----------------------------------------------------------------------------------


def personal_data_exports_delete(*, person: Person) -> int:
    """Every copy prepared for the person goes, with its file: its links then answer 404."""
    exports = PersonalDataExport.objects.filter(
        Q(user=person.user) if person.user else Q(pk__in=[])
    ) | PersonalDataExport.objects.filter(person.email_q())
    count = 0
    for export in exports.distinct():
        export.delete()  # its documents go with it (GenericRelation), their files on commit
        count += 1
    return count


def personal_data_erase(*, person: Person, by: User | None, reason: str) -> dict[str, int]:
    """Anonymise everything the person is known by, in one transaction, and record it.

    Raises ``LastAdmin`` (from the organisations' check) before anything changes.
    """
    for check in ERASURE_CHECKS:
        check(person)
    with transaction.atomic():
        names = _names_of(person)
        counts = {name: source.erase(person) for name, source in SOURCES.items()}
        personal_data_exports_delete(person=person)
        # E-mails to others that name the person (a join request to an organisation's admins).
        counts["emails"] = counts.get("emails", 0) + outbox_scrub(
            emails=_emails_naming(person, names), to_the_person=False
        )
        _log(
            action=PrivacyAction.ERASURE,
            by=by,
            what=reason
            + " "
            + ", ".join(
                f"{SOURCES[name].label}: {count}" for name, count in counts.items() if count
            ),
        )
    return counts


def account_erase(*, user: User, by: User | None) -> dict[str, int]:
    return personal_data_erase(
        person=Person.of_user(user),
        by=by,
        reason=gettext("Account #%(pk)s deleted.") % {"pk": user.pk},
    )


def retention_log(*, count: int, what: str) -> None:
    if count:
        _log(action=PrivacyAction.RETENTION, by=None, what=what)


# --- The hub's own parts: the account and the e-mails sent -------------------------------------


def _collect_account(person: Person) -> list[dict[str, Any]]:
    user = person.user
    if user is None:
        return []
    return [
        {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "consent_version": user.consent_version,
            "consent_text": user.consent_text,
            "consent_at": user.consent_at,
            "email_addresses": sorted(person.emails),
        }
    ]


def _erase_account(person: Person) -> int:
    user = person.user
    if user is None:
        return 0
    from allauth.account.models import EmailAddress
    from django.contrib.sessions.models import Session

    EmailAddress.objects.filter(user=user).delete()
    user.email = erased_email()
    user.first_name = user.last_name = ""
    user.consent_text = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.erased_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    # Signed in elsewhere: those sessions end now.
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
    return 1


def _recipients(email: OutboxEmail) -> set[str]:
    return {normalised_email(address) for address in email.recipients.split(",") if address.strip()}


def _emails_to(person: Person) -> list[OutboxEmail]:
    """The outbox rows addressed to the person (a search by address, then an exact check)."""
    q = Q(pk__in=[])
    for email in person.emails:
        q |= Q(recipients__icontains=email)
    candidates = OutboxEmail.objects.filter(q).order_by("created_at", "pk")
    return [email for email in candidates if person.emails & _recipients(email)]


def _names_of(person: Person) -> set[str]:
    """The names the person is known by: the account's, and those on their rows (each source's
    ``name``), for finding e-mails to others that name them. Single words are too common."""
    names = set()
    if person.user is not None:
        names.add(f"{person.user.first_name} {person.user.last_name}".strip())
    for source in SOURCES.values():
        names.update(str(row.get("name") or "").strip() for row in source.collect(person))
    return {name for name in names if len(name.split()) > 1}


def _emails_naming(person: Person, names: Iterable[str]) -> list[OutboxEmail]:
    """Outbox rows not yet scrubbed whose subject or text holds one of the person's addresses
    or full names."""
    q = Q(pk__in=[])
    for needle in [*person.emails, *names]:
        q |= Q(subject__icontains=needle) | Q(message__icontains=needle)
    return list(OutboxEmail.objects.filter(q).exclude(message={}).order_by("created_at", "pk"))


def _collect_emails(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "subject": email.subject,
            "to": email.recipients,
            "created_at": email.created_at,
            "sent_at": email.sent_at,
            "status": email.status,
            "text": email.message.get("body", ""),
        }
        for email in _emails_to(person)
    ]


def _erase_emails(person: Person) -> int:
    return outbox_scrub(emails=_emails_to(person))


def outbox_scrub(*, emails: Iterable[OutboxEmail], to_the_person: bool = True) -> int:
    """The outbox row stays (its key is why nothing is sent twice; its template, language,
    status and times are the delivery log); what it said goes, and whom it went to when that
    was the person erased (an e-mail to someone else that named them keeps its recipient)."""
    emails = list(emails)
    for email in emails:
        if to_the_person:
            email.recipients = erased_email()
        email.subject = gettext("(erased)")
        email.message = {}
        if email.status != OutboxEmail.Status.SENT:
            # Never sent now: there is nothing left to send.
            email.status = OutboxEmail.Status.FAILED
            email.last_error = gettext("Not sent: the data of the person it was about was erased.")
        email.next_attempt_at = None
        email.save(
            update_fields=[
                "recipients",
                "subject",
                "message",
                "status",
                "last_error",
                "next_attempt_at",
            ]
        )
    return len(emails)


personal_data_register(
    PersonalData(name="account", label=_("Account"), collect=_collect_account, erase=_erase_account)
)
personal_data_register(
    PersonalData(
        name="emails", label=_("E-mails sent"), collect=_collect_emails, erase=_erase_emails
    )
)
