from django.urls import path

from hub.cache import cached_page
from hub.feeds import cached_response

from . import feeds, views

app_name = "calls"

urlpatterns = [
    path("", cached_page("calls:list")(views.CallListView.as_view()), name="list"),
    # Feeds are read by programs every few minutes: answered from the cache, or with 304.
    path(
        "feed/",
        cached_response(
            "calls:feed",
            domains=("calls", "reference", "peers"),
            changes_at=feeds.feed_changes_at,
        )(feeds.CallFeed()),
        name="feed",
    ),
    path(
        "deadlines.ics",
        cached_response(
            "calls:deadlines",
            domains=("calls", "reference"),
            changes_at=feeds.deadlines_change_at,
        )(feeds.deadlines),
        name="deadlines",
    ),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/stop/", views.alerts_stop, name="alerts_stop"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "<slug:slug>/", cached_page("calls:detail")(views.CallDetailView.as_view()), name="detail"
    ),
    path("<slug:slug>/follow/", views.follow, name="follow"),
    path("<slug:slug>/unfollow/", views.unfollow, name="unfollow"),
    path("<slug:slug>/organisations/", views.organisations_to_invite, name="organisations"),
]
