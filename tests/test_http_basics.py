"""Cross-cutting HTTP behaviour: friendly error pages that leak nothing, no caching of
client data, login required everywhere."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from bloem.core.views import server_error


def test_unknown_family_gets_the_friendly_404_page(world, client_for):
    response = client_for(world.family_worker).get(
        reverse("families:detail", args=[world.foreign_family.pk]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "Traceback" not in html and world.foreign_family.name not in html
    assert 'class="site-header"' in html


def test_a_refused_action_gets_the_friendly_403_page(world, client_for):
    response = client_for(world.child_worker).get(
        reverse("families:phase_decide", args=[world.own_family.pk]))
    assert response.status_code == 403
    assert "site-header" in response.content.decode()


def test_client_data_is_never_cached(world, client_for):
    response = client_for(world.family_worker).get(
        reverse("families:detail", args=[world.own_family.pk]))
    assert response["Cache-Control"] == "no-store"


def test_server_error_page_leaks_nothing(world, client_for, settings):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Traceback" not in response.content


@pytest.mark.parametrize("url_name", ["families:list", "families:create", "audit:search"])
def test_pages_require_login(db, client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_dutch_is_the_default_and_english_can_be_chosen(world, client_for):
    client = client_for(world.family_worker)
    assert '<html lang="nl">' in client.get(reverse("families:list")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("families:list")).content.decode()
    assert '<html lang="en">' in html and "My families" in html


def test_pages_carry_a_strict_content_security_policy(world, client_for):
    response = client_for(world.family_worker).get(reverse("families:list"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
