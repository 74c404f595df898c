"""The CSV export's machine-readable schema: a Frictionless Data Package that the CSV points to,
and that the CSV itself passes."""

import json

import frictionless

from organisations.exports import COLUMNS
from tests.factories import (
    FieldOfActivityFactory,
    MunicipalityFactory,
    OrganisationFactory,
)

PACKAGE = "/en/organisations/datapackage.json"


def test_the_csv_passes_the_published_datapackage(anonymous, tmp_path):
    youth = FieldOfActivityFactory(name="Youth", slug="youth")
    tolmin = MunicipalityFactory(name="Tolmin", slug="tolmin")
    OrganisationFactory(
        name='=Formula, "quoted" name',
        phone="+386 5 000 00 00",
        members=12,
        founded_year=1999,
        public_interest=True,
        fields=[youth],
        municipalities_served=[tolmin],
        seat=tolmin,
    )
    OrganisationFactory(name="Plain one", seat=None, members=None, sector="public")

    package = json.loads(anonymous.get(PACKAGE).content)
    [resource] = package["resources"]
    assert resource["path"] == "http://testserver/en/organisations/export.csv"
    csv_path = tmp_path / "organisations.csv"
    csv_path.write_bytes(anonymous.get("/en/organisations/export.csv").getvalue())
    resource["path"] = "organisations.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(package))

    report = frictionless.validate(str(tmp_path / "datapackage.json"))

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.stats["errors"] == 0
    assert report.tasks[0].stats["rows"] == 2


def test_the_schema_gives_types_allowed_values_and_the_key(anonymous, db):
    schema = json.loads(anonymous.get(PACKAGE).content)["resources"][0]["schema"]
    fields = {field["name"]: field for field in schema["fields"]}
    assert list(fields) == [column.name for column in COLUMNS]
    assert schema["primaryKey"] == ["slug"]
    assert fields["sector"]["constraints"]["enum"] == ["civil", "public", "private"]
    assert fields["members"]["type"] == "integer"
    assert fields["public_interest"]["type"] == "boolean"
    assert fields["last_confirmed"]["type"] == "date"


def test_the_csv_and_the_open_data_page_point_to_it(anonymous, db):
    link = anonymous.get("/en/organisations/export.csv")["Link"]
    assert link == (
        '<http://testserver/en/organisations/datapackage.json>; rel="describedby"; '
        'type="application/json"'
    )
    page = anonymous.get("/en/organisations/open-data/").content.decode()
    assert (
        '<link rel="describedby" type="application/json" href="/en/organisations/datapackage.json">'
        in page
    )
    assert 'href="/en/organisations/datapackage.json"' in page
