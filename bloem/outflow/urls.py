from django.urls import path

from . import views

app_name = "outflow"
urlpatterns = [
    path("gezin/<int:pk>/", views.family, name="family"),
    path("gezin/<int:pk>/vastleggen/", views.record, name="record"),
    path("gezin/<int:pk>/doorlopende-hulp/", views.help_add, name="help_add"),
    path("gezin/<int:pk>/overgedragen/", views.help_handed_over, name="help_handed_over"),
    path("gezin/<int:pk>/afsluiten/", views.close, name="close"),
    path("gezin/<int:pk>/overdracht/", views.handover_new, name="handover_new"),
    path("overdracht/<int:pk>/", views.handover, name="handover"),
    path("overdracht/<int:pk>/toestemming/", views.handover_consent, name="handover_consent"),
    path("overdracht/<int:pk>/delen/", views.handover_share, name="handover_share"),
    path("overdracht/<int:pk>/pdf/", views.handover_pdf, name="handover_pdf"),
    path("overdracht/<int:pk>/fhir/", views.handover_fhir, name="handover_fhir"),
    path("overdracht/<int:pk>/opvolging/", views.follow_up, name="follow_up"),
]
