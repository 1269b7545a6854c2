"""Second factors (issue 3, item 1): every worker has an authenticator app (TOTP, with
recovery codes) or a passkey, managed by django-allauth's MFA. This module holds what
Bloem adds around it:

- `has_second_factor(user)`: the check of `SecondFactorRequiredMiddleware`;
- `enrol_totp(workers, secret=...)`: activated TOTP authenticators plus recovery codes, in
  bulk, stored exactly as allauth's `TOTP.activate` and `RecoveryCodes.activate` store
  them (encrypted through the MFA adapter, see adapters.py);
- `enrol_demo_totp(workers)`: the same with the fixed demo secret `DEMO_TOTP_SECRET`
  (settings.DEMO_TOTP_SECRET, from BLOEM_DEMO_TOTP_SECRET; demo mode only);
- `current_totp_code(secret)`: the code an authenticator app shows now;
- `verify_second_factor(user, code)`: a TOTP or recovery code, for non-browser logins;
- `rotate_authenticator_keys()`: re-encrypt the stored secrets with the current field key.
"""

import time
from collections.abc import Iterable

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import encrypt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from bloem.core import crypto

# An authenticator app or a passkey; recovery codes alone are a fallback, not a factor.
PRIMARY_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
# What the MFA adapter binds each encrypted value to (AES-GCM associated data).
CRYPTO_CONTEXT = "mfa_authenticator.data"
ENCRYPTED_KEYS = {Authenticator.Type.TOTP: "secret", Authenticator.Type.RECOVERY_CODES: "seed"}


def __getattr__(name: str) -> str:
    # `DEMO_TOTP_SECRET` is read from the settings when asked for, so that a test's
    # settings override is seen too.
    if name == "DEMO_TOTP_SECRET":
        return settings.DEMO_TOTP_SECRET
    raise AttributeError(name)


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=PRIMARY_TYPES).exists()


@transaction.atomic
def enrol_totp(workers: Iterable, *, secret: str) -> int:
    """Give every worker in `workers` that has no authenticator app yet an activated one
    with `secret` (base32), and recovery codes where missing. Two bulk inserts whatever
    the number of workers. Returns the number of TOTP authenticators created."""
    workers = list(workers)
    ids = [worker.pk for worker in workers]
    existing = set(
        Authenticator.objects.filter(
            user_id__in=ids,
            type__in=(Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES),
        ).values_list("user_id", "type")
    )
    totp = [
        Authenticator(user_id=pk, type=Authenticator.Type.TOTP, data={"secret": encrypt(secret)})
        for pk in ids
        if (pk, Authenticator.Type.TOTP) not in existing
    ]
    codes = [
        Authenticator(
            user_id=pk,
            type=Authenticator.Type.RECOVERY_CODES,
            data={"seed": encrypt(RecoveryCodes.generate_seed()), "used_mask": 0},
        )
        for pk in ids
        if (pk, Authenticator.Type.RECOVERY_CODES) not in existing
    ]
    Authenticator.objects.bulk_create([*totp, *codes])
    return len(totp)


def enrol_demo_totp(workers: Iterable) -> int:
    """The demo logins' second factor: `enrol_totp` with the fixed DEMO_TOTP_SECRET.
    Refused outside demo mode (base.py refuses the secret there too)."""
    if not settings.DEMO_MODE or not settings.DEMO_TOTP_SECRET:
        raise ImproperlyConfigured(
            "A fixed demo second factor needs DEMO_MODE and BLOEM_DEMO_TOTP_SECRET."
        )
    return enrol_totp(workers, secret=settings.DEMO_TOTP_SECRET)


def current_totp_code(secret: str, *, at: float | None = None) -> str:
    """The code an authenticator app with `secret` shows at `at` (default: now)."""
    counter = int(time.time() if at is None else at) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def verify_second_factor(user, code: str) -> bool:
    """True when `code` is the worker's current TOTP code or an unused recovery code
    (which is then used up). A TOTP code is accepted once only (allauth's cache)."""
    authenticators = Authenticator.objects.filter(
        user_id=user.pk,
        type__in=(Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES),
    )
    # The authenticator app first: a recovery code is used up when it matches.
    for authenticator in sorted(authenticators, key=lambda a: a.type != Authenticator.Type.TOTP):
        if authenticator.wrap().validate_code(code):
            authenticator.record_usage()
            return True
    return False


def rotate_authenticator_keys(*, dry_run: bool = False) -> int:
    """Re-encrypt TOTP secrets and recovery-code seeds that are stored in the clear or
    under an older field key (for `bloem rotate_keys`). Returns the number of rows."""
    current = crypto.current_key_id()
    stale = []
    for authenticator in Authenticator.objects.filter(type__in=list(ENCRYPTED_KEYS)):
        key = ENCRYPTED_KEYS[authenticator.type]
        stored = authenticator.data.get(key)
        if not stored or (crypto.is_encrypted(stored) and crypto.key_id_of(stored) == current):
            continue
        plain = crypto.decrypt(stored, context=CRYPTO_CONTEXT) if crypto.is_encrypted(
            stored) else stored
        authenticator.data[key] = crypto.encrypt(plain, context=CRYPTO_CONTEXT)
        stale.append(authenticator)
    if stale and not dry_run:
        Authenticator.objects.bulk_update(stale, ["data"])
    return len(stale)
