"""Every worker has a second factor: without one, every page leads to setting one up
(issue 3, item 1)."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.urls import reverse

from bloem.accounts.adapters import MFAAdapter
from bloem.accounts.mfa import has_second_factor

from .helpers import post_password, totp_code, worker_without_second_factor


@pytest.mark.parametrize("url_name", ["families:list", "families:create", "home",
                                      "usersessions_list", "account_change_password"])
def test_a_worker_without_second_factor_is_sent_to_set_one_up(db, client, url_name):
    client.force_login(worker_without_second_factor())
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_the_api_is_closed_to_a_worker_without_second_factor(db, client):
    client.force_login(worker_without_second_factor())
    response = client.get(reverse("api_v1:family-list"), HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert response.json()["redirect"] == reverse("mfa_activate_totp")


def test_an_htmx_request_is_redirected_by_header(db, client):
    client.force_login(worker_without_second_factor())
    response = client.get(reverse("families:list"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("mfa_activate_totp")


def test_logging_out_stays_possible_without_second_factor(db, client):
    client.force_login(worker_without_second_factor())
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_first_login_leads_to_the_qr_code_without_asking_the_password_again(db, client):
    worker = worker_without_second_factor()
    response = post_password(client, worker.username)
    assert response.status_code == 302  # no second-factor step: there is none yet
    response = client.get(response["Location"])
    assert response["Location"] == reverse("mfa_activate_totp")
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    html = response.content.decode()
    # The QR code is an <img> with a data: URI, which the CSP's img-src allows ...
    assert re.search(r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', html)
    assert "data:" in response["Content-Security-Policy"].split("img-src")[1].split(";")[0]
    # ... and the page has no inline script or style that the CSP would block.
    for script in re.findall(r"<script[^>]*>", html):
        assert "src=" in script or 'type="application/json"' in script, script
    assert "style=" not in html
    assert client.session[SECRET_SESSION_KEY] in html  # the key as text, for typing
    assert 'for="id_code"' in html


def test_activating_the_authenticator_app_opens_bloem(db, client):
    worker = worker_without_second_factor()
    post_password(client, worker.username)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert has_second_factor(worker)
    assert Authenticator.objects.filter(user=worker, type="recovery_codes").exists()
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200
    assert client.get(reverse("families:list")).status_code == 200


def test_a_wrong_code_does_not_activate(db, client):
    worker = worker_without_second_factor()
    post_password(client, worker.username)
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert not has_second_factor(worker)


def test_a_later_change_of_factors_asks_for_the_password_again(world, client):
    client.force_login(world.family_worker)  # enrolled, no fresh confirmation
    response = client.get(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_the_last_authenticator_cannot_be_removed(world):
    totp = Authenticator.objects.get(user=world.family_worker, type="totp")
    adapter = MFAAdapter()
    assert not adapter.can_delete_authenticator(totp)
    Authenticator.objects.create(user=world.family_worker, type="webauthn", data={})
    assert adapter.can_delete_authenticator(totp)


def test_the_totp_secret_is_stored_encrypted(world):
    totp = Authenticator.objects.get(user=world.family_worker, type="totp")
    assert totp.data["secret"].startswith("enc1:")
    codes = Authenticator.objects.get(user=world.family_worker, type="recovery_codes")
    assert codes.data["seed"].startswith("enc1:")
