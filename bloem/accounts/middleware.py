"""Login-related rules that hold on every request (issue 3, items 1 and 3).

- `SessionTimeoutMiddleware`: logs a worker out after SESSION_IDLE_TIMEOUT seconds without
  a request and SESSION_COOKIE_AGE seconds after login, whatever the browser does.
- `SecondFactorRequiredMiddleware`: a worker without an activated second factor (an
  authenticator app or a passkey) can reach only the pages needed to set one up.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import sessions
from .mfa import has_second_factor

# Pages a worker without a second factor may still open: setting one up (allauth asks
# to confirm the password first when the login is not fresh), logging out, the session
# keep-alive and the language switch. Static files never reach Django's views.
ENROLMENT_URL_NAMES = frozenset({
    "mfa_index",
    "mfa_activate_totp",
    "mfa_add_webauthn",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_reauthenticate",
    "account_reauthenticate",
    "account_logout",
    "logout",
    "accounts:session",
    "set_language",
})


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _redirect(request: HttpRequest, url: str, *, status: int = 401) -> HttpResponse:
    """A redirect that also works for htmx and fetch() callers."""
    if _wants_json(request):
        return JsonResponse({"redirect": url}, status=status)
    if request.headers.get("HX-Request") == "true":  # htmx (its middleware runs later)
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            reason = sessions.expired_reason(request)
            if reason is not None:
                return self._log_out(request, reason)
            # The browser's status check (GET) must not count as activity.
            if not (request.method == "GET" and request.path_info == reverse("accounts:session")):
                sessions.touch(request)
        return self.get_response(request)

    def _log_out(self, request: HttpRequest, reason: str) -> HttpResponse:
        path = request.get_full_path() if request.method == "GET" else ""
        logout(request)
        if reason == "idle":
            minutes = max(1, settings.SESSION_IDLE_TIMEOUT // 60)
            text = ngettext(
                "You were logged out after %(minutes)d minute without activity. "
                "Please log in again.",
                "You were logged out after %(minutes)d minutes without activity. "
                "Please log in again.",
                minutes,
            ) % {"minutes": minutes}
        else:
            hours = max(1, settings.SESSION_COOKIE_AGE // 3600)
            text = ngettext(
                "Your session ended: you were logged in for %(hours)d hour. "
                "Please log in again.",
                "Your session ended: you were logged in for %(hours)d hours. "
                "Please log in again.",
                hours,
            ) % {"hours": hours}
        messages.warning(request, text)
        url = resolve_url(settings.LOGIN_URL)
        if path and not _wants_json(request):
            url = f"{url}?{urlencode({REDIRECT_FIELD_NAME: path})}"
        return _redirect(request, url)


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.session.get(sessions.SECOND_FACTOR_OK):
            return None
        if has_second_factor(user):
            # Remembered for this session: one query per login, not per page.
            request.session[sessions.SECOND_FACTOR_OK] = True
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ENROLMENT_URL_NAMES:
            return None
        messages.info(request, _(
            "Bloem holds sensitive data: set up a second factor before you continue."
        ))
        return _redirect(request, reverse("mfa_activate_totp"), status=403)
