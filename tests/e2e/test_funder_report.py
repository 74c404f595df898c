"""A coordinator opens the indicators, asks for the funder report, waits, and downloads the PDF."""

from __future__ import annotations

import io
from datetime import date

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.factories import OperationFactory, OrganisationFactory, SupportRecordFactory
from tests.reports.conftest import template_of

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_asks_for_the_report_waits_and_downloads_the_pdf(
    page, live_server, celery_worker, coordinator
):
    operation = OperationFactory(
        name="Gdańska Sieć Partnerstw Lokalnych 2024–2027",
        template=template_of("ngos_supported", "support_hours"),
        start=date(2024, 3, 1),
        end=date(2027, 12, 31),
    )
    SupportRecordFactory(
        organisation=OrganisationFactory(sector="civil", name="Fundacja Wybrzeże"),
        date=date(2025, 2, 3),
    )

    page.goto("/en/accounts/login/?next=/en/reports/")
    page.get_by_label("Email").fill(coordinator.email)
    page.get_by_label("Password").fill("correct horse battery")
    page.locator("main").get_by_role("button", name="Sign In").click()
    page.get_by_role("heading", name="Indicators and funder reports").wait_for()

    page.get_by_label("Operation", exact=True).select_option(str(operation.pk))
    page.get_by_label("Period", exact=True).select_option("2025-q1")
    page.get_by_role("button", name="Show the figures").click()
    indicator = page.get_by_role("region", name="T1 Indicator 1")
    expect(indicator.locator(".figure strong")).to_have_text("1")

    page.get_by_label("Kind of report").select_option("progress")
    page.get_by_role("button", name="Ask for the report").click()
    expect(page.get_by_text("The report is being prepared")).to_be_visible()

    # The page refreshes by itself until the worker is done.
    download_link = page.get_by_role("link", name="Download the report (PDF)")
    download_link.wait_for(timeout=60_000)
    with page.expect_download() as download:
        download_link.click()
    content = download.value.path().read_bytes()

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Gdańska Sieć Partnerstw Lokalnych 2024–2027" in text
    assert "Fundacja Wybrzeże" in text
