"""The directory as open data: CSV and JSON exports, their schema, and the page that explains them."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language

from hub.cache import CachedStream, data_versions, query_vary, versions_etag, versions_modified
from hub.filtering import UnderstoodQueries, bad_filter_response, filter_errors
from hub.rest import throttle_rate_in_words

from ..datapackage import datapackage
from ..exports import COLUMNS, EXPORT_DOMAINS
from ..exports_sql import export_chunks
from ..filters import DirectoryFilter
from ..models import Organisation
from ..selectors import organisation_directory

# The export queries the directory's filters understood: their options are places and fields.
UNDERSTOOD = UnderstoodQueries(domains=("reference",))


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")[:-1]


def _export(request: HttpRequest, *, name: str, format: str, content_type: str, disposition: str):
    """An export streamed as it is written, or from the cache when the same file (filters,
    language, address) was written since the data last changed; a client that has it already
    gets 304."""
    versions = data_versions(EXPORT_DOMAINS)
    base_url = _base_url(request)
    vary = (query_vary(request), base_url)
    etag = versions_etag(name, versions=versions, vary=vary)
    last_modified = versions_modified(versions)
    # By ETag only: Last-Modified is told for information, but a second is too coarse to
    # compare (two changes can fall in one). The ETag was only ever given with the file, so its
    # query was understood.
    unchanged = get_conditional_response(request, etag=etag)
    if unchanged is not None:
        return unchanged
    stream = CachedStream(request, name, versions=versions, vary=vary)
    checked = None
    # A file kept for these versions of the data was written for a query they understood, and
    # so was a query this process understood for the same places and fields. Otherwise the
    # query is checked first: a value the filters do not know is a mistake to name, not a
    # reason to export everything.
    if request.GET and not stream.kept() and not UNDERSTOOD.known(request):
        checked = export_filters(request)
        if errors := filter_errors(checked):
            return bad_filter_response(errors)
        UNDERSTOOD.remember(request)
    language = get_language()

    def produce():
        # The organisations are asked for after the head: not at all when the file is kept.
        with translation.override(language):
            yield from export_chunks(
                partial(_queryset, request, checked), format=format, base_url=base_url
            )

    response = StreamingHttpResponse(stream.stream(produce), content_type=content_type)
    response["Content-Disposition"] = disposition
    # Its columns, types and allowed values, for programs (RFC 8288, "describedby").
    schema_url = base_url + reverse("organisations:datapackage")
    response["Link"] = f'<{schema_url}>; rel="describedby"; type="application/json"'
    if etag:
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
    return response


def export_filters(request: HttpRequest) -> DirectoryFilter:
    """The directory's filters the query names (``NamedFiltersMixin``), on no queryset yet:
    they check the query before the first byte, and filter the directory once the rows are
    asked for."""
    return DirectoryFilter(request.GET, queryset=Organisation.objects.all(), named_only=True)


def _queryset(request: HttpRequest, checked: DirectoryFilter | None) -> QuerySet:
    """The organisations an export holds: the directory, filtered as the query asks (by the
    filters that checked it, or by filters made now for a query known to be understood: a kept
    file written again, or a query this process understood for the same places and fields)."""
    directory = organisation_directory()
    if not request.GET:
        return directory
    if checked is None:
        checked = export_filters(request)
        checked.is_valid()
    return checked.filter_queryset(directory)


def export_csv(request: HttpRequest) -> HttpResponse:
    return _export(
        request,
        name="organisations:export.csv",
        format="csv",
        content_type="text/csv; charset=utf-8",
        disposition='attachment; filename="organisations.csv"',
    )


def export_json(request: HttpRequest) -> HttpResponse:
    return _export(
        request,
        name="organisations:export.json",
        format="json",
        content_type="application/json",
        disposition='inline; filename="organisations.json"',
    )


def datapackage_json(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        datapackage(base_url=_base_url(request)), json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisations/open_data.html",
        {
            "columns": COLUMNS,
            "api_max_page_size": settings.API_MAX_PAGE_SIZE,
            "api_rate": throttle_rate_in_words(),
        },
    )
