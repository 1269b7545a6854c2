from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("gezin/<int:family_pk>/nieuw/", views.helpform_start, name="helpform_start"),
    path("<int:pk>/beeindigen/", views.helpform_end, name="helpform_end"),
    path("<int:pk>/starten/", views.helpform_activate, name="helpform_activate"),
]
