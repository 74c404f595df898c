"""The demo says how to come in: its last lines name the accounts, and they work."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from hub.models import User
from organisations.demo import DEMO_PASSWORD, PEOPLE

pytestmark = pytest.mark.django_db


def test_load_demo_ends_with_the_accounts_and_they_open_the_admin_and_the_reports(client):
    out = io.StringIO()
    call_command("load_demo", "--hub", "gdansk", stdout=out)
    staff_email, member_email, coordinator_email = (person[0] for person in PEOPLE["gdansk"])
    last = out.getvalue().splitlines()[-4:]
    assert last[0] == (
        f"Sign in at http://127.0.0.1:8000/pl/accounts/login/ with the password "
        f"'{DEMO_PASSWORD}' as"
    )
    assert staff_email in last[1] and "/admin/" in last[1]
    assert coordinator_email in last[2] and "/pl/reports/" in last[2]
    assert member_email in last[3]

    # Running `make run` again prints them again, and loads nothing.
    again = io.StringIO()
    call_command("load_demo", "--if-empty", stdout=again)
    assert again.getvalue().splitlines()[-3:] == last[1:]

    staff = User.objects.get(email=staff_email)
    assert staff.check_password(DEMO_PASSWORD) and staff.is_staff and not staff.is_superuser
    assert staff.has_perm("organisations.change_joinrequest")
    assert not staff.has_perm("hub.change_user")
    client.force_login(staff)
    assert "organisations/joinrequest/" in client.get("/admin/").content.decode()

    coordinator = User.objects.get(email=coordinator_email)
    assert coordinator.check_password(DEMO_PASSWORD) and not coordinator.is_staff
    client.force_login(coordinator)
    assert client.get("/pl/reports/").status_code == 200
