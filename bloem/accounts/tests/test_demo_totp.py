"""The demo logins' fixed second factor (bloem/accounts/mfa.py)."""

import base64
import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from bloem.accounts import mfa
from bloem.accounts.mfa import current_totp_code, enrol_demo_totp, verify_second_factor

from .helpers import log_in, totp_code, worker_without_second_factor


@pytest.fixture
def newcomers(db):
    return [worker_without_second_factor(f"demo{i}") for i in range(3)]


def test_the_demo_secret_comes_from_the_settings(settings):
    assert mfa.DEMO_TOTP_SECRET == settings.DEMO_TOTP_SECRET == "JBSWY3DPEHPK3PXP"


def test_demo_workers_log_in_with_the_demo_secret(newcomers, client):
    assert enrol_demo_totp(newcomers) == 3
    log_in(client, newcomers[0], mfa.DEMO_TOTP_SECRET)
    assert client.get(reverse("families:list")).status_code == 200


def test_enrolment_is_bulk_and_idempotent(newcomers, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        enrol_demo_totp(newcomers)
    assert enrol_demo_totp(newcomers) == 0
    assert Authenticator.objects.filter(user__in=newcomers).count() == 6  # TOTP + codes


def test_the_secret_is_stored_as_allauth_reads_it(newcomers):
    enrol_demo_totp(newcomers[:1])
    authenticator = Authenticator.objects.get(user=newcomers[0], type="totp")
    assert "JBSWY3DPEHPK3PXP" not in str(authenticator.data)  # encrypted at rest
    assert TOTP(authenticator).validate_code(totp_code("JBSWY3DPEHPK3PXP"))


def test_the_code_matches_the_reference_vector():
    # RFC 6238 test vector (SHA-1, 8 digits, T=59) cut to 6 digits: 94287082 → 287082.
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of "12345678901234567890"
    assert current_totp_code(secret, at=59) == "287082"


def test_outside_demo_mode_the_demo_enrolment_is_refused(newcomers, settings):
    settings.DEMO_MODE = False
    with pytest.raises(ImproperlyConfigured):
        enrol_demo_totp(newcomers)
    assert not Authenticator.objects.exists()


def test_verify_second_factor_for_non_browser_logins(newcomers):
    enrol_demo_totp(newcomers[:1])
    worker = newcomers[0]
    assert verify_second_factor(worker, totp_code(mfa.DEMO_TOTP_SECRET))
    assert not verify_second_factor(worker, "000000")
    codes = Authenticator.objects.get(user=worker, type="recovery_codes").wrap()
    code = codes.get_unused_codes()[0]
    assert verify_second_factor(worker, code)
    assert not verify_second_factor(worker, code)  # used up


def test_rotation_re_encrypts_the_secrets(newcomers, settings):
    enrol_demo_totp(newcomers[:1])
    assert mfa.rotate_authenticator_keys() == 0  # already under the current key
    settings.FIELD_KEYS = "new:" + base64.b64encode(b"n" * 32).decode() + "," + \
        settings.FIELD_KEYS
    assert mfa.rotate_authenticator_keys(dry_run=True) == 2
    assert mfa.rotate_authenticator_keys() == 2
    authenticator = Authenticator.objects.get(user=newcomers[0], type="totp")
    assert authenticator.data["secret"].startswith("enc1:new:")
    assert TOTP(authenticator).validate_code(totp_code("JBSWY3DPEHPK3PXP"))


def test_the_rotate_keys_command_rotates_the_second_factors_too(newcomers, settings):
    enrol_demo_totp(newcomers[:1])
    settings.FIELD_KEYS = "new:" + base64.b64encode(b"n" * 32).decode() + "," + \
        settings.FIELD_KEYS
    out = io.StringIO()
    call_command("rotate_keys", stdout=out)
    assert "second factors: 2 secret(s) with an older key" in out.getvalue()
    authenticator = Authenticator.objects.get(user=newcomers[0], type="totp")
    assert authenticator.data["secret"].startswith("enc1:new:")
