from django.urls import path

from hub.feeds import cached_response

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.NewsListView.as_view(), name="list"),
    # Read by programs every few minutes: answered from the cache, or with 304.
    path(
        "feed/",
        cached_response(
            "news:feed", domains=("news", "reference"), changes_at=feeds.feed_changes_at
        )(feeds.NewsFeed()),
        name="feed",
    ),
    path("newsletter/", views.subscribe, name="subscribe"),
    path("newsletter/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletter/issues/", views.IssueListView.as_view(), name="archive"),
    path("newsletter/issues/<int:pk>/", views.issue_detail, name="issue"),
    path("<slug:slug>/", views.NewsDetailView.as_view(), name="detail"),
]
