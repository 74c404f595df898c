"""The demo's people: the hub's staff member, an NGO member and the coordinator, with the
staff and coordinators' groups; every account has the same published password."""

from __future__ import annotations

from functools import cache

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher, make_password
from django.contrib.auth.models import Group, Permission

from ..models import Membership, Organisation, Role

# The password of every demo account; README and ``load_demo``'s last lines name the accounts.
DEMO_PASSWORD = "demo-password"  # noqa: S105 - a demo account, published in the README

# Per hub: the staff member who verifies and supports, an NGO member to try the dashboard with,
# and the coordinator who follows the indicators and asks for funder reports.
PEOPLE = {
    "goriska": (
        ("svetovalka@sticisce.localhost", "Maja", "Kovačič"),
        ("clan@example.org", "Ana", "Žagar"),
        ("koordinator@sticisce.localhost", "Tomaž", "Bizjak"),
    ),
    "ruse": (
        ("konsultant@ruse-hub.localhost", "Десислава", "Петрова"),
        ("chlen@example.org", "Георги", "Колев"),
        ("koordinator@ruse-hub.localhost", "Николай", "Димитров"),
    ),
    "gdansk": (
        ("doradczyni@gdansk-hub.localhost", "Magdalena", "Formela"),
        ("czlonek@example.org", "Piotr", "Wiśniewski"),
        ("koordynator@gdansk-hub.localhost", "Tomasz", "Kowalczyk"),
    ),
}

# The demo's staff group: every permission of the portal's own apps, so the staff account can
# do all that the admin offers; changing accounts stays with a superuser.
STAFF_GROUP = "Hub staff"
STAFF_APPS = [
    "hub",
    "organisations",
    "events",
    "calls",
    "partnerships",
    "advocacy",
    "imports",
    "reports",
]


def demo_accounts(hub: str) -> list[tuple[str, str, str]]:
    """(who, e-mail address, the URL name of where they start) for ``load_demo`` to print."""
    staff, member, coordinator = PEOPLE[hub]
    return [
        ("staff", staff[0], "admin:index"),
        ("coordinator", coordinator[0], "reports:dashboard"),
        ("NGO member", member[0], "organisations:dashboard"),
    ]


@cache
def _password_hash(algorithm: str) -> str:
    return make_password(DEMO_PASSWORD, hasher=algorithm)


def demo_user(email: str, first_name: str, last_name: str, *, is_staff: bool = False):
    user, created = get_user_model().objects.get_or_create(
        email=email,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "is_staff": is_staff,
            # The same password for every account, so hashed once: with the production hasher
            # a hash takes most of a second.
            "password": _password_hash(get_hasher().algorithm),
        },
    )
    if created:
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user


def staff_load(hub: str):
    """The hub's staff member in the staff group and its coordinator in the coordinators' group;
    returns the staff member, who verifies and supports the demo organisations."""
    (staff_email, *staff_name), _member, coordinator = PEOPLE[hub]
    staff = demo_user(staff_email, *staff_name, is_staff=True)
    staff_group, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    staff_group.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=STAFF_APPS).exclude(
            # Accounts are seen (and picked, e.g. a partnership's facilitator), not changed.
            content_type__app_label="hub",
            codename__in=["add_user", "change_user", "delete_user"],
        )
    )
    staff.groups.add(staff_group)
    coordinators, _created = Group.objects.get_or_create(name="Coordinators")
    coordinators.permissions.add(
        Permission.objects.get(content_type__app_label="reports", codename="view_reports")
    )
    demo_user(*coordinator).groups.add(coordinators)
    return staff


def member_load(hub: str, organisations: list[Organisation]) -> None:
    """A demo NGO member who keeps two profiles, to try the dashboard with."""
    _staff, (member_email, *member_name), _coordinator = PEOPLE[hub]
    member = demo_user(member_email, *member_name)
    Membership.objects.get_or_create(
        user=member, organisation=organisations[0], defaults={"role": Role.ADMIN}
    )
    Membership.objects.get_or_create(
        user=member, organisation=organisations[1], defaults={"role": Role.EDITOR}
    )
