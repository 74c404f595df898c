"""manage.py import_data: the same rules from the command line."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from imports.models import ImportRecord
from organisations.models import Organisation
from tests.imports.helpers import registration_number, table

pytestmark = pytest.mark.django_db


def test_import_data_checks_then_imports_a_file(tmp_path, capsys):
    path = tmp_path / "ngos.csv"
    path.write_bytes(
        table(
            ["name", "registration number"],
            [["Društvo Soča", registration_number(1)], ["Društvo Vipava", "5000012"]],
        )
    )

    call_command("import_data", "organisations", str(path), "--dry-run", "--no-progress")
    assert "1 new" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Nothing saved"):
        call_command("import_data", "organisations", str(path), "--no-progress")
    assert not Organisation.objects.exists()
    assert not ImportRecord.objects.exists()

    call_command("import_data", "organisations", str(path), "--valid-rows-only", "--no-progress")

    assert list(Organisation.objects.values_list("name", flat=True)) == ["Društvo Soča"]
    record = ImportRecord.objects.get()
    assert (record.status, record.new_count, record.error_count) == ("imported", 1, 1)
    assert record.created_objects.count() == 1


def test_import_data_names_a_missing_column_with_the_rows_errors(tmp_path, capsys):
    path = tmp_path / "events.csv"
    path.write_bytes(table(["title", "kind", "starts"], [["Info day", "picnic", "2031-05-05"]]))

    call_command("import_data", "events", str(path), "--dry-run", "--no-progress")

    out = capsys.readouterr().out
    assert "The file has no column “ends”" in out
    assert "2: Info day · picnic: kind:" in out
