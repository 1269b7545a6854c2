"""Logging in as a person does: the login form, then the second factor."""

from django.urls import reverse

from bloem.accounts.mfa import current_totp_code
from bloem.accounts.models import Worker
from bloem.families.tests.factories import TeamFactory, worker_with_role

PASSWORD = "correct-horse-battery"  # every factory worker's password
# The authenticator-app secret of every persona of conftest.py's `world` (base32).
TEST_TOTP_SECRET = "NBSWY3DPO5XXE3DEEBQWE3DMMU2DKZLP"


def post_password(client, username: str, password: str = PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": username, "password": password},
                       **extra)


def post_code(client, code: str):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def log_in(client, worker: Worker, secret: str) -> None:
    """The whole login: password, then the authenticator app's current code."""
    response = post_password(client, worker.username)
    assert response["Location"] == reverse("mfa_authenticate")
    response = post_code(client, current_totp_code(secret))
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
