from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from hub.alerts.views import unsubscribe_page
from hub.cache import cached_fragment, this_minute
from hub.ratelimit import rate_consume

from . import selectors, services
from .forms import SubscribeForm


class NewsListView(ListView):
    template_name = "news/news_list.html"
    context_object_name = "news"
    paginate_by = 10

    def get_queryset(self):
        return selectors.news_list()

    def get_context_data(self, **kwargs):
        def results() -> str:
            paginator, page, news, _ = self.paginate_queryset(self.object_list, self.paginate_by)
            return render_to_string("news/_results.html", {"page_obj": page, "news": news})

        # The same for everyone, until news change or a minute passes (a dated item appears).
        return {
            "view": self,
            "results": cached_fragment(
                "news:list",
                domains=("news",),
                vary=(self.request.GET.get("page", ""), this_minute()),
                render=results,
            ),
        }


class NewsDetailView(DetailView):
    template_name = "news/news_detail.html"
    context_object_name = "item"

    def get_object(self, queryset=None):
        return selectors.news_public_detail(slug=self.kwargs["slug"])


def subscribe(request: HttpRequest) -> HttpResponse:
    """Anyone may ask for the newsletter; it comes once they confirm from the e-mail."""
    form = SubscribeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not rate_consume(request, action="newsletter_subscribe", key=email.lower()):
            messages.error(request, _("Too many requests for this address. Try again later."))
            status = 429
        else:
            services.subscriber_subscribe(
                email=email, language=get_language(), frequency=form.cleaned_data["frequency"]
            )
            messages.success(
                request,
                _("Almost done: open the link we sent to %(email)s to confirm.") % {"email": email},
            )
            return redirect("news:subscribe")
    elif request.method == "POST":
        status = 400
    return render(request, "news/subscribe.html", {"form": form}, status=status)


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the confirmation e-mail: a page with a button (a mail scanner that opens
    the link confirms nothing); the POST confirms."""
    found = services.subscriber_for_confirmation(token)
    if found is None:
        return render(request, "news/confirm.html", {"invalid": True}, status=400)
    subscriber, language, frequency = found
    done = False
    if request.method == "POST":
        services.subscriber_confirm(subscriber=subscriber, language=language, frequency=frequency)
        done = True
    return render(request, "news/confirm.html", {"subscriber": subscriber, "done": done})


@csrf_exempt  # mail programs post here with no session (RFC 8058 one-click unsubscribe)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """A link from an issue: the page asks to confirm, a POST stops the newsletter. It works
    signed out; a token that was tampered with changes nothing."""
    return unsubscribe_page(
        request,
        recipient=services.subscriber_for_unsubscribe(token),
        template="news/unsubscribe.html",
    )


class IssueListView(ListView):
    template_name = "news/issue_list.html"
    context_object_name = "issues"
    paginate_by = 20

    def get_queryset(self):
        return selectors.issue_archive()


@require_safe
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_public_detail(pk=pk)
    return render(
        request, "news/issue_detail.html", {"issue": issue, **services.issue_contents(issue)}
    )
