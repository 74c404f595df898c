"""The public directory of organisations and their profiles."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from hub.cache import cached_fragment, query_vary
from hub.sections import profile_sections

from ..filters import DirectoryFilter
from ..selectors import membership_for, organisation_directory, organisation_profile

PAGE_SIZE = 20


# The public directory


def directory_filter(request: HttpRequest) -> DirectoryFilter:
    return DirectoryFilter(request.GET or None, queryset=organisation_directory())


def organisation_list(request: HttpRequest) -> HttpResponse:
    directory = directory_filter(request)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": directory,
        "query_string": query.urlencode(),
        "is_filtered": any(value for key, value in query.items() if key != "sort"),
        # Filters behind the folded "Filters" button: counted on it, and it opens if any.
        "filters_in_use": sum(1 for key, value in query.items() if value and key != "q"),
    }

    def results() -> str:
        paginator = Paginator(directory.qs, PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        return render_to_string(
            "organisations/_results.html",
            {
                **context,
                "page_obj": page,
                "organisations": page.object_list,
                "result_count": paginator.count,
            },
        )

    # The same for everyone who asks the same question (rendered without the request, so
    # nothing of the reader can slip in), until an organisation or the places change.
    context["results"] = cached_fragment(
        "organisations:list",
        domains=("organisations", "reference"),
        vary=query_vary(request),
        render=results,
    )
    return render(request, "organisations/list.html", context)


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_profile(slug)
    membership = None
    if not organisation.is_public:
        # Its own people and staff see a profile before it is verified; nobody else does.
        membership = membership_for(request.user, organisation)
        if membership is None and not request.user.is_staff:
            raise Http404
    elif request.user.is_authenticated:
        membership = membership_for(request.user, organisation)
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "membership": membership,
            # What other apps show on a profile (its partnerships), without importing them.
            "sections": profile_sections(organisation=organisation, user=request.user),
        },
    )
