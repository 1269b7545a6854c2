"""No user enumeration (issue 3, item 2): an unknown username and a wrong password get
the same answer, and both run the password hasher (so they take about as long)."""

import re

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse

from .helpers import post_password


class CountingHasher(MD5PasswordHasher):
    """MD5 for speed; counts every hash computed (verify() computes one too)."""

    algorithm = "counting_md5"
    computed = 0

    def encode(self, password, salt):
        type(self).computed += 1
        return super().encode(password, salt)


def _error_text(response) -> str:
    html = response.content.decode()
    return re.search(r'class="form-errors" role="alert">(.*?)</div>', html, re.S).group(1)


def test_unknown_user_and_wrong_password_get_the_same_answer(world, client):
    wrong_password = post_password(client, world.family_worker.username, "not-the-password")
    unknown_user = post_password(client, "bestaat-niet", "not-the-password")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert _error_text(wrong_password) == _error_text(unknown_user)


def test_the_api_gives_the_same_answer_too(world, client):
    url = reverse("api_v1:token")
    wrong_password = client.post(url, {"username": world.family_worker.username,
                                       "password": "not-the-password"})
    unknown_user = client.post(url, {"username": "bestaat-niet", "password": "x"})
    assert wrong_password.status_code == unknown_user.status_code == 400
    assert wrong_password.json() == unknown_user.json()


@pytest.mark.parametrize("endpoint", ["form", "api"])
def test_unknown_user_and_wrong_password_both_run_the_hasher(world, client, settings,
                                                             endpoint):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    world.family_worker.set_password("the-right-password")
    world.family_worker.save()

    def attempt(username):
        CountingHasher.computed = 0
        if endpoint == "form":
            post_password(client, username, "not-the-password")
        else:
            client.post(reverse("api_v1:token"),
                        {"username": username, "password": "not-the-password"})
        return CountingHasher.computed

    wrong_password = attempt(world.family_worker.username)
    unknown_user = attempt("bestaat-niet")
    assert wrong_password >= 1
    assert unknown_user == wrong_password
