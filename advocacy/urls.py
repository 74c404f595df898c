from django.urls import path

from hub.feeds import cached_response

from . import feeds, views

# What the consultation feeds show: consultations, the public bodies that hold them, places and
# fields.
FEED_DOMAINS = ("advocacy", "organisations", "reference")

app_name = "advocacy"

urlpatterns = [
    path("", views.initiatives, name="list"),
    path("new/", views.initiative_new, name="new"),
    path("new/from-proposal/<int:pk>/", views.initiative_from_proposal, name="from_proposal"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("consultations/", views.consultations, name="consultations"),
    path(
        "consultations/feed/",
        cached_response("advocacy:feed", domains=FEED_DOMAINS)(feeds.ConsultationFeed()),
        name="feed",
    ),
    path(
        "consultations/deadlines.ics",
        cached_response(
            "advocacy:deadlines",
            domains=FEED_DOMAINS,
            changes_at=feeds.deadlines_change_at,
        )(feeds.deadlines),
        name="deadlines",
    ),
    path("consultations/alerts/", views.consultation_alerts, name="alerts"),
    path("consultations/alerts/stop/", views.consultation_alerts_stop, name="alerts_stop"),
    path("consultations/alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("consultations/<slug:slug>/", views.consultation, name="consultation"),
    path("<slug:slug>/", views.initiative_detail, name="detail"),
    path("<slug:slug>/edit/", views.initiative_edit, name="edit"),
    path("<slug:slug>/status/", views.status_change, name="status"),
    path("<slug:slug>/supporters/", views.supporters, name="supporters"),
    path(
        "<slug:slug>/supporters/<int:pk>/remove/", views.supporter_delete, name="supporter_remove"
    ),
    path("<slug:slug>/actions/add/", views.action_add, name="action_add"),
    path("<slug:slug>/actions/<int:pk>/documents/add/", views.document_add, name="document_add"),
    path("<slug:slug>/submissions/add/", views.submission_add, name="submission_add"),
    path("<slug:slug>/submissions/<int:pk>/", views.submission_response, name="submission"),
]
