"""Sessions (issue 3, item 3): logged out after 15 minutes without a request and 8 hours
after login, on the server; the browser's keep-alive endpoint."""

from urllib.parse import quote

from django.conf import settings
from django.urls import reverse

from bloem.accounts import sessions


def _shift(client, **seconds_ago) -> None:
    """Move the session's clocks back: LOGIN_AT / LAST_ACTIVITY_AT by n seconds."""
    session = client.session
    now = int(sessions.now())
    for key, ago in seconds_ago.items():
        session[getattr(sessions, key)] = now - ago
    session.save()


def test_the_idle_limit_is_15_minutes_and_configurable():
    assert settings.SESSION_IDLE_TIMEOUT == 15 * 60  # BLOEM_IDLE_TIMEOUT
    assert settings.SESSION_IDLE_WARNING == 2 * 60
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_idle_for_just_under_the_limit_stays_logged_in(world, client_for):
    client = client_for(world.family_worker)
    _shift(client, LAST_ACTIVITY_AT=settings.SESSION_IDLE_TIMEOUT - 30)
    assert client.get(reverse("families:list")).status_code == 200
    # ... and that request counted as activity.
    assert sessions.now() - client.session[sessions.LAST_ACTIVITY_AT] < 5


def test_idle_past_the_limit_logs_out_with_a_message(world, client_for):
    client = client_for(world.family_worker)
    _shift(client, LAST_ACTIVITY_AT=settings.SESSION_IDLE_TIMEOUT + 1)
    url = reverse("families:list")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={quote(url, safe='')}"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "15" in page.content.decode()  # "logged out after 15 minutes without activity"
    assert 'class="message message--warning"' in page.content.decode()
    # The old session is gone: the next request is anonymous.
    assert client.get(url)["Location"].startswith(reverse("account_login"))


def test_the_absolute_limit_ends_an_active_session(world, client_for):
    client = client_for(world.family_worker)
    _shift(client, LOGIN_AT=settings.SESSION_COOKIE_AGE + 1, LAST_ACTIVITY_AT=10)
    response = client.get(reverse("families:list"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_htmx_request_after_the_limit_is_sent_to_the_login_page(world, client_for):
    client = client_for(world.family_worker)
    _shift(client, LAST_ACTIVITY_AT=settings.SESSION_IDLE_TIMEOUT + 1)
    response = client.get(reverse("families:list"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(reverse("account_login"))


def test_the_status_check_does_not_count_as_activity(world, client_for):
    client = client_for(world.family_worker)
    _shift(client, LAST_ACTIVITY_AT=300)
    response = client.get(reverse("accounts:session"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    left = response.json()["seconds_left"]
    assert settings.SESSION_IDLE_TIMEOUT - 310 <= left <= settings.SESSION_IDLE_TIMEOUT - 300
    assert sessions.now() - client.session[sessions.LAST_ACTIVITY_AT] >= 300


def test_stay_logged_in_counts_as_activity(world, client_for):
    client = client_for(world.family_worker)
    _shift(client, LAST_ACTIVITY_AT=300)
    response = client.post(reverse("accounts:session"), HTTP_ACCEPT="application/json")
    assert response.json()["seconds_left"] >= settings.SESSION_IDLE_TIMEOUT - 5


def test_the_status_check_after_the_limit_answers_401(world, client_for):
    client = client_for(world.family_worker)
    _shift(client, LAST_ACTIVITY_AT=settings.SESSION_IDLE_TIMEOUT + 1)
    response = client.get(reverse("accounts:session"), HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json()["redirect"] == reverse("account_login")


def test_pages_carry_the_idle_limit_for_the_warning(world, client_for):
    html = client_for(world.family_worker).get(reverse("families:list")).content.decode()
    assert f'data-idle-timeout="{settings.SESSION_IDLE_TIMEOUT}"' in html
    assert f'data-idle-warning="{settings.SESSION_IDLE_WARNING}"' in html
    assert 'role="alertdialog"' in html and "js/session-timeout.js" in html


def test_the_login_page_has_no_idle_warning(db, client):
    html = client.get(reverse("account_login")).content.decode()
    assert "data-idle-timeout" not in html and "session-timeout.js" not in html
