from django.urls import path

from . import feeds, views

app_name = "calls"

urlpatterns = [
    path("", views.CallListView.as_view(), name="list"),
    path("feed/", feeds.CallFeed(), name="feed"),
    path("deadlines.ics", feeds.deadlines, name="deadlines"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/stop/", views.alerts_stop, name="alerts_stop"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<slug:slug>/", views.CallDetailView.as_view(), name="detail"),
    path("<slug:slug>/follow/", views.follow, name="follow"),
    path("<slug:slug>/unfollow/", views.unfollow, name="unfollow"),
    path("<slug:slug>/organisations/", views.organisations_to_invite, name="organisations"),
]
