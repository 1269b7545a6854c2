from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from bloem.accounts import views as account_views

# The admin has no login form of its own: it sends to Bloem's login (password and second
# factor, django-axes) instead of Django's password-only admin login.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="families:list", permanent=False), name="home"),
    # allauth's login and logout pages under Bloem's own names, ahead of allauth's URLs
    # (account_login and account_logout resolve to the same paths).
    path("account/login/", account_views.LoginView.as_view(), name="login"),
    path("account/logout/", account_views.LogoutView.as_view(), name="logout"),
    path("account/", include("bloem.accounts.urls")),
    # django-allauth: second factors (/account/2fa/), sessions (/account/sessions/),
    # password change and re-authentication. Signup is closed (accounts/adapters.py).
    path("account/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("gezinnen/", include("bloem.families.urls")),
    path("hulp/", include("bloem.catalogue.urls")),
    path("toestemming/", include("bloem.consent.urls")),
    path("veiligheid/", include("bloem.safety.urls")),
    path("werklijst/", include("bloem.planning.urls")),
    path("audit/", include("bloem.audit.urls")),
    path("privacy/", include("bloem.privacy.urls")),
    path("screening/", include("bloem.screening.urls")),
    path("uitkomsten/", include("bloem.outcomes.urls")),
    path("programmas/", include("bloem.programmes.urls")),
    path("financien/", include("bloem.finance.urls")),
    path("uitstroom/", include("bloem.outflow.urls")),
    path("overdracht-importeren/", include("bloem.interop.urls")),
    path("netwerk/", include("bloem.network.urls")),
    path("api/v1/", include("bloem.api_v1")),
    path("beheer/", admin.site.urls),
]

handler403 = "bloem.core.views.permission_denied"
handler404 = "bloem.core.views.page_not_found"
handler500 = "bloem.core.views.server_error"
