"""A worker sees their own sessions and ends them: the others, or all of them ("log out
everywhere") (issue 3, items 1 and 3)."""

from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from .helpers import TEST_TOTP_SECRET, log_in, post_code, post_password


def _device(worker, name: str) -> Client:
    """A real login (allauth records the session), with a recovery code: the
    authenticator app's code is accepted once only."""
    client = Client(HTTP_USER_AGENT=name)
    post_password(client, worker.username)
    codes = Authenticator.objects.get(user=worker, type="recovery_codes").wrap()
    assert post_code(client, codes.get_unused_codes()[0]).status_code == 302
    return client


def _two_devices(worker):
    laptop = Client(HTTP_USER_AGENT="Laptop")
    log_in(laptop, worker, TEST_TOTP_SECRET)
    return laptop, _device(worker, "Phone")


def _logged_in(client) -> bool:
    return client.get(reverse("families:list")).status_code == 200


def test_the_list_shows_this_session_and_the_others(world):
    laptop, phone = _two_devices(world.family_worker)
    html = laptop.get(reverse("usersessions_list")).content.decode()
    assert html.count("<tr data-current-session>") == 1
    assert html.count("<tr") == 3  # header + two sessions
    assert "Laptop" in html and "Phone" in html


def test_the_list_shows_only_ones_own_sessions(world):
    laptop, _ = _two_devices(world.family_worker)
    _device(world.team_manager, "Colleague")
    html = laptop.get(reverse("usersessions_list")).content.decode()
    assert "Colleague" not in html


def test_ending_the_other_sessions_keeps_this_one(world):
    laptop, phone = _two_devices(world.family_worker)
    response = laptop.post(reverse("usersessions_list"))
    assert response.status_code == 302
    assert _logged_in(laptop)
    assert not _logged_in(phone)


def test_log_out_everywhere_ends_every_session(world):
    laptop, phone = _two_devices(world.family_worker)
    colleague = _device(world.team_manager, "Colleague")
    response = laptop.post(reverse("logout"), {"everywhere": "1"})
    assert response.status_code == 302
    assert not _logged_in(laptop)
    assert not _logged_in(phone)
    assert _logged_in(colleague)


def test_the_security_link_is_in_the_header(world, client_for):
    html = client_for(world.family_worker).get(reverse("families:list")).content.decode()
    assert f'href="{reverse("mfa_index")}"' in html
    page = client_for(world.family_worker).get(reverse("mfa_index"))
    assert page.status_code == 200
    assert f'href="{reverse("usersessions_list")}"' in page.content.decode()
