"""The page behind every alert e-mail's unsubscribe link."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import AlertRecipient
from .subscriptions import alert_unsubscribe


def unsubscribe_page(
    request: HttpRequest,
    *,
    recipient: AlertRecipient | None,
    template: str,
    context: dict | None = None,
) -> HttpResponse:
    """It asks first and a POST stops the e-mails (mail programs post to it signed out, RFC
    8058, so the app's view is exempt from CSRF); a token that names nothing changes nothing.
    The template gets ``target`` (what the link stops), ``done`` or ``invalid``, and the app's
    ``context``."""
    if recipient is None:
        return render(request, template, {"invalid": True}, status=400)
    done = request.method == "POST"
    if done:
        alert_unsubscribe(recipient=recipient)
    return render(request, template, {**(context or {}), "target": recipient, "done": done})
