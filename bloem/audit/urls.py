from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.search, name="search"),
    path("inzage/", views.person_search, name="person_search"),
    path("inzage/<int:pk>/", views.person_report, name="person_report"),
    path("noodtoegang/", views.emergency_accesses, name="emergency_accesses"),
]
