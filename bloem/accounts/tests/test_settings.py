"""Production settings (bloem/settings/base.py, run as production would): `__Host-`
cookies, and the demo's fixed second factor refused outside demo mode."""

import base64
import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

BASE = Path(__file__).resolve().parents[2] / "settings" / "base.py"


@pytest.fixture
def production(monkeypatch):
    """The environment of a production server (no dev.py defaults)."""
    for name in ("BLOEM_DEMO_TOTP_SECRET", "BLOEM_WEBAUTHN_INSECURE_ORIGIN",
                 "BLOEM_SECURE_COOKIES", "BLOEM_IDLE_TIMEOUT", "BLOEM_IDLE_WARNING",
                 "BLOEM_BACKUP_KEY", "BLOEM_PSEUDONYM_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BLOEM_SECRET_KEY", "production-secret-" + "y" * 40)
    monkeypatch.setenv("BLOEM_FIELD_KEYS", "k1:" + base64.b64encode(b"k" * 32).decode())
    monkeypatch.setenv("BLOEM_DEMO", "false")
    return monkeypatch


def _settings() -> dict:
    return runpy.run_path(str(BASE))


def test_production_cookies_carry_the_host_prefix(production):
    values = _settings()
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_NAME"] == "__Host-bloem_session"
    assert values["CSRF_COOKIE_NAME"] == "__Host-bloem_csrftoken"
    assert values["LANGUAGE_COOKIE_NAME"].startswith("__Host-")
    assert values["MESSAGE_STORAGE"].endswith("SessionStorage")  # no "messages" cookie
    assert values["SESSION_COOKIE_HTTPONLY"] and values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["SESSION_COOKIE_AGE"] == 8 * 60 * 60
    assert values["SESSION_IDLE_TIMEOUT"] == 15 * 60
    assert values["DEMO_TOTP_SECRET"] == ""


def test_without_secure_cookies_the_names_are_plain(production):
    production.setenv("BLOEM_SECURE_COOKIES", "false")
    values = _settings()
    assert values["SESSION_COOKIE_NAME"] == "bloem_session"
    assert values["CSRF_COOKIE_NAME"] == "bloem_csrftoken"


def test_the_idle_limit_comes_from_the_environment(production):
    production.setenv("BLOEM_IDLE_TIMEOUT", "600")
    assert _settings()["SESSION_IDLE_TIMEOUT"] == 600


@pytest.mark.parametrize("timeout", ["30", "999999"])
def test_an_unusable_idle_limit_is_refused(production, timeout):
    production.setenv("BLOEM_IDLE_TIMEOUT", timeout)
    with pytest.raises(ImproperlyConfigured):
        _settings()


def test_the_demo_totp_secret_is_refused_in_production(production):
    production.setenv("BLOEM_DEMO_TOTP_SECRET", "JBSWY3DPEHPK3PXP")
    with pytest.raises(ImproperlyConfigured, match="BLOEM_DEMO_TOTP_SECRET"):
        _settings()


def test_insecure_webauthn_origins_are_refused_in_production(production):
    production.setenv("BLOEM_WEBAUTHN_INSECURE_ORIGIN", "true")
    with pytest.raises(ImproperlyConfigured):
        _settings()


@pytest.mark.parametrize("secret", ["not base32!", "JBSWY3DP"])
def test_a_bad_demo_totp_secret_is_refused(production, secret):
    production.setenv("BLOEM_DEMO", "true")
    production.setenv("BLOEM_FIELD_KEYS", "dev:" + base64.b64encode(b"d" * 32).decode())
    production.setenv("BLOEM_DEMO_TOTP_SECRET", secret)
    with pytest.raises(ImproperlyConfigured):
        _settings()


def test_the_demo_accepts_its_secret(production):
    production.setenv("BLOEM_DEMO", "true")
    production.setenv("BLOEM_DEMO_TOTP_SECRET", "jbsw y3dp ehpk 3pxp")
    assert _settings()["DEMO_TOTP_SECRET"] == "JBSWY3DPEHPK3PXP"


def test_passwords_stay_argon2_with_12_characters_and_the_common_list(production):
    values = _settings()
    assert values["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")
    validators = {v["NAME"].rsplit(".", 1)[1]: v.get("OPTIONS", {})
                  for v in values["AUTH_PASSWORD_VALIDATORS"]}
    assert validators["MinimumLengthValidator"]["min_length"] >= 12
    assert "CommonPasswordValidator" in validators
    assert values["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"


def test_the_development_backup_key_is_refused_in_production(production):
    production.setenv("BLOEM_BACKUP_KEY", "ZGV2LW9ubHktbm90LXNlY3JldC1ibG9lbS1iYWNrdXA=")
    with pytest.raises(ImproperlyConfigured, match="BLOEM_BACKUP_KEY"):
        _settings()


def test_all_server_processes_share_one_cache(production, tmp_path):
    """A TOTP code is accepted once only, and the rate limits count, only when every
    gunicorn worker sees the same cache: never a per-process memory cache."""
    production.setenv("BLOEM_VAR_DIR", str(tmp_path))
    cache = _settings()["CACHES"]["default"]
    assert cache["BACKEND"].endswith("FileBasedCache")
    assert cache["LOCATION"] == str(tmp_path / "cache")
    production.setenv("BLOEM_CACHE_URL", "redis://cache.internal:6379/1")
    assert _settings()["CACHES"]["default"]["BACKEND"].endswith("RedisCache")


def test_the_development_pseudonym_key_is_refused_in_production(production):
    production.setenv("BLOEM_PSEUDONYM_KEY", "dev:only-not-secret-bloem-pseudonym-key-0001")
    with pytest.raises(ImproperlyConfigured, match="BLOEM_PSEUDONYM_KEY"):
        _settings()
