"""`reauthentication_required` (bloem/accounts/reauth.py) for sensitive actions."""

import time

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.core.exceptions import ReauthenticationRequired
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from bloem.accounts.reauth import reauthentication_required


@reauthentication_required
def export(request):
    return HttpResponse("exported")


@reauthentication_required(allow_get=True)
def reveal(request):
    return HttpResponse("revealed")


def _request(worker, method="post"):
    request = getattr(RequestFactory(), method)("/")
    request.session = SessionStore()
    request.user = worker
    return request


def test_a_sensitive_action_asks_to_confirm_the_password(world):
    with pytest.raises(ReauthenticationRequired):
        export(_request(world.family_worker))


def test_a_fresh_confirmation_lets_it_through(world):
    request = _request(world.family_worker)
    record_authentication(request, world.family_worker, method="password",
                          reauthenticated=True)
    assert export(request).content == b"exported"


def test_an_old_confirmation_does_not(world, settings):
    request = _request(world.family_worker)
    record_authentication(request, world.family_worker, method="password",
                          reauthenticated=True)
    records = request.session["account_authentication_methods"]
    records[-1]["at"] = time.time() - settings.ACCOUNT_REAUTHENTICATION_TIMEOUT - 1
    with pytest.raises(ReauthenticationRequired):
        export(request)


def test_allow_get_guards_only_the_change(world):
    assert reveal(_request(world.family_worker, "get")).content == b"revealed"
    with pytest.raises(ReauthenticationRequired):
        reveal(_request(world.family_worker))


def test_through_the_middleware_the_worker_is_sent_to_confirm(world, client):
    client.force_login(world.family_worker)  # logged in, but not just now
    # The allauth page that changing a factor uses is guarded the same way.
    response = client.get(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'name="password"' in page.content.decode()
