"""The reports page: who reaches it, what it shows, and the reports it asks for."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook

from calls.models import Alert
from hub.indicators import RULES, Figure, Period
from hub.models import IndicatorTarget, Operation, OutboxEmail
from hub.selectors import hub_profile
from reports.display import figures_display
from reports.documents import render_funder_report, report_xlsx
from reports.figures import figures_gather
from reports.models import FunderReport
from reports.services import funder_report_request
from tests.factories import (
    CallFactory,
    EventFactory,
    MembershipFactory,
    OperationFactory,
    OrganisationFactory,
    RegistrationFactory,
    SupportRecordFactory,
    UserFactory,
)
from tests.reports.conftest import template_of

pytestmark = pytest.mark.django_db

HUB = ZoneInfo("Europe/Ljubljana")
YEAR = timezone.localdate().year - 1
Q1 = Period.quarter(YEAR, 1)


def url(operation: Operation, period: Period = Q1, language: str = "en") -> str:
    return (
        f"/{language}/reports/?operation={operation.pk}&period=custom"
        f"&start={period.start}&end={period.end}"
    )


@pytest.fixture
def operation(db):
    template = template_of("ngos_supported", "support_hours", "a_rule_nobody_wrote")
    operation = OperationFactory(
        name="Regionalno stičišče NVO Goriška",
        template=template,
        start=date(YEAR, 1, 1),
        end=date(YEAR + 2, 12, 31),
    )
    first = template.indicators.get(code="T1")
    IndicatorTarget.objects.create(operation=operation, indicator=first, value=4)
    IndicatorTarget.objects.create(operation=operation, indicator=first, year=YEAR, value=2)
    return operation


def supported(count: int, day: date = date(YEAR, 2, 1)) -> None:
    for _ in range(count):
        SupportRecordFactory(organisation=OrganisationFactory(sector="civil"), date=day)


# --- Who may ---------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(anonymous, operation):
    response = anonymous.get(url(operation))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_ngo_members_are_refused(client_for, ngo_admin, operation):
    assert client_for(ngo_admin).get(url(operation)).status_code == 403
    assert (
        client_for(ngo_admin).post("/en/reports/ask/", {"operation": operation.pk}).status_code
        == 403
    )
    assert not FunderReport.objects.exists()


def test_a_coordinator_is_let_in_by_the_permission_not_by_a_group_name(client_for, operation):
    user = UserFactory()
    assert client_for(user).get(url(operation)).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_reports"))
    assert client_for(user).get(url(operation)).status_code == 200


def test_the_navigation_links_the_reports_for_coordinators_only(client_for, coordinator, ngo_admin):
    assert 'href="/en/reports/"' in client_for(coordinator).get("/en/").content.decode()
    assert 'href="/en/reports/"' not in client_for(ngo_admin).get("/en/").content.decode()


def test_people_behind_a_figure_need_their_own_permission(
    client_for, coordinator, staff, people_rule
):
    template = template_of(people_rule)
    operation = OperationFactory(template=template, start=Q1.start, end=Q1.end)
    UserFactory(first_name="Marjeta", last_name="Kos")
    indicator = template.indicators.get()
    address = (
        f"/en/reports/indicators/{indicator.pk}/?operation={operation.pk}"
        f"&start={Q1.start}&end={Q1.end}"
    )
    # Hub staff with the reports but no permission for people: counts only, as coordinators.
    desk = UserFactory(email="desk@sticisce.test", is_staff=True)
    desk.user_permissions.add(Permission.objects.get(codename="view_reports"))
    allowed = UserFactory(email="allowed@sticisce.test")
    allowed.user_permissions.add(
        Permission.objects.get(codename="view_reports"),
        Permission.objects.get(codename="view_people_behind_figures"),
    )

    as_coordinator = client_for(coordinator).get(address).content.decode()
    as_desk = client_for(desk).get(address).content.decode()
    as_allowed = client_for(allowed).get(address).content.decode()
    as_superuser = client_for(staff).get(address).content.decode()

    for page in (as_coordinator, as_desk):
        assert "People (1)" in page
        assert "Marjeta Kos" not in page
        assert "only those allowed to see people behind figures see them" in page
    assert "Marjeta Kos" in as_allowed
    assert "Marjeta Kos" in as_superuser


# --- The dashboard ---------------------------------------------------------------------------------


def test_the_dashboard_shows_figures_against_targets_with_definitions(
    client_for, coordinator, operation
):
    supported(1)

    page = client_for(coordinator).get(url(operation)).content.decode()

    assert "Definition of indicator 1." in page
    assert "<strong>1</strong>" in page
    assert f"(target for {YEAR})" in page  # the year's target, not the operation's
    assert "50 % of the target" in page
    assert "not available" in page  # a rule the code does not have: shown, not a crash


def test_each_figure_opens_to_the_organisations_behind_it(client_for, coordinator, operation):
    ngo = OrganisationFactory(sector="civil", name="Društvo prijateljev mladine Ajdovščina")
    SupportRecordFactory(organisation=ngo, date=date(YEAR, 2, 1))
    indicator = operation.template.indicators.get(code="T1")

    page = client_for(coordinator).get(
        f"/en/reports/indicators/{indicator.pk}/?operation={operation.pk}"
        f"&start={Q1.start}&end={Q1.end}"
    )

    assert "Društvo prijateljev mladine Ajdovščina" in page.content.decode()


def test_an_organisation_credited_by_a_training_names_the_training_and_the_link(
    client_for, coordinator, operation
):
    ngo = OrganisationFactory(sector="civil", name="Društvo Soča")
    member = UserFactory()
    MembershipFactory(user=member, organisation=ngo, role="editor")
    training = EventFactory(
        title="Writing a project application",
        kind="training",
        start=datetime(YEAR, 2, 10, 9, tzinfo=HUB),
        end=datetime(YEAR, 2, 10, 12, tzinfo=HUB),
    )
    RegistrationFactory(
        event=training,
        email=member.email,
        organisation=ngo,
        organisation_link="membership",
        organisation_name="",
        attended=True,
    )
    indicator = operation.template.indicators.get(code="T1")

    page = client_for(coordinator).get(
        f"/en/reports/indicators/{indicator.pk}/?operation={operation.pk}"
        f"&start={Q1.start}&end={Q1.end}"
    )

    table = page.content.decode().split('id="rows-training_credits"')[1].split("</section>")[0]
    assert "Trainings that credit an organisation (1)" in table
    assert "Writing a project application" in table
    assert "Društvo Soča" in table
    assert "The person&#x27;s membership" in table
    assert member.email not in table


def test_alerts_delivered_open_to_the_alerts_behind_them(client_for, coordinator):
    template = template_of("alerts_delivered")
    operation = OperationFactory(template=template, start=Q1.start, end=Q1.end)
    call = CallFactory(title="Small grants for local communities")
    user = UserFactory()
    sent_at = datetime(YEAR, 3, 31, 23, 30, tzinfo=HUB)  # the quarter's last evening
    for n, status in enumerate(["sent", "failed"]):
        email = OutboxEmail.objects.create(
            key=f"alert-{n}",
            recipients=user.email,
            subject="New calls",
            message={},
            status=status,
            sent_at=sent_at if status == "sent" else None,
        )
        alert = Alert.objects.create(key=f"alert-{n}", kind="digest", user=user, email=email)
        alert.calls.add(call)

    page = client_for(coordinator).get(
        f"/en/reports/indicators/{template.indicators.get().pk}/?operation={operation.pk}"
        f"&start={Q1.start}&end={Q1.end}"
    )

    text = page.content.decode()
    assert "Call alerts delivered (1)" in text
    assert "Small grants for local communities" in text
    assert user.email not in text


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("period=custom&start=2025-05-01", "__all__"),
        ("period=custom&start=2025-05-01&end=2025-04-01", "end"),
        ("period=custom&start=prvi-maj&end=2025-06-01", "start"),
        ("period=someday", "period"),
    ],
)
def test_a_wrong_period_gets_a_message_and_no_figures(
    client_for, coordinator, operation, query, field
):
    response = client_for(coordinator).get(f"/en/reports/?operation={operation.pk}&{query}")

    assert response.status_code == 200
    assert response.context["figures"] is None
    assert field in response.context["form"].errors


def test_the_periods_messages_are_in_the_users_language(client_for, coordinator, operation):
    page = client_for(coordinator).get(
        f"/sl/reports/?operation={operation.pk}&period=custom&start=prvi-maj&end=2025-06-01"
    )
    assert "Vnesite veljaven datum." in page.content.decode()


def test_the_period_list_offers_quarters_and_years_of_the_operation(
    client_for, coordinator, operation
):
    page = client_for(coordinator).get(f"/en/reports/?operation={operation.pk}").content.decode()

    assert f'value="{YEAR}-q1"' in page
    assert f'value="{YEAR + 2}"' in page
    assert 'value="custom"' in page


def test_gathering_runs_as_many_queries_for_a_year_as_for_a_month(operation):
    supported(3, date(YEAR, 1, 10))
    supported(30, date(YEAR, 6, 10))
    hub_profile()  # the hub's identity (its time zone) is cached, as on a running site

    with CaptureQueriesContext(connection) as month:
        figures_gather(operation=operation, period=Period.month(YEAR, 1))
    with CaptureQueriesContext(connection) as year:
        figures_gather(operation=operation, period=Period.year(YEAR))

    # The indicators, the targets, then per rule: NGOs supported 3 (support records, trainings,
    # the organisations' sectors), hours 1.
    assert len(month) == len(year) == 2 + 3 + 1


def test_the_dashboard_answers_with_a_fixed_number_of_queries(client_for, coordinator, operation):
    client = client_for(coordinator)

    def ask() -> None:
        funder_report_request(
            operation=operation, period=Q1, kind="progress", language="en", by=coordinator
        )

    supported(1)
    ask()
    client.get(url(operation))  # the hub's identity is cached as on a running site
    with CaptureQueriesContext(connection) as one:
        client.get(url(operation))
    supported(20)
    ask()
    ask()
    with CaptureQueriesContext(connection) as many:
        client.get(url(operation))
    # 1 session, 2 user, 3-4 permissions (the user's, their groups'), 5 the operation asked
    # for, 6 the form's check of it, 7-8 the indicators and targets, 9-11 NGOs supported
    # (support records, trainings, the organisations' sectors), 12 hours, 13 the reports with
    # who asked, 14 their documents, 15-16 the operations in the form's list, 17 the
    # navigation's reports link: the same with one supported NGO and one report as with many.
    assert len(one) == 17
    assert len(many) == len(one)


# --- Reports and their versions --------------------------------------------------------------------


def test_asking_again_makes_a_new_version_and_the_old_keeps_its_figures(operation, coordinator):
    supported(1)
    first = funder_report_request(
        operation=operation, period=Q1, kind="progress", language="en", by=coordinator
    )
    render_funder_report(first)
    first.refresh_from_db()

    supported(2)  # the data change after the first report was sent
    second = funder_report_request(
        operation=operation, period=Q1, kind="progress", language="en", by=coordinator
    )
    render_funder_report(second)
    render_funder_report(first)  # made again: from the figures stored with it
    first.refresh_from_db()
    second.refresh_from_db()

    assert (first.version, second.version) == (1, 2)
    assert first.figures["indicators"][0]["figure"]["value"] == 1
    assert second.figures["indicators"][0]["figure"]["value"] == 3
    assert FunderReport.objects.count() == 2


def test_small_special_category_cells_are_hidden_everywhere_and_totals_stay_exact(
    client_for, coordinator, special_cells_rule
):
    from pypdf import PdfReader

    template = template_of(special_cells_rule)
    operation = OperationFactory(template=template, start=Q1.start, end=Q1.end)

    client = client_for(coordinator)
    page = client.get(url(operation)).content.decode()  # the dates of a whole quarter
    custom = client.get(url(operation, Period(Q1.start, date(YEAR, 2, 15)))).content.decode()
    report = funder_report_request(
        operation=operation, period=Q1, kind="progress", language="en", by=coordinator
    )
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(render_funder_report(report))).pages
    )
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    cells = [row for row in book.worksheets[1].iter_rows(values_only=True)]

    # Yes (3) and chose not to say (2) are small: both hidden, so neither is 17 − 12 − the other.
    assert page.count(">hidden</td>") == 2 and "<strong>17</strong>" in page
    assert "shown only for whole quarters" in custom and ">hidden</td>" not in custom
    assert "hidden" in text and "17" in text and "12" in text
    assert ("T1", "Indicator 1", "Disability", "Yes", "hidden") in cells
    assert ("T1", "Indicator 1", "Disability", "Chose not to say", "hidden") in cells
    assert ("T1", "Indicator 1", "Disability", "No", 12) in cells
    assert _indicator_rows(book)[0][2] == 17


def test_the_xlsx_holds_the_stored_figures_and_rows(client_for, coordinator, operation):
    ngo = OrganisationFactory(sector="civil", name="Zavod Vipava")
    SupportRecordFactory(organisation=ngo, date=date(YEAR, 2, 1), hours=Decimal("3"))
    report = funder_report_request(
        operation=operation, period=Q1, kind="final", language="en", by=coordinator
    )
    render_funder_report(report)

    response = client_for(coordinator).get(f"/en/reports/{report.pk}/report.xlsx")
    book = load_workbook(io.BytesIO(response.content))

    indicators = _indicator_rows(book)
    assert indicators[0][:4] == ("T1", "Indicator 1", 1, 2.0)
    assert indicators[1][2] == 3.0
    assert indicators[2][2] == "not available"
    assert any("Zavod Vipava" in row for row in book["Organisations"].iter_rows(values_only=True))
    assert client_for(UserFactory()).get(f"/en/reports/{report.pk}/report.xlsx").status_code == 403


def test_the_figures_are_gathered_in_the_reports_language(operation, coordinator):
    with translation.override("en"):
        report = funder_report_request(
            operation=operation, period=Q1, kind="progress", language="sl", by=coordinator
        )
    template = operation.template
    indicator = template.indicators.get(code="T1")
    indicator.label_sl = "Podprte NVO"
    indicator.save()

    render_funder_report(report)
    report.refresh_from_db()

    assert report.figures["indicators"][0]["label"] == "Podprte NVO"


def test_every_seeded_template_names_rules_and_shows_on_the_dashboard(
    client_for, coordinator, funder_templates
):
    from hub.models import FunderTemplate

    codes = set(FunderTemplate.objects.values_list("code", flat=True))
    assert {
        "esf-2014-2020",
        "esf-plus-2021-2027",
        "si-ngo-fund-2023-2027",
        "eea-active-citizens-fund",
    } <= codes
    for template in FunderTemplate.objects.filter(code__in=codes):
        operation = OperationFactory(template=template, start=Q1.start, end=Q1.end)
        page = client_for(coordinator).get(url(operation, language="sl"))
        assert page.status_code == 200
        for indicator in template.indicators.all():
            assert indicator.label_sl and indicator.label_bg and indicator.label_pl
            assert indicator.definition_sl and indicator.definition_en
            assert indicator.code in page.content.decode()
            if indicator.rule in RULES:
                assert RULES[indicator.rule].code == indicator.rule


def test_figures_display_keeps_the_gathered_values(operation):
    supported(2)
    data = figures_gather(operation=operation, period=Q1)
    shown = figures_display(data)
    assert [i["value"] for i in shown["indicator_list"]][:2] == [2, Decimal("4.0")]
    assert shown["indicator_list"][0]["share"] == 100


def test_a_stored_report_keeps_its_figures_when_a_participant_gives_other_answers(coordinator):
    """Entry data is stored as at entry; a person who answers differently later (a new
    registration, a staff correction) changes a new version, never a report already sent."""
    template = template_of("participants_cumulative")
    template.indicators.update(breakdowns=["gender"])
    operation = OperationFactory(template=template, start=Q1.start, end=Q1.end)
    event = EventFactory(
        start=datetime(YEAR, 2, 3, 9, tzinfo=ZoneInfo("Europe/Ljubljana")),
        end=datetime(YEAR, 2, 3, 13, tzinfo=ZoneInfo("Europe/Ljubljana")),
    )
    registration = RegistrationFactory(
        event=event, attended=True, gender="woman", entry_items=["gender"]
    )
    sent = funder_report_request(
        operation=operation, period=Q1, kind="progress", language="en", by=coordinator
    )
    render_funder_report(sent)
    sent.refresh_from_db()
    before = Figure.from_json(sent.figures["indicators"][0]["figure"]).breakdowns["gender"]
    assert before["woman"] == 1

    registration.gender = "refused"
    registration.save()
    again = funder_report_request(
        operation=operation, period=Q1, kind="progress", language="en", by=coordinator
    )
    render_funder_report(again)
    render_funder_report(sent)
    sent.refresh_from_db()
    again.refresh_from_db()

    assert Figure.from_json(sent.figures["indicators"][0]["figure"]).breakdowns["gender"] == before
    assert (
        Figure.from_json(again.figures["indicators"][0]["figure"]).breakdowns["gender"]["refused"]
        == 1
    )


def _indicator_rows(book) -> list[tuple]:
    """The indicator table's rows: those below its header ("Code", "Indicator", …), whatever
    lines about the operation and the template come above it."""
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header = next(n for n, row in enumerate(rows) if row[:2] == ("Code", "Indicator"))
    return rows[header + 1 :]
