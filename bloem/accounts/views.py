"""Login, logout and the session keep-alive. The login and logout pages are allauth's;
Bloem's URL names `login` and `logout` point at these thin subclasses so that the rest
of Bloem (and the authorization matrix) keeps one name for each."""

from allauth.account.views import LoginView as AllauthLoginView
from allauth.account.views import LogoutView as AllauthLogoutView
from allauth.usersessions.internal.flows.sessions import end_sessions
from allauth.usersessions.models import UserSession
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import sessions


class LoginView(AllauthLoginView):
    """Username and password, then the second factor (allauth's login stages)."""


class LogoutView(AllauthLogoutView):
    """POST only. With `everywhere` in the form, every session of the worker ends,
    on every device ("log out everywhere"), not only this one."""

    http_method_names = ["post"]

    def post(self, *args, **kwargs):
        request = self.request
        if request.POST.get("everywhere") and request.user.is_authenticated:
            others = UserSession.objects.filter(user_id=request.user.pk).exclude(
                session_key=request.session.session_key)
            end_sessions(request, list(others))
        return super().post(*args, **kwargs)


@never_cache
@require_http_methods(["GET", "POST"])
def session_status(request: HttpRequest) -> JsonResponse:
    """For static/js/session-timeout.js. GET tells how many seconds the session has left
    without counting as activity; POST ("stay logged in") counts as activity."""
    if not request.user.is_authenticated:
        return JsonResponse({"authenticated": False, "seconds_left": 0}, status=401)
    if request.method == "POST":
        sessions.touch(request, force=True)
    return JsonResponse({"authenticated": True, "seconds_left": sessions.seconds_left(request)})
