"""Who may see the reports, and who the people behind a figure."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission
from django.db.models import Q

REPORTS_PERMISSION = "reports.view_reports"
# Rows that identify people need this (hub staff as such do not have it; superusers do).
PEOPLE_PERMISSION = "hub.view_people_behind_figures"
# Naming the people of a special-category line tells each one's answer: this too is needed.
SPECIAL_PERMISSION = "events.view_special_category"


def reports_link_visible(user: Any) -> bool:
    """``may_see_reports`` in one query, for the navigation on every page."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    app_label, codename = REPORTS_PERMISSION.split(".")
    return Permission.objects.filter(
        Q(user=user) | Q(group__user=user), content_type__app_label=app_label, codename=codename
    ).exists()


def may_see_reports(user: Any) -> bool:
    """Coordinators (the permission, whichever group grants it) and hub staff."""
    return bool(user.is_authenticated and (user.is_staff or user.has_perm(REPORTS_PERMISSION)))
