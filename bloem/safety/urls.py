from django.urls import path

from . import views

app_name = "safety"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("gezin/<int:pk>/", views.family, name="family"),
    path("gezin/<int:pk>/taxatie/", views.assess, name="assess"),
    path("gezin/<int:pk>/meldingen-gezien/", views.alerts_seen, name="alerts_seen"),
    path("gezin/<int:pk>/plan/bespreking/", views.plan_review, name="plan_review"),
    path("gezin/<int:pk>/plan/afspraak/", views.agreement_add, name="agreement_add"),
    path("gezin/<int:pk>/plan/afspraak-beeindigen/", views.agreement_end, name="agreement_end"),
    path("gezin/<int:pk>/plan/contact/", views.contact_add, name="contact_add"),
    path("gezin/<int:pk>/plan/maatregel/", views.measure_add, name="measure_add"),
    path("gezin/<int:pk>/plan/maatregel-opvolgen/", views.measure_follow_up,
         name="measure_follow_up"),
    path("gezin/<int:pk>/plan/pdf/", views.plan_pdf, name="plan_pdf"),
    path("gezin/<int:pk>/meldcode/", views.meldcode_open, name="meldcode_open"),
    path("meldcode/<int:pk>/", views.meldcode, name="meldcode"),
    path("meldcode/<int:pk>/overleg/", views.meldcode_consult, name="meldcode_consult"),
    path("meldcode/<int:pk>/gesprek/", views.meldcode_talk, name="meldcode_talk"),
    path("meldcode/<int:pk>/afweging/", views.meldcode_weigh, name="meldcode_weigh"),
    path("meldcode/<int:pk>/besluit/", views.meldcode_decide, name="meldcode_decide"),
]
