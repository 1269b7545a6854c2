"""Signal receivers, connected in apps.py. Session bookkeeping, nothing else."""

from . import sessions
from .mfa import has_second_factor


def start_session_clocks(sender, request=None, user=None, **kwargs) -> None:
    """At every login: start the idle and absolute clocks, and note whether the worker
    has a second factor already (one query per login instead of one per page) or logged
    in with the password alone to set up the first one."""
    if request is None or not hasattr(request, "session"):
        return
    sessions.start(request)
    if user is not None and has_second_factor(user):
        request.session[sessions.SECOND_FACTOR_OK] = True
    else:
        request.session[sessions.ENROLLING] = True


def recheck_second_factor(sender, request=None, **kwargs) -> None:
    """A removed authenticator: the next request checks again."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(sessions.SECOND_FACTOR_OK, None)
