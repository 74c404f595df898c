"""What advocacy contributes to the funder reports: each rule, counted per objective."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from advocacy.models import Initiative
from hub.indicators import Period, row_kind, rule
from tests.factories import (
    ActionFactory,
    ConsultationFactory,
    InitiativeFactory,
    OrganisationFactory,
    RepresentationFactory,
    SubmissionFactory,
    SupporterFactory,
)

pytestmark = pytest.mark.django_db

Q2 = Period(date(2026, 4, 1), date(2026, 6, 30))
CODES = [
    "advocacy_initiatives_active",
    "advocacy_submissions",
    "consultations_answered",
    "advocacy_results_by_kind",
    "advocacy_organisations_by_sector",
    "representatives_in_public_bodies",
]


def test_every_rule_is_registered_for_the_funder_templates():
    for code in CODES:
        assert rule(code).code == code


def test_an_initiative_with_two_actions_and_one_submission_counts_once():
    initiative = InitiativeFactory(started=date(2026, 3, 1))
    ActionFactory(initiative=initiative, date=date(2026, 4, 10))
    ActionFactory(initiative=initiative, date=date(2026, 5, 10))
    SubmissionFactory(initiative=initiative, date=date(2026, 5, 20))
    figure = rule("advocacy_initiatives_active")(period=Q2)
    assert figure.value == 1
    assert figure.rows == {"advocacy_initiative": [initiative.pk]}
    assert rule("advocacy_submissions")(period=Q2).value == 1


def test_active_means_started_by_the_end_and_no_result_before_the_start():
    def make(started, closed=None, status="preparing"):
        initiative = InitiativeFactory(started=started, status=status)
        Initiative.objects.filter(pk=initiative.pk).update(closed=closed)
        return initiative

    running = make(date(2026, 1, 1))
    closed_inside = make(date(2026, 1, 1), date(2026, 5, 1), "adopted")
    make(date(2026, 1, 1), date(2026, 3, 31), "rejected")  # result the day before the period
    make(date(2026, 7, 1))  # starts the day after the period
    figure = rule("advocacy_initiatives_active")(period=Q2)
    assert sorted(figure.rows["advocacy_initiative"]) == sorted([running.pk, closed_inside.pk])
    results = rule("advocacy_results_by_kind")(period=Q2)
    assert results.value == 1
    assert results.breakdowns["result"]["adopted"] == 1
    assert results.breakdowns["result"]["rejected"] == 0


def test_consultations_answered_counts_each_consultation_once():
    consultation = ConsultationFactory()
    for _ in range(2):
        initiative = InitiativeFactory(consultation=consultation)
        SubmissionFactory(initiative=initiative, date=date(2026, 5, 1))
    unanswered = InitiativeFactory(consultation=ConsultationFactory())
    SubmissionFactory(initiative=unanswered, date=date(2026, 7, 2))  # after the period
    figure = rule("consultations_answered")(period=Q2)
    assert figure.value == 1
    assert figure.rows == {"advocacy_consultation": [consultation.pk]}


def test_organisations_are_counted_once_by_sector():
    ngo = OrganisationFactory(sector="civil")
    municipality = OrganisationFactory(sector="public")
    first = InitiativeFactory(lead=ngo, started=date(2026, 4, 1))
    second = InitiativeFactory(lead=ngo, started=date(2026, 4, 2))
    SupporterFactory(initiative=first, organisation=municipality)
    SupporterFactory(initiative=second, organisation=municipality)
    figure = rule("advocacy_organisations_by_sector")(period=Q2)
    assert figure.value == 2
    assert figure.breakdowns["sector"] == {"civil": 1, "public": 1, "private": 0}


def test_representatives_whose_mandate_overlaps_the_period():
    inside = RepresentationFactory(mandate_from=date(2025, 1, 1), level="regional")
    RepresentationFactory(mandate_from=date(2024, 1, 1), mandate_to=date(2026, 3, 31))
    RepresentationFactory(mandate_from=date(2026, 7, 1))
    figure = rule("representatives_in_public_bodies")(period=Q2)
    assert figure.rows == {"advocacy_representation": [inside.pk]}
    assert figure.breakdowns["level"]["regional"] == 1


def test_the_rows_behind_a_figure_link_to_their_pages():
    initiative = InitiativeFactory(title="Osem programov", started=date(2026, 4, 1))
    [row] = row_kind("advocacy_initiative").fetch([initiative.pk])
    assert row["title"] == "Osem programov"
    assert row["url"] == initiative.get_absolute_url()
    assert row_kind("advocacy_representation").staff_only


@pytest.mark.parametrize("count", [1, 20])
def test_each_rule_takes_a_fixed_number_of_queries(django_assert_num_queries, count):
    consultation = ConsultationFactory()
    for number in range(count):
        initiative = InitiativeFactory(
            consultation=consultation, started=date(2026, 4, 1) + timedelta(days=number)
        )
        SupporterFactory(initiative=initiative)
        SubmissionFactory(initiative=initiative, date=date(2026, 6, 1))
        RepresentationFactory(mandate_from=date(2026, 1, 1))
    for code in CODES:
        with django_assert_num_queries(1):
            rule(code)(period=Q2)
