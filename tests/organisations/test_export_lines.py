"""Each organisation's export line is kept written in the database and read as it is: an export
reads it only while it is what the organisation's row, places and fields, and the language's
names, would write now. Every way a line can go out of date writes it again before the next
export, and an export of kept lines writes nothing and takes the same queries for one
organisation as for many."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from hub.cache import data_changed
from organisations import exports_sql
from organisations.models import ExportLine, Organisation, Sector
from tests.factories import FieldOfActivityFactory, MunicipalityFactory, OrganisationFactory
from tests.organisations.test_export_sql import directory, python_export, sql_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory_of_three():
    tolmin = MunicipalityFactory(name="Tolmin", slug="tolmin")
    bovec = MunicipalityFactory(name="Bovec", slug="bovec", region=tolmin.region)
    # Fields are listed by position, then by name in the language: without Bulgarian names,
    # the positions alone order them in Bulgarian.
    youth = FieldOfActivityFactory(name_sl="Mladina", name_en="Youth", slug="mladina", position=1)
    culture = FieldOfActivityFactory(
        name_sl="Kultura", name_en="Culture", slug="kultura", position=2
    )
    first = OrganisationFactory(
        name="Društvo Soča", seat=tolmin, fields=[youth], municipalities_served=[tolmin, bovec]
    )
    OrganisationFactory(name="Zavod Bovec", seat=bovec, fields=[culture, youth])
    OrganisationFactory(name="Klub brez seznamov", seat=None)
    return {"first": first, "tolmin": tolmin, "bovec": bovec, "youth": youth, "culture": culture}


def both_exports(language: str = "en") -> dict[str, bytes]:
    with translation.override(language):
        return {format: sql_export(directory(""), format) for format in ("csv", "json")}


def python_exports(language: str = "en") -> dict[str, bytes]:
    with translation.override(language):
        return {format: python_export(directory(""), format) for format in ("csv", "json")}


def lines_written(queries) -> int:
    return sum('INSERT INTO "organisations_exportline"' in query["sql"] for query in queries)


def test_lines_are_written_once_then_read_as_kept(directory_of_three):
    with CaptureQueriesContext(connection) as first:
        assert both_exports() == python_exports()
    assert lines_written(first.captured_queries) == 2
    assert ExportLine.objects.filter(language="en").count() == 6
    with CaptureQueriesContext(connection) as again:
        assert both_exports() == python_exports()
    assert lines_written(again.captured_queries) == 0
    # Another language has lines of its own.
    assert both_exports("sl") == python_exports("sl")
    assert ExportLine.objects.count() == 12


@pytest.mark.parametrize(
    "change",
    [
        "saved",
        "updated without save",
        "field added",
        "place taken away",
        "places cleared",
        "place renamed",
        "field renamed in the language",
        "created without save",
        "deleted",
    ],
)
def test_every_change_an_export_shows_writes_its_line_again(directory_of_three, change):
    first, tolmin, culture = (directory_of_three[key] for key in ("first", "tolmin", "culture"))
    before = both_exports()
    # Each change in a transaction of its own (a savepoint here), as a request makes it.
    with transaction.atomic():
        if change == "saved":
            first.name = "Društvo Soča, preimenovano"
            first.save()
        elif change == "updated without save":
            Organisation.objects.filter(pk=first.pk).update(phone="+386 5 111 11 11")
            # As the services that update without save() say so (organisation_confirm).
            data_changed("organisations")
        elif change == "field added":
            first.fields.add(culture)
        elif change == "place taken away":
            first.municipalities_served.remove(tolmin)
        elif change == "places cleared":
            first.municipalities_served.clear()
        elif change == "place renamed":
            tolmin.name = "Tolmin (mesto)"
            tolmin.save()
        elif change == "field renamed in the language":
            culture.name_en = "Arts"
            culture.save()
        elif change == "created without save":
            Organisation.objects.bulk_create(
                [
                    Organisation(
                        name="Novo društvo",
                        slug="novo",
                        sector="civil",
                        legal_form="association",
                        verification_status="verified",
                    )
                ]
            )
            data_changed("organisations")
        else:
            first.delete()
    after = both_exports()
    assert after == python_exports()
    assert after != before


def test_a_line_of_another_way_of_writing_is_written_again(directory_of_three, monkeypatch):
    """A line written by another version of the code or another catalogue (a label of the
    language changed) is not read as it is."""
    both_exports()
    monkeypatch.setattr(exports_sql, "_renderers", {})
    with translation.override("en"):
        labels = {str(Sector.CIVIL.label): "Civil (renamed)"}
    original = exports_sql.ExportQuery.name

    def renamed(self, text):
        return original(self, labels.get(text, text))

    monkeypatch.setattr(exports_sql.ExportQuery, "name", renamed)
    with CaptureQueriesContext(connection) as queries, translation.override("en"):
        json = sql_export(directory(""), "json")
    assert lines_written(queries.captured_queries) == 1
    assert json.count(b'"sector_label": "Civil (renamed)"') == 3
    assert ExportLine.objects.filter(language="en", format="json").count() == 3
    assert len(set(ExportLine.objects.values_list("renderer", flat=True))) == 2


@pytest.mark.parametrize("count", [1, 12])
def test_an_export_of_kept_lines_takes_a_fixed_number_of_queries(count, django_assert_num_queries):
    OrganisationFactory.create_batch(count)
    both_exports()
    with django_assert_num_queries(4), translation.override("en"):
        # A savepoint and the export's settings, then COPY; the kept mark is in the cache.
        sql_export(directory(""), "csv")


def test_the_command_writes_every_line_ahead_of_the_first_export(directory_of_three):
    call_command("export_lines_renew")
    assert ExportLine.objects.count() == 3 * len(settings.LANGUAGES) * 2
    with CaptureQueriesContext(connection) as queries:
        assert both_exports("bg") == python_exports("bg")
    assert lines_written(queries.captured_queries) == 0
