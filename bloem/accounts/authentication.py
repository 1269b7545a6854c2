"""API token authentication with an age limit (kept apart from bloem/accounts/api.py: DRF
imports authentication classes while its own views module loads)."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from bloem.accounts.backends import REQUEST_WORKER_RELATED


def token_age() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.API_TOKEN_AGE)


def is_expired(token) -> bool:
    return token.created < timezone.now() - token_age()


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, but a token older than API_TOKEN_AGE (environment
    BLOEM_API_TOKEN_AGE, 8 hours like a session) is refused and removed."""

    def authenticate_credentials(self, key):
        # DRF's, but the worker comes with what every request needs of her (one query
        # fewer per request).
        model = self.get_model()
        related = [f"user__{name}" for name in REQUEST_WORKER_RELATED]
        try:
            token = model.objects.select_related(*related).get(key=key)
        except model.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if is_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(_("The token has expired; log in again."))
        return token.user, token
