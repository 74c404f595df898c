"""Thin Celery adapters: take an ID, render, record the outcome on the row the page shows."""

from __future__ import annotations

from celery import shared_task

from .models import AttendanceSheet, Certificate
from .services.documents import document_render, render_attendance_sheet, render_certificate


@shared_task
def attendance_sheet_render(sheet_id: int) -> bool:
    return document_render(
        AttendanceSheet, sheet_id, lambda sheet: render_attendance_sheet(sheet.event)
    )


@shared_task
def certificate_render(certificate_id: int) -> bool:
    return document_render(
        Certificate,
        certificate_id,
        lambda certificate: render_certificate(certificate.registration),
    )
