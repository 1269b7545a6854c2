"""Session limits (issue 3, item 3): an idle limit (SESSION_IDLE_TIMEOUT, 15 minutes by
default) and an absolute limit (SESSION_COOKIE_AGE, 8 hours) counted from the login.

Both are enforced on the server by `middleware.SessionTimeoutMiddleware`; the browser only
warns (static/js/session-timeout.js). The session itself holds two Unix timestamps:
when the worker logged in and when the last request arrived. Saving a session makes
Django extend its expiry, so the absolute limit cannot rely on the session's own expiry.
"""

import time

from django.conf import settings
from django.http import HttpRequest

LOGIN_AT = "bloem.login_at"
LAST_ACTIVITY_AT = "bloem.last_activity_at"
SECOND_FACTOR_OK = "bloem.second_factor_ok"
ENROLLING = "bloem.enrolling"  # logged in without a second factor, to set up the first

# The last-activity stamp is rewritten at most this often: a session save per request
# would cost a database write on every page for a few seconds' precision.
ACTIVITY_RESOLUTION = 15


def now() -> float:
    return time.time()


def idle_timeout() -> int:
    return settings.SESSION_IDLE_TIMEOUT


def start(request: HttpRequest) -> None:
    """Called at every login (the `user_logged_in` signal, so Django's `login()`,
    allauth's flow and the test client's `force_login` alike)."""
    stamp = int(now())
    request.session[LOGIN_AT] = stamp
    request.session[LAST_ACTIVITY_AT] = stamp


def expired_reason(request: HttpRequest) -> str | None:
    """"idle" or "absolute" when the authenticated session has run out, else None. A
    session without stamps (started before this code) counts from now."""
    session = request.session
    current = now()
    login_at = session.get(LOGIN_AT)
    last = session.get(LAST_ACTIVITY_AT)
    if login_at is None or last is None:
        start(request)
        return None
    if current - login_at >= settings.SESSION_COOKIE_AGE:
        return "absolute"
    if current - last >= idle_timeout():
        return "idle"
    return None


def touch(request: HttpRequest, *, force: bool = False) -> None:
    """Record activity now (written at most every ACTIVITY_RESOLUTION seconds)."""
    current = int(now())
    last = request.session.get(LAST_ACTIVITY_AT) or 0
    if force or current - last >= ACTIVITY_RESOLUTION:
        request.session[LAST_ACTIVITY_AT] = current


def seconds_left(request: HttpRequest) -> int:
    """Seconds until the session ends by either limit, without touching it."""
    session = request.session
    current = now()
    last = session.get(LAST_ACTIVITY_AT, current)
    login_at = session.get(LOGIN_AT, current)
    left = min(last + idle_timeout() - current, login_at + settings.SESSION_COOKIE_AGE - current)
    return max(0, int(left))
