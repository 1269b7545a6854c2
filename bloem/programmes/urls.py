from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("groepen/", views.overview, name="overview"),
    path("groepen/nieuw/", views.run_plan, name="run_plan"),
    path("groepen/<int:run_pk>/", views.run_detail, name="run"),
    path("groepen/<int:run_pk>/afronden/", views.enrolment_end, name="enrolment_end"),
    path("sessies/<int:session_pk>/aanwezigheid/", views.attendance, name="attendance"),
    path("agenda/", views.calendar_token, name="calendar_token"),
    path("agenda/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("gezin/<int:family_pk>/groep/", views.enrol, name="enrol"),
    path("gezin/<int:family_pk>/nika/", views.nika_start, name="nika_start"),
    path("gezin/<int:family_pk>/nika/sessie/", views.nika_session, name="nika_session"),
    path("gezin/<int:family_pk>/nika/oordeel/", views.nika_judge, name="nika_judge"),
    path("gezin/<int:family_pk>/trauma/", views.trauma_start, name="trauma_start"),
    path("gezin/<int:family_pk>/trauma/sessie/", views.trauma_session, name="trauma_session"),
    path("gezin/<int:family_pk>/omgang/", views.contact_plan, name="contact_plan"),
    path("gezin/<int:family_pk>/omgang/verslag/", views.contact_report, name="contact_report"),
    path("gezin/<int:family_pk>/school/", views.school, name="school"),
    path("gezin/<int:family_pk>/school/advies/", views.advice, name="advice"),
    path("persoon/<int:person_pk>/hulp/", views.timeline, name="timeline"),
]
