from __future__ import annotations

import logging
import mimetypes
from concurrent.futures import ThreadPoolExecutor

import redis
from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.db import connection, transaction
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST, require_safe

from .documents import document_can_download, document_kind
from .forms import AccountDeleteForm, PersonalDataCopyForm
from .models import Document, Operation
from .privacy import (
    PRIVACY_NOTICE_VERSION,
    LastAdmin,
    account_erase,
    personal_data_copy_for_token,
    personal_data_copy_request,
    personal_data_export_latest,
    personal_data_export_request,
)
from .storage import StorageUnavailable, storage_answers, storage_guard, storage_signs_urls

logger = logging.getLogger(__name__)


# Each check of /healthz gives up after this many seconds.
HEALTH_TIMEOUT = 2.0


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database, Redis (where configured) and both file storages answer; else 503.

    The answer names each part ``ok`` or ``down``, and lists under ``failed`` those that are
    down. Every check has its own time limit; Redis and the storages are asked side by side.
    """
    with ThreadPoolExecutor(max_workers=3) as pool:
        redis_ok = pool.submit(_redis_answers) if settings.REDIS_URL else None
        storages_ok = [
            pool.submit(storage_answers, storages[alias], timeout=HEALTH_TIMEOUT)
            for alias in ("default", "documents")
        ]
        checks = {"database": _database_answers()}
        if redis_ok is not None:
            checks["redis"] = redis_ok.result()
        checks["storage"] = all(future.result() for future in storages_ok)
    failed = sorted(name for name, ok in checks.items() if not ok)
    return JsonResponse(
        {**{name: "down" if name in failed else "ok" for name in checks}, "failed": failed},
        status=503 if failed else 200,
    )


def _database_answers() -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL statement_timeout = %s", [int(HEALTH_TIMEOUT * 1000)])
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database does not answer")
        return False


def _redis_answers() -> bool:
    try:
        return bool(
            redis.Redis.from_url(
                settings.REDIS_URL,
                socket_timeout=HEALTH_TIMEOUT,
                socket_connect_timeout=HEALTH_TIMEOUT,
            ).ping()
        )
    except redis.RedisError:
        logger.exception("Health check: Redis does not answer")
        return False


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, resolving the page's address in the language it was read in.

    Django translates ``next`` by resolving it in the request's active language, which comes from
    the cookie or the browser, not from the page's prefix, so /sl/ read by an English browser would
    not resolve and the visitor would stay on the Slovene page.
    """
    page_language = translation.get_language_from_path(request.POST.get("next", ""))
    with translation.override(page_language or translation.get_language()):
        return i18n.set_language(request)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that could fail again: the 500 page stands on its own.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


