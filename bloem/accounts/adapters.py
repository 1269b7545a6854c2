"""django-allauth adapters: how Bloem bends allauth's account and MFA behaviour.

Settings: ACCOUNT_ADAPTER = "bloem.accounts.adapters.AccountAdapter",
MFA_ADAPTER = "bloem.accounts.adapters.MFAAdapter".
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from bloem.core import crypto

from . import sessions
from .mfa import CRYPTO_CONTEXT, PRIMARY_TYPES


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Workers are created by the application administrator, never by themselves."""
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials) -> None:
        """Failed passwords are counted and locked out by django-axes alone (per username
        and per username + address, settings.AXES_*), for the login form, the password
        confirmation and the API token alike. allauth's own `login_failed` rate limit
        stays in force for second-factor codes (allauth.mfa)."""
        self._login_failed_rl_usage = None

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """allauth asks for the password again before any change to the second factors.
        A worker who logged in without a second factor (there was none) a moment ago is
        setting up the first one on the page the login sent them to, and then sees the
        recovery codes: asking the same password again there adds nothing. Every other
        case keeps allauth's rule."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        if not required or app != "allauth.mfa":
            return required
        session = context.request.session
        login_at = session.get(sessions.LOGIN_AT)
        enrolling_now = bool(session.get(sessions.ENROLLING)) and login_at is not None and (
            sessions.now() - login_at < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
        )
        return not enrolling_now


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Every Bloem worker needs a second factor: add a passkey or another "
            "authenticator app before you remove this one."
        ),
    }

    def encrypt(self, text: str) -> str:
        """TOTP secrets and recovery-code seeds are stored encrypted with the field keys
        (bloem/core/crypto.py, BLOEM_FIELD_KEYS), like the protected client fields."""
        return crypto.encrypt(text, context=CRYPTO_CONTEXT)

    def decrypt(self, encrypted_text: str) -> str:
        if not crypto.is_encrypted(encrypted_text):
            return encrypted_text  # stored before encryption was switched on
        return crypto.decrypt(encrypted_text, context=CRYPTO_CONTEXT)

    def can_delete_authenticator(self, authenticator) -> bool:
        """The last authenticator app or passkey of a worker stays."""
        if authenticator.type not in PRIMARY_TYPES:
            return True
        others = type(authenticator).objects.filter(
            user_id=authenticator.user_id, type__in=PRIMARY_TYPES
        ).exclude(pk=authenticator.pk)
        return others.exists()
