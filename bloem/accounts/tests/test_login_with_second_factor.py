"""Login: username and password, then a second factor (issue 3, item 1)."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from bloem.accounts.models import Worker

from .helpers import TEST_TOTP_SECRET, log_in, post_code, post_password, totp_code


def _is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_password_alone_does_not_log_in_but_asks_for_the_code(world, client):
    response = post_password(client, world.family_worker.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not _is_logged_in(client)
    assert client.get(reverse("families:list")).status_code == 302


def test_password_then_the_authenticator_code_logs_in(world, client):
    post_password(client, world.family_worker.username)
    response = post_code(client, totp_code(TEST_TOTP_SECRET))
    assert response.status_code == 302
    assert response["Location"] == reverse("families:list")
    assert client.get(reverse("families:list")).status_code == 200


def test_a_wrong_code_is_refused(world, client):
    post_password(client, world.family_worker.username)
    right = totp_code(TEST_TOTP_SECRET)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = post_code(client, wrong)
    assert response.status_code == 200
    assert not _is_logged_in(client)
    assert 'class="form-errors" role="alert"' in response.content.decode() or \
        "field__error" in response.content.decode()


def test_a_code_of_another_secret_is_refused(world, client):
    post_password(client, world.family_worker.username)
    response = post_code(client, totp_code("JBSWY3DPEHPK3PXP"))
    assert response.status_code == 200
    assert not _is_logged_in(client)


def test_a_recovery_code_logs_in_once(world, client):
    authenticator = Authenticator.objects.get(
        user=world.family_worker, type=Authenticator.Type.RECOVERY_CODES)
    code = RecoveryCodes(authenticator).get_unused_codes()[0]

    post_password(client, world.family_worker.username)
    assert post_code(client, code).status_code == 302
    assert _is_logged_in(client)

    client.post(reverse("account_logout"))
    post_password(client, world.family_worker.username)
    response = post_code(client, code)
    assert response.status_code == 200
    assert not _is_logged_in(client)


def test_the_login_page_offers_no_signup_and_no_remember_me(db, client):
    html = client.get(reverse("login")).content.decode()
    assert 'name="login"' in html and 'name="password"' in html
    assert 'for="id_login"' in html and 'for="id_password"' in html  # labelled fields
    assert reverse("account_signup") not in html
    assert 'name="remember"' not in html
    assert 'class="site-header"' in html  # Bloem's own page around allauth's form


def test_signup_is_closed(db, client):
    response = client.post(reverse("account_signup"), {
        "username": "indringer", "password1": "een-lang-wachtwoord-1", "password2":
        "een-lang-wachtwoord-1"})
    assert response.status_code == 200
    assert not Worker.objects.filter(username="indringer").exists()


def test_the_admin_login_is_bloems_login(db, client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_names_login_and_logout_are_allauths_pages(db):
    assert reverse("login") == reverse("account_login")
    assert reverse("logout") == reverse("account_logout")


def test_logout_only_answers_post(world, client_for):
    client = client_for(world.family_worker)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert not _is_logged_in(client)



def test_every_persona_logs_in_with_password_and_code(world, client):
    log_in(client, world.team_manager, TEST_TOTP_SECRET)
    assert client.get(reverse("families:list")).status_code == 200
