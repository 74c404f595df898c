"""The CSV export described for machines: a Frictionless Data Package with a Table Schema (each
column's type, the values a code column takes, the primary key), built from the export's own
column list so the two cannot drift."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hub.models import Country

from .exports import COLUMNS
from .models import LegalForm, Sector

# Table Schema types of the export's kinds of column. Lists are one cell, items joined by "; ".
TYPES = {
    "text": {"type": "string"},
    "URL": {"type": "string", "format": "uri"},
    "e-mail": {"type": "string", "format": "email"},
    "code": {"type": "string"},
    "list": {"type": "string"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]},
    "date": {"type": "date"},
}

ALLOWED = {
    "sector": Sector.values,
    "legal_form": LegalForm.values,
    "country": Country.values,
}
REQUIRED = {"name", "slug", "profile_url", "sector", "legal_form", "country", "last_confirmed"}
PRIMARY_KEY = "slug"


def table_schema() -> dict:
    fields = []
    for column in COLUMNS:
        field = {"name": column.name, **TYPES[column.kind], "description": str(column.description)}
        constraints: dict = {}
        if column.name in REQUIRED:
            constraints["required"] = True
        if column.name == PRIMARY_KEY:
            constraints["unique"] = True
        if column.name in ALLOWED:
            constraints["enum"] = list(ALLOWED[column.name])
        if column.kind == "integer":
            constraints["minimum"] = 0
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {"fields": fields, "primaryKey": [PRIMARY_KEY], "missingValues": [""]}


def datapackage(*, base_url: str) -> dict:
    """The package for the CSV export in the active language, its addresses absolute."""
    return {
        "profile": "tabular-data-package",
        "name": "organisations",
        "title": str(_("Directory of organisations")),
        "description": str(
            _(
                "Verified organisations of the directory and their public fields. Add the "
                "directory's filters to the CSV's address to narrow it down."
            )
        ),
        "homepage": base_url + reverse("organisations:open_data"),
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": "organisations",
                "path": base_url + reverse("organisations:export_csv"),
                "format": "csv",
                "mediatype": "text/csv",
                # The file starts with a byte-order mark, so spreadsheet programs read UTF-8.
                "encoding": "utf-8-sig",
                "dialect": {"delimiter": ",", "header": True},
                "schema": table_schema(),
                "languages": [get_language()],
            }
        ],
    }
