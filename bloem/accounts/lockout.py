"""The answer to a locked-out login (django-axes, settings.AXES_LOCKOUT_CALLABLE): the
lockout page for the browser, JSON for the API. It never tells whether the username
exists: axes counts failures for unknown usernames in the same way."""

from allauth.account.adapter import get_adapter as get_account_adapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return ngettext(
        "Too many failed login attempts. Logging in with this username is blocked for "
        "%(minutes)d minute. Try again later, or ask the application administrator to "
        "unblock it.",
        "Too many failed login attempts. Logging in with this username is blocked for "
        "%(minutes)d minutes. Try again later, or ask the application administrator to "
        "unblock it.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request: HttpRequest, original_response=None,
                     credentials: dict | None = None) -> HttpResponse:
    status = settings.AXES_HTTP_RESPONSE_CODE
    match = getattr(request, "resolver_match", None)
    if match is not None and any(ns.startswith("api") for ns in match.namespaces):
        return JsonResponse({"detail": lockout_message()}, status=status)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, {
        "lockout_message": lockout_message(),
        "title": _("Login blocked"),
    }, status=status)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as allauth sees it (settings.AXES_CLIENT_IP_CALLABLE), so
    that axes and allauth agree behind a reverse proxy: with BLOEM_TRUSTED_PROXY_COUNT
    (ALLAUTH_TRUSTED_PROXY_COUNT) set, taken from X-Forwarded-For, else REMOTE_ADDR."""
    try:
        return get_account_adapter().get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return request.META.get("REMOTE_ADDR")
