from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="families:list", permanent=False), name="home"),
    path("inloggen/", auth_views.LoginView.as_view(redirect_authenticated_user=True),
         name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("gezinnen/", include("bloem.families.urls")),
    path("hulp/", include("bloem.catalogue.urls")),
    path("audit/", include("bloem.audit.urls")),
    path("api/v1/", include("bloem.api_v1")),
    path("beheer/", admin.site.urls),
]

handler403 = "bloem.core.views.permission_denied"
handler404 = "bloem.core.views.page_not_found"
handler500 = "bloem.core.views.server_error"
