from django.urls import path

from . import views

app_name = "outcomes"
urlpatterns = [
    path("metingen/", views.measurements, name="measurements"),
    path("personen/<int:pk>/voortgang/", views.person, name="person"),
    path("personen/<int:pk>/voortgang.svg", views.person_chart, name="person_chart"),
    path("effecten/", views.dashboard, name="dashboard"),
    path("effecten/rapport/", views.report, name="report"),
    path("effecten/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("onderzoeksexports/", views.exports, name="exports"),
    path("onderzoeksexports/download/", views.export_download, name="export_download"),
]
