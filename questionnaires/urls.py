from django.urls import path

from . import views

app_name = "questionnaires"

urlpatterns = [
    path("answer/<token:token>/", views.answer, name="answer"),
    path("answer/<token:token>/delete/", views.answer_delete, name="answer_delete"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/answers.<str:fmt>", views.export, name="export"),
    path("organisation/<slug:slug>/", views.organisation_scores, name="organisation_scores"),
]
