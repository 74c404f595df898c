"""Look-ups of e-mail addresses and organisation names that ignore case are served by an index.

Django's ``iexact`` compares UPPER() on PostgreSQL, which no index is built on, so it reads the
whole table; ``hub.text.equals_ignoring_case`` compares LOWER(), which the functional indexes
are built on. Each test fills a table the way a few years of use would, lets PostgreSQL gather
its statistics, and reads the plan.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.db import connection

from events.models import Registration
from events.selectors import organisation_match, registration_list_for_user
from hub.text import equals_ignoring_case
from organisations.models import Invitation, Organisation
from organisations.selectors import dashboard_for
from tests.factories import EventFactory, OrganisationFactory, UserFactory

ROWS = 3000


def _analyse(*models) -> None:
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


def _plan(queryset) -> str:
    return queryset.explain()


@contextmanager
def plans_of_queries():
    """PostgreSQL's plan of each SELECT run inside the block, keyed by its SQL."""
    plans: dict[str, str] = {}

    def explain(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("SELECT"):
            with context["connection"].connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + sql, params)
                plans[sql] = "\n".join(row[0] for row in cursor.fetchall())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(explain):
        yield plans


@pytest.fixture
def registrations(db):
    events = [EventFactory() for _ in range(3)]
    Registration.objects.bulk_create(
        Registration(
            event=events[n % 3], name=f"Person {n}", email=f"Person{n}@Example.org", consent=True
        )
        for n in range(ROWS)
    )
    _analyse(Registration)
    return events


def test_a_persons_registrations_are_found_by_the_e_mail_index(registrations):
    user = UserFactory(email="person17@example.org")
    queryset = registration_list_for_user(user=user)
    assert "registration_one_per_email_per_event" in _plan(queryset)
    assert [r.email for r in queryset] == ["Person17@Example.org"]


def test_iexact_would_have_read_every_registration(registrations):
    plan = _plan(Registration.objects.filter(email__iexact="person17@example.org"))
    assert "Seq Scan" in plan
    assert "registration_one_per_email_per_event" not in plan


def test_registering_again_finds_the_earlier_registration_by_an_index(registrations):
    plan = _plan(
        registrations[0].registrations.filter(equals_ignoring_case("email", "PERSON3@example.org"))
    )
    assert "Seq Scan" not in plan


@pytest.fixture
def invitations(organisation_a):
    Invitation.objects.bulk_create(
        Invitation(organisation=organisation_a, email=f"Invitee{n}@Example.org", token=f"t{n}")
        for n in range(ROWS)
    )
    _analyse(Invitation)


def test_the_invitations_on_a_dashboard_are_found_by_the_e_mail_index(invitations):
    user = UserFactory(email="invitee42@example.org")
    with plans_of_queries() as plans:
        dashboard = dashboard_for(user)
    assert [i.email for i in dashboard["invitations"]] == ["Invitee42@Example.org"]
    invitation_plans = [plan for sql, plan in plans.items() if "organisations_invitation" in sql]
    assert invitation_plans
    assert all("invitation_email_lower" in plan for plan in invitation_plans)


def test_the_invitations_would_have_been_read_in_full_with_iexact(invitations):
    plan = _plan(Invitation.objects.filter(email__iexact="invitee42@example.org"))
    assert "invitation_email_lower" not in plan


@pytest.fixture
def directory(db):
    seat = OrganisationFactory().seat
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Društvo {n}",
            short_name=f"D{n}",
            slug=f"drustvo-x{n}",
            sector="civil",
            legal_form="association",
            seat=seat,
            verification_status="verified",
        )
        for n in range(ROWS)
    )
    _analyse(Organisation)


def test_an_organisation_typed_at_registration_is_matched_by_the_name_indexes(directory):
    with plans_of_queries() as plans:
        match = organisation_match(name="DRUŠTVO 1234")
    assert match is not None and match.name == "Društvo 1234"
    (plan,) = [plan for sql, plan in plans.items() if "organisations_organisation" in sql]
    assert "organisation_name_lower" in plan
    assert "organisation_short_name_lower" in plan


def test_the_name_would_have_been_compared_row_by_row_with_iexact(directory):
    plan = _plan(Organisation.objects.public().filter(name__iexact="DRUŠTVO 1234"))
    assert "organisation_name_lower" not in plan
