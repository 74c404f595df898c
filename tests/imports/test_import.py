"""Importing files: the preview, the rule that nothing is saved while a row has an error,
matching without duplicates, the three formats, and exports that import again unchanged."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from events.models import Event, Registration
from hub.selectors import hub_profile
from imports.services import export_table
from organisations.models import Organisation, SupportRecord
from tests.factories import EventFactory, OrganisationFactory, RegistrationFactory
from tests.factories.organisations import SupportRecordFactory
from tests.imports.helpers import registration_number, run, table, tax_number

pytestmark = pytest.mark.django_db

HEADERS = ["name", "registration number", "tax number", "seat", "public e-mail"]


def mixed_file(fmt="csv") -> bytes:
    """Two good rows and three bad ones, each bad for one reason."""
    return table(
        HEADERS,
        [
            ["Društvo Soča", registration_number(1), tax_number(1), "Nova Gorica", "info@soca.si"],
            ["Društvo Vipava", "5000012", "", "Nova Gorica", ""],  # wrong check digit
            ["Zavod Brda", registration_number(3), "", "Atlantis", ""],  # unknown municipality
            ["Društvo Soča (again)", registration_number(1), "", "Nova Gorica", ""],  # duplicate
            ["Zavod Kras", registration_number(5), "", "", "zavod@kras.si"],
        ],
        fmt,
    )


def test_preview_lists_each_error_with_its_reason_and_saves_nothing(nova_gorica):
    report = run("organisations", mixed_file(), dry_run=True)

    by_line = {row.line: row for row in report.rows}
    assert [by_line[line].outcome for line in range(2, 7)] == [
        "new",
        "error",
        "error",
        "error",
        "new",
    ]
    assert by_line[3].messages == [
        "registration number: The check digit is wrong: please look for a mistyped digit in "
        "the matična številka."
    ]
    assert by_line[4].messages == ["seat: Unknown municipality “Atlantis”."]
    assert by_line[5].messages == ["Duplicate within the file: this row repeats row 2."]
    assert Organisation.objects.count() == 0


def test_an_import_with_errors_saves_nothing_unless_staff_choose_the_valid_rows(nova_gorica):
    report = run("organisations", mixed_file())
    assert not report.saved
    assert Organisation.objects.count() == 0

    report = run("organisations", mixed_file(), valid_rows_only=True)

    assert report.saved
    assert sorted(Organisation.objects.values_list("name", flat=True)) == [
        "Društvo Soča",
        "Zavod Kras",
    ]
    soca = Organisation.objects.get(name="Društvo Soča")
    assert soca.seat == nova_gorica
    assert soca.email == "info@soca.si"
    assert soca.verification_status == "verified"


def test_the_same_file_twice_creates_nothing_and_a_changed_row_is_an_update(nova_gorica):
    rows = [
        ["Društvo Soča", registration_number(1), "", "Nova Gorica", "info@soca.si"],
        ["Zavod Kras", "", tax_number(2), "", ""],
        ["Društvo brez številke", "", "", "Nova Gorica", ""],
    ]
    first = run("organisations", table(HEADERS, rows))
    assert first.count("new") == 3

    again = run("organisations", table(HEADERS, rows))
    assert (again.count("new"), again.count("unchanged")) == (0, 3)

    rows[0][4] = "nova@soca.si"  # matched by registration number
    rows[1][0] = "Zavod za Kras"  # matched by tax number
    rows[2][0] = "DRUSTVO BREZ STEVILKE"  # matched by normalised name and municipality
    rows[2][4] = "brez@stevilke.si"
    changed = run("organisations", table(HEADERS, rows))

    assert (changed.count("new"), changed.count("update")) == (0, 3)
    assert Organisation.objects.count() == 3
    assert Organisation.objects.get(registration_number=registration_number(1)).email == (
        "nova@soca.si"
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_csv_xlsx_and_ods_give_the_same_result(nova_gorica, fmt):
    from_csv = run("organisations", mixed_file("csv"), dry_run=True)

    report = run("organisations", mixed_file(fmt), fmt=fmt, valid_rows_only=True)

    assert [(row.line, row.outcome, row.messages) for row in report.rows] == [
        (row.line, row.outcome, row.messages) for row in from_csv.rows
    ]
    assert dict(report.counts) == {"new": 2, "error": 3}
    assert sorted(Organisation.objects.values_list("name", "registration_number")) == [
        ("Društvo Soča", registration_number(1)),
        ("Zavod Kras", registration_number(5)),
    ]


def test_headers_in_another_language_are_recognised(nova_gorica):
    from django.utils import translation

    with translation.override("sl"):
        from imports.resources import OrganisationResource

        slovene = OrganisationResource().columns()
    content = table(slovene[:2], [["Društvo Soča", registration_number(1)]])

    report = run("organisations", content)

    assert report.count("new") == 1


def test_events_registrations_and_support_records_import(nova_gorica, staff):
    organisation = OrganisationFactory(registration_number=registration_number(7))
    past = (timezone.localtime() - timedelta(days=30)).replace(hour=9, minute=0)
    events = table(
        ["title", "kind", "starts", "ends", "venue", "municipality", "capacity"],
        [
            [
                "Pisanje projektov",
                "training",
                past.strftime("%Y-%m-%d %H:%M"),
                (past + timedelta(hours=4)).strftime("%d. %m. %Y %H:%M"),
                "Dvorana",
                "Nova Gorica",
                20,
            ],
            ["Brez konca", "Delavnica", "2030-01-01 10:00", "2030-01-01 09:00", "Dvorana", "", 5],
        ],
    )
    report = run("events", events, valid_rows_only=True)
    assert dict(report.counts) == {"new": 1, "error": 1}
    assert "ends: The event must end after it starts." in report.rows[1].messages[0] or any(
        "end after it starts" in message for message in report.rows[1].messages
    )
    event = Event.objects.get()

    registrations = table(
        ["event", "event date", "name", "e-mail address", "organisation", "attended"],
        [
            [
                "Pisanje projektov",
                past.date().isoformat(),
                "Ana",
                "Ana@Example.org",
                registration_number(7),
                "yes",
            ],
            [
                "pisanje  PROJEKTOV",
                past.date().isoformat(),
                "Ana N.",
                " ana@example.org ",
                "",
                "no",
            ],
            [
                "Pisanje projektov",
                past.date().isoformat(),
                "Bor",
                "bor@example.org",
                "Neznano društvo",
                "no",
            ],
            ["Pisanje projektov", "2001-01-01", "Cene", "cene@example.org", "", "yes"],
        ],
    )
    report = run("registrations", registrations, valid_rows_only=True)
    assert [row.outcome for row in report.rows] == ["new", "error", "new", "error"]
    assert report.rows[1].messages == ["Duplicate within the file: this row repeats row 2."]
    assert "import the events first" in report.rows[3].messages[0]
    ana = Registration.objects.get(email="Ana@Example.org")
    assert (ana.event, ana.organisation, ana.attended) == (event, organisation, True)
    assert Registration.objects.get(email="bor@example.org").organisation_name == "Neznano društvo"

    support = table(
        ["organisation", "kind", "date", "hours", "topic", "given by"],
        [
            [registration_number(7), "mentoring", "2025-03-04", "1,5", "Budget", staff.email],
            [registration_number(7), "mentoring", "2025-03-04", "0", "Reporting", ""],
        ],
    )
    report = run("support_records", support, valid_rows_only=True)
    assert [row.outcome for row in report.rows] == ["new", "error"]
    assert report.rows[1].messages == ["The hours must be more than zero."]
    assert SupportRecord.objects.get().given_by == staff


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_an_export_imports_again_as_unchanged(nova_gorica, fmt):
    from hub.models import FieldOfActivity

    field = FieldOfActivity.objects.first() or FieldOfActivity.objects.create(
        name="Youth", slug="youth"
    )
    organisation = OrganisationFactory(
        registration_number=registration_number(9),
        tax_number=tax_number(9),
        seat=nova_gorica,
        fields=[field],
        municipalities_served=[nova_gorica],
        website="https://soca.si",
        members=12,
        public_interest=True,
    )
    OrganisationFactory(name="Društvo brez številke", seat=None)
    event = EventFactory(organiser=organisation, fields=[field])
    RegistrationFactory(event=event, organisation=organisation, attended=True)
    RegistrationFactory(event=event, organisation_name="Kdo ve", consent=True)
    SupportRecordFactory(organisation=organisation)

    for kind, model in [
        ("organisations", Organisation),
        ("events", Event),
        ("registrations", Registration),
        ("support_records", SupportRecord),
    ]:
        before = model.objects.count()
        report = run(kind, export_table(kind=kind, fmt=fmt), fmt=fmt)
        assert dict(report.counts) == {"unchanged": before}, (kind, report.rows)
        assert model.objects.count() == before


def test_a_number_of_another_organisation_is_an_error_of_the_row(nova_gorica):
    OrganisationFactory(name="Zavod Kras", tax_number=tax_number(2))
    OrganisationFactory(name="Društvo Soča", registration_number=registration_number(1))
    content = table(
        ["name", "registration number", "tax number", "founded in"],
        [
            ["Društvo Soča", registration_number(1), tax_number(2), "1990"],
            ["Društvo Staro", registration_number(4), "", "1750"],
        ],
    )

    report = run("organisations", content, dry_run=True)

    assert [row.messages for row in report.rows] == [
        ["tax number: Another organisation from this country already has this tax number."],
        ["founded in: Give the year the organisation was founded, for example 1998."],
    ]


@pytest.mark.parametrize("zone", ["Europe/Sofia", "Europe/Ljubljana"])
def test_times_in_a_file_are_the_hubs_whatever_zone_the_process_runs_in(nova_gorica, zone):
    """A Ruse hub's "17:00" is 17:00 in Sofia, even from a command run with the settings' zone,
    and the event exported again reads as it was written."""
    profile = hub_profile()
    profile.time_zone = zone
    profile.save()
    events = table(
        ["title", "kind", "starts", "ends", "venue"],
        [["Info day", "info_day", "2030-07-01 17:00", "2030-07-01 19:00", "Dvorana"]],
    )

    with timezone.override(ZoneInfo("UTC")):
        report = run("events", events)
        exported = export_table(kind="events", fmt="csv").decode()

    assert report.saved
    event = Event.objects.get()
    assert event.start == datetime(2030, 7, 1, 17, 0, tzinfo=ZoneInfo(zone))
    assert "2030-07-01 17:00" in exported
