"""Logging in to the API: username, password AND second factor in, a token out; tokens
expire. A token obtained with a password alone would make the API a way around the
two-factor login every worker has (NEN 7510 9.4.2, ASVS 2.2 / 3.5)."""

import hashlib

from django.contrib.auth.signals import user_login_failed
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from bloem.accounts import mfa
from bloem.accounts.authentication import token_age

# DRF's own message for a wrong username or password; a wrong or missing code gets the
# same words, so the answer never tells that the password was right.
REFUSED = _("Unable to log in with provided credentials.")


class UsernameRateThrottle(SimpleRateThrottle):
    """Limits login attempts on one account through the token endpoint (scope "token" in
    DEFAULT_THROTTLE_RATES, 10 a minute when not set)."""

    scope = "token"
    default_rate = "10/minute"

    def get_rate(self) -> str:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) or self.default_rate

    def get_cache_key(self, request, view) -> str | None:
        username = request.data.get("username") if hasattr(request.data, "get") else None
        if not username or not isinstance(username, str):
            return None
        ident = hashlib.sha256(username.strip().lower().encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


class TwoFactorAuthTokenSerializer(AuthTokenSerializer):
    # As long as Worker.username: longer input is refused before it reaches the login
    # backends (django-axes would fail to store it on PostgreSQL).
    username = serializers.CharField(label=_("Username"), max_length=150, write_only=True)
    code = serializers.CharField(
        label=_("Code"), max_length=64, write_only=True, required=False, allow_blank=True,
        help_text=_("The current code of the authenticator app, or an unused recovery code."),
    )

    def validate(self, attrs):
        # The password first, so that django-axes counts a wrong one (bloem.accounts.lockout).
        attrs = super().validate(attrs)
        user, code = attrs["user"], attrs.get("code", "").replace(" ", "")
        if not code or not mfa.verify_second_factor(user, code):
            # A wrong code counts towards the lockout like a wrong password.
            user_login_failed.send(sender=__name__, credentials={"username": user.username},
                                   request=self.context.get("request"))
            raise serializers.ValidationError(REFUSED, code="authorization")
        return attrs


class ObtainTokenView(ObtainAuthToken):
    """Username, password and second factor in, API token out. DRF's view switches
    throttling off; this one keeps the default throttles and adds a limit per account. An
    expired token is replaced by a new one."""

    serializer_class = TwoFactorAuthTokenSerializer

    def get_throttles(self):
        return [throttle() for throttle in api_settings.DEFAULT_THROTTLE_CLASSES] + [
            UsernameRateThrottle()
        ]

    def get_serializer_context(self):
        # authenticate() gets Django's own request (not DRF's wrapper), so that
        # django-axes counts failed passwords here too and its middleware answers a
        # locked-out username with 429 (bloem.accounts.lockout).
        return {**super().get_serializer_context(), "request": self.request._request}

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        Token.objects.filter(user=user, created__lt=timezone.now() - token_age()).delete()
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key,
                         "expires": token.created + token_age()})
