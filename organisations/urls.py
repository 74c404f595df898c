from django.urls import path

from hub.cache import cached_page

from . import views

app_name = "organisations"

# Fixed paths come before "<slug>/"; services.RESERVED_SLUGS keeps slugs from shadowing them.
urlpatterns = [
    path("", cached_page("organisations:list")(views.organisation_list), name="list"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
    path("datapackage.json", views.datapackage_json, name="datapackage"),
    path("open-data/", views.open_data, name="open_data"),
    path("my/", views.dashboard, name="dashboard"),
    path("register/", views.register, name="register"),
    path("join/", views.join, name="join"),
    path("invitations/<token:token>/", views.invitation, name="invitation"),
    path("claim/<str:token>/", views.claim, name="claim"),
    path(
        "requests/<int:pk>/withdraw/",
        views.join_request_withdraw_view,
        name="join_request_withdraw",
    ),
    path(
        "<slug:slug>/",
        cached_page("organisations:detail")(views.organisation_detail),
        name="detail",
    ),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/confirm/", views.confirm, name="confirm"),
    path("<slug:slug>/confirm/<token:token>/", views.confirm_link, name="confirm_link"),
    path("<slug:slug>/join/", views.join_request, name="join_request"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/people/", views.people, name="people"),
    path("<slug:slug>/people/invite/", views.invite, name="invite"),
    path("<slug:slug>/people/<int:pk>/role/", views.membership_role, name="membership_role"),
    path(
        "<slug:slug>/people/<int:pk>/remove/",
        views.membership_remove_view,
        name="membership_remove",
    ),
    path(
        "<slug:slug>/invitations/<int:pk>/revoke/",
        views.invitation_revoke_view,
        name="invitation_revoke",
    ),
    path(
        "<slug:slug>/requests/<int:pk>/approve/",
        views.join_request_decide,
        {"decision": "approve"},
        name="join_request_approve",
    ),
    path(
        "<slug:slug>/requests/<int:pk>/decline/",
        views.join_request_decide,
        {"decision": "decline"},
        name="join_request_decline",
    ),
]