@never_cache
def document_download(request: HttpRequest, uuid: str) -> HttpResponse:
    """Any generated document, to those its kind allows; everyone else gets 404.

    A participant's secret registration token comes as ``?token=``. From an S3 bucket the answer
    is a redirect to a signed link that works for ``AWS_QUERYSTRING_EXPIRE`` seconds: the file
    goes from the store to the browser without holding a web process, and the portal's rule is
    asked again on every click. From a folder (or with ``DOCUMENTS_STREAM``) the file is streamed.
    """
    document = get_object_or_404(Document, uuid=uuid)
    context = {"token": request.GET.get("token", "")}
    if not document_can_download(user=request.user, document=document, context=context):
        raise Http404
    filename = document_kind(document.kind).filename(document)
    storage = document.file.storage
    if storage_signs_urls(storage) and not settings.DOCUMENTS_STREAM:
        url = storage.url(
            document.file.name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(True, filename),
                "ResponseContentType": mimetypes.guess_type(filename)[0]
                or "application/octet-stream",
            },
        )
        response = HttpResponseRedirect(url)
    else:
        try:
            with storage_guard():
                file = document.file.open("rb")
        except StorageUnavailable:
            response = HttpResponse(
                _("The file store cannot be reached just now. Please try again in a few minutes."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = "60"
            return response
        response = FileResponse(file, as_attachment=True, filename=filename)
    response["X-Robots-Tag"] = "noindex"
    return response


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """Who keeps what about whom, why, for how long, and the person's rights; and the form that
    sends a copy of everything held about an address to that address (posted here from this page
    and from a registration's personal link, which comes back to ``next``)."""
    form = PersonalDataCopyForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if _has_confirmed(request.user, email):
            personal_data_export_request(email=email, user=request.user, by=request.user)
            messages.success(
                request, _("Your data is being prepared. This page refreshes by itself.")
            )
            return redirect("my_data")
        if request.user.is_staff or ratelimit.consume(
            request, action="personal_data_copy", key=email.lower()
        ):
            personal_data_copy_request(
                email=email, by=request.user if request.user.is_authenticated else None
            )
            # The same words whether or not the address is known: the page tells nobody that.
            messages.success(
                request,
                _(
                    "If the portal holds anything about %(email)s, a link to a copy of it is on "
                    "its way to that address. Only someone who reads that mailbox can open it."
                )
                % {"email": email},
            )
            return redirect(_back(request, default=reverse("privacy")))
        form.add_error(
            None,
            _(
                "Too many copies have been asked for from your connection or for this e-mail "
                "address in a short time. Please try again later, or write to the hub at "
                "%(email)s."
            )
            % {"email": settings.HUB_EMAIL},
        )
        status = 429
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "hub/privacy.html",
        {
            "version": PRIVACY_NOTICE_VERSION,
            "retention_days": settings.PRIVACY_PARTICIPANT_RETENTION_DAYS,
            "export_days": settings.PRIVACY_EXPORT_KEEP_DAYS,
            "evidence_operations": Operation.objects.filter(
                evidence_kept_until__isnull=False
            ).order_by("start"),
            "copy_form": form,
        },
        status=status,
    )


def _has_confirmed(user, email: str) -> bool:
    """The signed-in person has confirmed this address: their copy needs no e-mail."""
    return bool(
        user.is_authenticated
        and EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
    )


def _back(request: HttpRequest, *, default: str) -> str:
    """Where a form posted from another page of this site returns to."""
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


@never_cache
def personal_data_copy(request: HttpRequest, token: str) -> HttpResponse:
    """The page the e-mailed link opens: the copy's state, and the file once it is ready."""
    export = personal_data_copy_for_token(token)
    if export is None:
        raise Http404
    return render(
        request,
        "hub/personal_data_copy.html",
        {
            "document": export.documents.first(),
            "token": token,
            "export_days": settings.PRIVACY_EXPORT_KEEP_DAYS,
        },
    )


@never_cache
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """A signed-in person's copy of everything the portal holds about them, and the way out."""
    if request.method == "POST":
        personal_data_export_request(email=request.user.email, user=request.user, by=request.user)
        messages.success(request, _("Your data is being prepared. This page refreshes by itself."))
        return redirect("my_data")
    return render(
        request, "hub/my_data.html", {"document": personal_data_export_latest(user=request.user)}
    )


@never_cache
@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    """Delete one's own account: personal data anonymised, memberships ended, counts kept."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account_erase(user=request.user, by=request.user)
        except LastAdmin as error:
            messages.error(request, str(error))
            return render(
                request,
                "hub/account_delete.html",
                {"form": form, "stranded": error.organisations},
                status=409,
            )
        logout(request)
        messages.success(request, _("Your account is deleted and your personal data erased."))
        return redirect("home")
    return render(request, "hub/account_delete.html", {"form": form})


@require_safe
@cache_control(public=True, max_age=86400)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read every public page; the sitemap lists them in all four languages."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /documents/",
        # The framed copies of the lists; the portal's own pages are the ones to index.
        "Disallow: /embed/",
        "Disallow: /oembed",
        *(f"Disallow: /{code}/accounts/" for code, _name in settings.LANGUAGES),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
