from django.urls import path

from hub.cache import DOMAINS, SEATS, cached_page
from hub.feeds import cached_response

from . import feeds, views

app_name = "events"
# The pages that show seats left.
SEATED = (*DOMAINS, SEATS)

urlpatterns = [
    path(
        "", cached_page("events:list", domains=SEATED)(views.EventListView.as_view()), name="list"
    ),
    path("feed.ics", views.feed, name="feed"),
    path(
        "feed/",
        cached_response(
            "events:atom",
            domains=("events", "organisations", "reference", "peers"),
            changes_at=feeds.feeds_change_at,
        )(feeds.EventFeed()),
        name="atom",
    ),
    path("mine/", views.my_registrations, name="mine"),
    path(
        "<slug:slug>/",
        cached_page("events:detail", domains=SEATED)(views.EventDetailView.as_view()),
        name="detail",
    ),
    path("<slug:slug>/calendar.ics", views.event_calendar, name="calendar"),
    path("<slug:slug>/register/", views.register, name="register"),
    path(
        "<slug:slug>/registration/<token:token>/",
        views.registration_detail,
        name="registration",
    ),
    path(
        "<slug:slug>/registration/<token:token>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "<slug:slug>/registration/<token:token>/my-data/",
        views.registration_data,
        name="registration_data",
    ),
    path(
        "<slug:slug>/registration/<token:token>/erase/",
        views.registration_erase,
        name="registration_erase",
    ),
    path(
        "<slug:slug>/registration/<token:token>/certificate/",
        views.registration_certificate_request,
        name="registration_certificate_request",
    ),
    path(
        "<slug:slug>/registration/<token:token>/leaving/",
        views.registration_leaving,
        name="registration_leaving",
    ),
    path("<slug:slug>/manage/", views.event_manage, name="manage"),
    path("<slug:slug>/manage/check-in/<int:pk>/leaving/", views.check_out, name="check_out"),
    path("<slug:slug>/manage/check-in/", views.check_in, name="check_in"),
    path("<slug:slug>/manage/check-in/<int:pk>/", views.check_in_toggle, name="check_in_toggle"),
    path("<slug:slug>/manage/participants.csv", views.participants_export, name="participants_csv"),
    path(
        "<slug:slug>/manage/attendance-sheet/",
        views.attendance_sheet_request,
        name="attendance_sheet_request",
    ),
    path("<slug:slug>/manage/certificates/", views.certificates_issue, name="certificates_issue"),
]
