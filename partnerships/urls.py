from django.urls import path

from hub.cache import cached_page

from . import views

app_name = "partnerships"

urlpatterns = [
    path("", cached_page("partnerships:list")(views.partnership_list_view), name="list"),
    path("network/", views.network, name="network"),
    path(
        "<slug:slug>/", cached_page("partnerships:detail")(views.partnership_detail), name="detail"
    ),
    path("<slug:slug>/agreement/", views.agreement_ask, name="agreement"),
    path("<slug:slug>/meetings/add/", views.meeting_add, name="meeting_add"),
    path("<slug:slug>/outcomes/add/", views.outcome_add, name="outcome_add"),
    path("<slug:slug>/partners/<int:pk>/", views.partner_edit, name="partner_edit"),
    path("<slug:slug>/commitments/<int:pk>/", views.commitment_edit, name="commitment_edit"),
]
