from django.urls import path

from hub.cache import cached_page

from .views import claims, directory, joining, open_data, people, profile

app_name = "organisations"

# Fixed paths come before "<slug>/"; services.profile.RESERVED_SLUGS keeps slugs from shadowing them.
urlpatterns = [
    path("", cached_page("organisations:list")(directory.organisation_list), name="list"),
    path("export.csv", open_data.export_csv, name="export_csv"),
    path("export.json", open_data.export_json, name="export_json"),
    path("datapackage.json", open_data.datapackage_json, name="datapackage"),
    path("open-data/", open_data.open_data, name="open_data"),
    path("my/", joining.dashboard, name="dashboard"),
    path("register/", profile.register, name="register"),
    path("join/", joining.join, name="join"),
    path("invitations/<token:token>/", joining.invitation, name="invitation"),
    path("claim/<str:token>/", claims.claim, name="claim"),
    path(
        "requests/<int:pk>/withdraw/",
        joining.join_request_withdraw_view,
        name="join_request_withdraw",
    ),
    path(
        "<slug:slug>/",
        cached_page("organisations:detail")(directory.organisation_detail),
        name="detail",
    ),
    path("<slug:slug>/edit/", profile.edit, name="edit"),
    path("<slug:slug>/confirm/", profile.confirm, name="confirm"),
    path("<slug:slug>/confirm/<token:token>/", profile.confirm_link, name="confirm_link"),
    path("<slug:slug>/join/", joining.join_request, name="join_request"),
    path("<slug:slug>/leave/", people.leave, name="leave"),
    path("<slug:slug>/people/", people.people, name="people"),
    path("<slug:slug>/people/invite/", people.invite, name="invite"),
    path("<slug:slug>/people/<int:pk>/role/", people.membership_role, name="membership_role"),
    path(
        "<slug:slug>/people/<int:pk>/remove/",
        people.membership_remove_view,
        name="membership_remove",
    ),
    path(
        "<slug:slug>/invitations/<int:pk>/revoke/",
        people.invitation_revoke_view,
        name="invitation_revoke",
    ),
    path(
        "<slug:slug>/requests/<int:pk>/approve/",
        people.join_request_decide,
        {"decision": "approve"},
        name="join_request_approve",
    ),
    path(
        "<slug:slug>/requests/<int:pk>/decline/",
        people.join_request_decide,
        {"decision": "decline"},
        name="join_request_decline",
    ),
]
