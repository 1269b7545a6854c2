"""Logging in as a person does: the login form, then the second factor."""

import time

from allauth.mfa import app_settings as mfa_settings
from django.urls import reverse

from bloem.accounts.mfa import current_totp_code
from bloem.accounts.models import Worker
from bloem.families.tests.factories import TeamFactory, worker_with_role

PASSWORD = "correct-horse-battery"  # every factory worker's password
# The authenticator-app secret of every persona of conftest.py's `world` (base32).
TEST_TOTP_SECRET = "NBSWY3DPO5XXE3DEEBQWE3DMMU2DKZLP"


def totp_code(secret: str, *, valid_for: float = 2.0) -> str:
    """The authenticator app's current code, taken when it stays valid for at least
    `valid_for` seconds more. Bloem allows no clock tolerance, so a code read at the end of
    its 30 seconds is refused by the time the server checks it: logins in tests failed by
    chance, about once in a few hundred, more often on a loaded machine."""
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < valid_for:
        time.sleep(left + 0.05)
    return current_totp_code(secret)


def post_password(client, username: str, password: str = PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": username, "password": password},
                       **extra)


def post_code(client, code: str):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def log_in(client, worker: Worker, secret: str) -> None:
    """The whole login: password, then the authenticator app's current code."""
    response = post_password(client, worker.username)
    assert response["Location"] == reverse("mfa_authenticate")
    response = post_code(client, totp_code(secret))
    assert response.status_code == 302, response.content.decode()
    assert "_auth_user_id" in client.session


def worker_without_second_factor(username: str = "nieuw", role: str = "family_worker") -> Worker:
    return worker_with_role(username, role, TeamFactory())


def fresh_login(client, worker: Worker):
    """`client` logged in as `worker` who has just confirmed their login, as the
    re-authentication before a sensitive action asks (bloem/accounts/reauth.py)."""
    from allauth.account.internal.flows.login import record_authentication
    from django.test import RequestFactory

    client.force_login(worker)
    request = RequestFactory().get("/")
    request.session, request.user = client.session, worker
    record_authentication(request, worker, method="password", reauthenticated=True)
    request.session.save()
    return client
