from django.urls import path

from . import views

app_name = "consent"
urlpatterns = [
    path("gezin/<int:family_pk>/vastleggen/", views.consent_record, name="record"),
    path("gezin/<int:family_pk>/intrekken/", views.consent_withdraw, name="withdraw"),
    path("gezin/<int:family_pk>/oordeel/", views.consent_decision, name="decision"),
    path("gezin/<int:family_pk>/contact-ex-partner/", views.contact_agreement,
         name="agreement"),
    path("gezin/<int:family_pk>/stabiliteit/", views.stability_judgement, name="stability"),
    path("gezin/<int:family_pk>/informatie/", views.information_shared, name="information"),
]
