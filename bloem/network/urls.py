from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("groei/", views.overview, name="overview"),
    path("behandelaar/nieuw/", views.practitioner_add, name="practitioner_add"),
    path("behandelaar/<int:pk>/", views.practitioner, name="practitioner"),
    path("importeren/", views.import_csv, name="import"),
    path("persoon/<int:pk>/", views.match, name="match"),
]
