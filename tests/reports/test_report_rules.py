"""The counting rules of the funder reports on hand-made data."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from hub.indicators import Period, rule
from tests.factories import (
    CallFactory,
    EventFactory,
    MembershipFactory,
    OperationFactory,
    OrganisationFactory,
    OutcomeFactory,
    PartnerFactory,
    PartnershipFactory,
    RegistrationFactory,
    SupportRecordFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HUB = ZoneInfo("Europe/Ljubljana")
LAST_YEAR = timezone.localdate().year - 1
Q1 = Period.quarter(LAST_YEAR, 1)
Q2 = Period.quarter(LAST_YEAR, 2)


def attended(event, organisation, person=None):
    """A person of the organisation (a member: the link counts) present at the event."""
    if person is None:
        person = UserFactory()
        MembershipFactory(user=person, organisation=organisation, role="editor")
    return RegistrationFactory(
        event=event,
        email=person.email,
        registered_by=person,
        organisation=organisation,
        organisation_link="membership",
        organisation_name="",
        attended=True,
    )


def training(on: datetime, **kwargs):
    return EventFactory(start=on, end=on + timedelta(hours=3), kind="training", **kwargs)


def test_one_ngo_at_three_trainings_counts_once():
    ngo = OrganisationFactory(sector="civil")
    person = UserFactory()
    MembershipFactory(user=person, organisation=ngo, role="editor")
    for day in (10, 20, 28):
        attended(training(datetime(LAST_YEAR, 2, day, 9, tzinfo=HUB)), ngo, person)

    figure = rule("ngos_supported")(period=Q1)

    assert figure.value == 1
    assert figure.rows["organisations"] == [ngo.pk]


def test_a_public_bodys_attendance_does_not_count_as_an_ngo_supported():
    ngo = OrganisationFactory(sector="civil")
    municipality = OrganisationFactory(sector="public", legal_form="public_body")
    event = training(datetime(LAST_YEAR, 2, 10, 9, tzinfo=HUB))
    attended(event, ngo)
    attended(event, municipality)

    assert rule("ngos_supported")(period=Q1).rows["organisations"] == [ngo.pk]
    assert rule("public_bodies_supported")(period=Q1).rows["organisations"] == [municipality.pk]


def test_a_freely_typed_organisation_name_never_credits_an_organisation():
    ngo = OrganisationFactory(sector="civil", name="Društvo Soča")
    event = training(datetime(LAST_YEAR, 2, 10, 9, tzinfo=HUB))
    RegistrationFactory(event=event, organisation_name=ngo.name, attended=True)

    assert rule("ngos_supported")(period=Q1).value == 0


def test_a_training_at_half_past_eleven_on_the_last_day_of_the_quarter_counts_in_it():
    ngo = OrganisationFactory(sector="civil")
    # 23:30 on 31 March in the hub's time zone is already 1 April nowhere but 21:30 UTC.
    attended(training(datetime(LAST_YEAR, 3, 31, 23, 30, tzinfo=HUB)), ngo)

    assert rule("ngos_supported")(period=Q1).value == 1
    assert rule("ngos_supported")(period=Q2).value == 0


def test_support_records_count_ngos_and_hours_by_kind():
    ngo = OrganisationFactory(sector="civil")
    company = OrganisationFactory(sector="private")
    SupportRecordFactory(organisation=ngo, date=date(LAST_YEAR, 1, 5), hours=Decimal("2.5"))
    SupportRecordFactory(
        organisation=ngo, date=date(LAST_YEAR, 3, 31), hours=Decimal("1.0"), kind="advice"
    )
    SupportRecordFactory(organisation=company, date=date(LAST_YEAR, 2, 1), hours=Decimal("4"))
    SupportRecordFactory(organisation=ngo, date=date(LAST_YEAR, 4, 1), hours=Decimal("9"))

    assert rule("ngos_supported")(period=Q1).value == 1
    hours = rule("support_hours")(period=Q1)
    assert hours.value == Decimal("7.5")
    assert hours.breakdowns["kind"]["mentoring"] == 6.5
    assert hours.breakdowns["kind"]["advice"] == 1.0


def test_ngos_with_potential_reach_the_templates_mentoring_hours_from_the_operations_start():
    operation = OperationFactory(start=date(LAST_YEAR - 1, 10, 1), end=date(LAST_YEAR, 12, 31))
    potential = OrganisationFactory(sector="civil", has_potential=True)
    plain = OrganisationFactory(sector="civil")
    for organisation in (potential, plain):
        SupportRecordFactory(
            organisation=organisation, date=date(LAST_YEAR - 1, 11, 1), hours=Decimal("20")
        )
        SupportRecordFactory(organisation=organisation, date=date(LAST_YEAR, 2, 1), hours=5)
    reached = rule("ngos_with_potential_hours")

    assert reached(period=Q1, operation=operation, params={"hours": 25}).value == 1
    assert reached(period=Q1, operation=operation, params={"hours": 26}).value == 0
    assert rule("ngos_with_potential_supported")(period=Q1).rows["organisations"] == [potential.pk]


def test_an_organisation_completes_a_mentoring_programme_once():
    operation = OperationFactory(start=date(LAST_YEAR, 1, 1), end=date(LAST_YEAR, 12, 31))
    ngo = OrganisationFactory(sector="civil")
    SupportRecordFactory(organisation=ngo, date=date(LAST_YEAR, 3, 1), hours=Decimal("25"))
    SupportRecordFactory(organisation=ngo, date=date(LAST_YEAR, 5, 1), hours=Decimal("5"))
    completed = rule("organisations_completed_programme")
    params = {"mentoring_hours": 25}

    assert completed(period=Q1, operation=operation, params=params).value == 1
    assert completed(period=Q2, operation=operation, params=params).value == 0


def test_partnerships_set_up_cross_sector_and_partners_by_sector():
    partnership = PartnershipFactory(started=date(LAST_YEAR, 2, 1))
    for sector in ("civil", "public", "private"):
        PartnerFactory(
            partnership=partnership,
            organisation=OrganisationFactory(sector=sector),
            joined=date(LAST_YEAR, 2, 1),
        )
    civil_only = PartnershipFactory(started=date(LAST_YEAR - 1, 5, 1))
    PartnerFactory(
        partnership=civil_only,
        organisation=OrganisationFactory(sector="civil"),
        joined=date(LAST_YEAR - 1, 5, 1),
    )
    OutcomeFactory(
        partnership=partnership, kind="policy_proposal", submitted_on=date(LAST_YEAR, 3, 3)
    )

    assert rule("partnerships_set_up")(period=Q1).rows["partnerships"] == [partnership.pk]
    assert rule("cross_sector_partnerships")(period=Q1).rows["partnerships"] == [partnership.pk]
    by_sector = rule("partners_by_sector")(period=Q1)
    assert by_sector.value == 4
    assert by_sector.breakdowns["sector"] == {"civil": 2, "public": 1, "private": 1}
    outcomes = rule("outcomes_by_kind")(period=Q1)
    assert outcomes.value == 1
    assert outcomes.breakdowns["kind"]["policy_proposal"] == 1


def test_calls_published_in_the_period_by_kind_of_funder():
    inside = CallFactory(is_published=True)
    CallFactory(is_published=True)
    type(inside).objects.filter(pk=inside.pk).update(
        published_at=datetime(LAST_YEAR, 3, 31, 23, 30, tzinfo=HUB)
    )

    figure = rule("calls_published")(period=Q1)

    assert figure.rows["calls"] == [inside.pk]
    assert sum(figure.breakdowns["funder_kind"].values()) == 1


def test_the_seeded_definitions_say_what_the_rewritten_rules_count(funder_templates):
    from django.utils import translation

    from hub.models import TemplateIndicator

    rewritten = [
        "trainings_held",
        "events_by_kind",
        "municipalities_reached",
        "people_completed_training",
        "organisations_completed_programme",
        "cross_sector_partnerships",
    ]
    indicators = TemplateIndicator.objects.filter(rule__in=rewritten)
    assert {i.rule for i in indicators} == set(rewritten)
    for indicator in indicators:
        with translation.override("en"):
            assert indicator.definition_en == str(rule(indicator.rule).definition)
        for language in ("sl", "bg", "pl"):
            with translation.override(language):
                assert getattr(indicator, f"definition_{language}") == str(
                    rule(indicator.rule).definition
                )
