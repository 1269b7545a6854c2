from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("", views.report, name="report"),
    path("productie.csv", views.export_csv, name="export_csv"),
    path("productie.xlsx", views.export_xlsx, name="export_xlsx"),
    path("gezin/<int:pk>/", views.family, name="family"),
    path("gezin/<int:pk>/gemeente/", views.override, name="override"),
    path("producten/", views.products, name="products"),
    path("maanden/", views.periods, name="periods"),
    path("beschikkingen/", views.budget, name="budget"),
    path("hulp/<int:pk>/registreren/", views.register, name="register"),
]
