from django.urls import path

from . import views

app_name = "interop"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/importeren/", views.confirm, name="confirm"),
]
