from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("indicators/<id:indicator>/", views.figure_rows, name="rows"),
    path("ask/", views.report_ask, name="ask"),
    path("<id:pk>/render/", views.report_render, name="render"),
    path("<id:pk>/report.xlsx", views.report_spreadsheet, name="xlsx"),
]
