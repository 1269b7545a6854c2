from django.urls import path

from . import views

app_name = "screening"
urlpatterns = [
    path("personen/<int:pk>/vragenlijst/", views.administer, name="administer"),
    path("personen/<int:pk>/clientmodus/", views.client_start, name="client_start"),
    path("clientmodus/", views.client_form, name="client_form"),
    path("clientmodus/afsluiten/", views.client_exit, name="client_exit"),
    path("gezinnen/<int:pk>/intake/", views.intake, name="intake"),
]
