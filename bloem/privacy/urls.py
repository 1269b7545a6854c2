from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("bewaring/", views.legal_holds, name="legal_holds"),
    path("inzage/<int:person_id>/export.json", views.export_json, name="export_json"),
    path("inzage/<int:person_id>/export.pdf", views.export_pdf, name="export_pdf"),
]
