"""Brute force (issue 3, item 2): django-axes locks a username after 5 failed passwords
within 15 minutes, on the login form and on the API token endpoint; the administrator
can unblock it."""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.urls import reverse

from bloem.accounts.mfa import enrol_totp
from bloem.accounts.models import Worker

from .helpers import PASSWORD, TEST_TOTP_SECRET, log_in, post_password

WRONG = "not-the-password"


def _fail(client, username: str, times: int):
    return [post_password(client, username, WRONG) for _ in range(times)]


def test_the_settings_lock_after_5_failures_in_15_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", ["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0].startswith("axes.")


def test_four_failures_still_allow_the_right_password(world, client):
    responses = _fail(client, world.family_worker.username, 4)
    assert all(r.status_code == 200 for r in responses)
    response = post_password(client, world.family_worker.username)
    assert response["Location"] == reverse("mfa_authenticate")


def test_the_fifth_failure_locks_and_then_the_right_password_is_refused(world, client):
    responses = _fail(client, world.family_worker.username, 5)
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    response = post_password(client, world.family_worker.username, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "role=\"alert\"" in html and "15" in html
    assert 'class="site-header"' in html
    assert "_auth_user_id" not in client.session
    assert client.session.get("account_login") is None  # no second-factor step either


def test_the_lock_holds_from_another_address(world, client):
    _fail(client, world.family_worker.username, 5)
    response = post_password(client, world.family_worker.username, REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 429


def test_the_lock_is_per_username(world, client):
    _fail(client, world.family_worker.username, 5)
    response = post_password(client, world.team_manager.username)
    assert response["Location"] == reverse("mfa_authenticate")


def test_unknown_usernames_are_locked_the_same_way(db, client):
    responses = _fail(client, "bestaat-niet", 5)
    assert responses[-1].status_code == 429


def test_unblocking_clears_the_lock(world, client):
    _fail(client, world.family_worker.username, 5)
    assert AccessAttempt.objects.filter(username=world.family_worker.username).exists()
    reset(username=world.family_worker.username)
    log_in(client, world.family_worker, TEST_TOTP_SECRET)


def test_the_administrator_unblocks_in_the_admin(world, client):
    _fail(client, world.family_worker.username, 5)
    superuser = Worker.objects.create_superuser("root", password=PASSWORD)
    enrol_totp([superuser], secret=TEST_TOTP_SECRET)
    admin = client.__class__()
    admin.force_login(superuser)
    changelist = reverse("admin:axes_accessattempt_changelist")
    response = admin.get(changelist)
    assert response.status_code == 200
    assert world.family_worker.username in response.content.decode()
    attempts = AccessAttempt.objects.filter(username=world.family_worker.username)
    response = admin.post(changelist, {
        "action": "delete_selected", "post": "yes",
        "_selected_action": list(attempts.values_list("pk", flat=True))})
    assert response.status_code == 302
    assert not attempts.exists()
    log_in(client, world.family_worker, TEST_TOTP_SECRET)


def test_the_application_administrator_role_may_unblock_too(world, client_for):
    Worker.objects.filter(pk=world.administrator.pk).update(is_staff=True)
    world.administrator.refresh_from_db()
    client = client_for(world.administrator)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
    assert client.get(reverse("admin:mfa_authenticator_changelist")).status_code == 200


def test_the_api_token_endpoint_is_locked_by_axes(world, client):
    url = reverse("api_v1:token")
    username = world.family_worker.username
    for _ in range(4):
        response = client.post(url, {"username": username, "password": WRONG})
        assert response.status_code == 400
    response = client.post(url, {"username": username, "password": WRONG})
    assert response.status_code == 429
    response = client.post(url, {"username": username, "password": PASSWORD})
    assert response.status_code == 429
    assert "token" not in response.json() and response.json()["detail"]
    # The login form counts the same failures: the username is locked there too.
    assert post_password(client, username).status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_counts(world, client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    _fail(client, world.family_worker.username, 2)
    post_password(client, world.family_worker.username, WRONG,
                  HTTP_X_FORWARDED_FOR="203.0.113.9")
    addresses = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert addresses == {"127.0.0.1", "203.0.113.9"}
