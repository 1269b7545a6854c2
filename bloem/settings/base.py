"""Production-safe settings. Every value comes from the environment through one reader
(django-environ) that fails loudly on a missing or malformed value; dev.py and test.py only
set defaults for that environment before importing this module."""

import base64
import binascii
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # the bloem/ package
PROJECT_DIR = BASE_DIR.parent

env = environ.Env()

SECRET_KEY = env.str("BLOEM_SECRET_KEY")
DEBUG = env.bool("BLOEM_DEBUG", default=False)
ALLOWED_HOSTS = env.list("BLOEM_ALLOWED_HOSTS", default=[])
DEMO_MODE = env.bool("BLOEM_DEMO", default=False)

# The fixed TOTP secret of the demo logins (bloem/accounts/mfa.py): base32, demo only.
DEMO_TOTP_SECRET = env.str("BLOEM_DEMO_TOTP_SECRET", default="").replace(" ", "").upper()
if DEMO_TOTP_SECRET:
    if not DEMO_MODE:
        raise ImproperlyConfigured(
            "BLOEM_DEMO_TOTP_SECRET: a fixed second factor is refused outside demo mode"
        )
    try:
        if len(base64.b32decode(DEMO_TOTP_SECRET, casefold=True)) < 10:
            raise ValueError("shorter than 80 bits")
    except (ValueError, binascii.Error) as error:
        raise ImproperlyConfigured(
            f"BLOEM_DEMO_TOTP_SECRET must be base32 of at least 80 bits: {error}"
        ) from error

# Keys for the encryption of protected fields at rest (bloem/core/crypto.py).
FIELD_KEYS = env.str("BLOEM_FIELD_KEYS")
if not DEMO_MODE and any(k.strip().startswith("dev:") for k in FIELD_KEYS.split(",")):
    raise ImproperlyConfigured("BLOEM_FIELD_KEYS: the development key is refused in production")

# Encrypted backups (bloem/privacy/backup.py): base64 of 32 random bytes, kept apart from
# the backups. Empty means `bloem backup` refuses to run and says why.
BACKUP_KEY = env.str("BLOEM_BACKUP_KEY", default="")
DEV_BACKUP_KEY = "ZGV2LW9ubHktbm90LXNlY3JldC1ibG9lbS1iYWNrdXA="
if BACKUP_KEY == DEV_BACKUP_KEY and not DEMO_MODE:
    raise ImproperlyConfigured("BLOEM_BACKUP_KEY: the development key is refused in production")
# The key of the research exports' pseudonyms (bloem/outcomes/export.py): an HMAC key, at
# least 32 characters. Empty means no research export can be made (the page says why).
PSEUDONYM_KEY = env.str("BLOEM_PSEUDONYM_KEY", default="")
if PSEUDONYM_KEY.startswith("dev:") and not DEMO_MODE:
    raise ImproperlyConfigured("BLOEM_PSEUDONYM_KEY: the development key is refused in production")
# How long a closed file is kept (WGBO art. 7:454: 20 years from the last change).
RETENTION_YEARS = env.int("BLOEM_RETENTION_YEARS", default=20)
# Weeks after a warm handover at which the worklist asks: did the receiving party pick it up?
HANDOVER_FOLLOW_UP_WEEKS = env.int("BLOEM_HANDOVER_FOLLOW_UP_WEEKS", default=4)
if HANDOVER_FOLLOW_UP_WEEKS < 1:
    raise ImproperlyConfigured("BLOEM_HANDOVER_FOLLOW_UP_WEEKS must be 1 or more weeks.")

VAR_DIR = Path(env.str("BLOEM_VAR_DIR", default=str(PROJECT_DIR / "var")))

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'bloem.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while the demo loader or a worker writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            " PRAGMA foreign_keys=ON;",
        }
    )


def _postgres_defaults(database: dict) -> None:
    """No JIT on PostgreSQL: it compiles a query whose estimated cost is high, which took
    0.4 s of a 0.7 s worklist at 100,000 families (bench/, issue 12); Bloem's queries are
    short. No server-side cursors: Bloem streams no result through one, but every select
    of a form (Django's ModelChoiceIterator) opened a WITH HOLD cursor, three round trips
    and a copy of the rows instead of one query; they also break behind PgBouncer."""
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
        database.setdefault("DISABLE_SERVER_SIDE_CURSORS", True)


def _connection_defaults(database: dict) -> None:
    """A web worker keeps its database connection between requests (Django's default is a
    new connection per request), checked before each request reuses it, so that a restart
    or a failover of the database costs one request nothing. Connecting took most of a
    light request's time: under load on PostgreSQL the trivial view answered 3.4 times as
    many requests with kept connections, the family page 1.5 times (bench/, issue 12).
    `conn_max_age` and `conn_health_checks` in the URL override this."""
    database.setdefault("CONN_MAX_AGE", 60)
    database.setdefault("CONN_HEALTH_CHECKS", True)


_postgres_defaults(DATABASES["default"])
_connection_defaults(DATABASES["default"])
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# An optional streaming read replica of a PostgreSQL primary: the reports (cohort
# dashboard and effect report, research export, finance reports) read from it inside
# `reads_from_replica()`; everything else stays on the primary (bloem/core/db_router.py,
# docs/deployment.md).
if env.str("BLOEM_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("BLOEM_REPLICA_URL")
    DATABASES["replica"]["ATOMIC_REQUESTS"] = False
    _postgres_defaults(DATABASES["replica"])
    _connection_defaults(DATABASES["replica"])
    # Under test the replica is the test database itself.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
READ_REPLICA = "replica" if "replica" in DATABASES else None
DATABASE_ROUTERS = ["bloem.core.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_htmx",
    "csp",
    "template_partials",
    "bloem.core",
    "bloem.accounts",
    "bloem.access",
    "bloem.audit",
    "bloem.families",
    "bloem.catalogue",
    "bloem.consent",
    "bloem.safety",
    "bloem.planning",
    "bloem.privacy",
    "bloem.screening",
    "bloem.outcomes",
    "bloem.programmes",
    "bloem.finance",
    "bloem.outflow",
    "bloem.interop",
    "bloem.network",
    "bloem.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: both log out or redirect with a message (bloem/accounts/).
    "bloem.accounts.middleware.SessionTimeoutMiddleware",
    "bloem.accounts.middleware.SecondFactorRequiredMiddleware",
    # A tablet handed to a client shows only the questionnaire (bloem/screening/).
    "bloem.screening.middleware.ClientModeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "bloem.core.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes asks: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bloem.urls"
WSGI_APPLICATION = "bloem.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bloem.access.context_processors.navigation",
                "bloem.accounts.context_processors.session_timeout",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.Worker"
# Login, second factor and sessions: django-allauth (mounted at /account/), brute force:
# django-axes. The URL names `login` and `logout` stay (bloem/accounts/views.py).
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "families:list"
LOGOUT_REDIRECT_URL = "account_login"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username (and username + address) before any password
    # check. It authenticates nobody itself.
    "axes.backends.AxesStandaloneBackend",
    # allauth's backend is a ModelBackend (permissions included) that logs in by username
    # and runs the password hasher for an unknown user too. Django's plain ModelBackend
    # would add nothing but a second Argon2 run per failed attempt. Ours loads the
    # worker's organisation with her (bloem/accounts/backends.py).
    "bloem.accounts.backends.AuthenticationBackend",
]

ACCOUNT_ADAPTER = "bloem.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "bloem.accounts.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]  # signup is closed anyway
ACCOUNT_EMAIL_VERIFICATION = "none"  # the administrator creates workers
ACCOUNT_SESSION_REMEMBER = False  # no "remember me": the session ends with the browser
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = env.int("BLOEM_REAUTHENTICATION_TIMEOUT", default=5 * 60)
MFA_ADAPTER = "bloem.accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False  # a passkey is a second factor here, after the password
MFA_TOTP_ISSUER = "Bloem"
MFA_TRUST_ENABLED = False  # no "trust this browser": every login asks the second factor
MFA_ALLOW_UNVERIFIED_EMAIL = True  # e-mail is not an identity in Bloem
# Passkeys on http://localhost during development only.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env.bool("BLOEM_WEBAUTHN_INSECURE_ORIGIN", default=False)
if MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN and not DEMO_MODE:
    raise ImproperlyConfigured("BLOEM_WEBAUTHN_INSECURE_ORIGIN is refused outside demo mode")
USERSESSIONS_TRACK_ACTIVITY = False  # no database write per request

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True  # a complete login (password and second factor) starts afresh
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_LOCKOUT_CALLABLE = "bloem.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "bloem.accounts.lockout.client_ip"
# Behind a reverse proxy: how many proxies add themselves to X-Forwarded-For (0: use the
# connection's own address). Both allauth's rate limits and axes read the client address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("BLOEM_TRUSTED_PROXY_COUNT", default=0)

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Dutch first: the users are Dutch care workers.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]  # bloem/static: css, js, vendored htmx
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("BLOEM_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# `__Host-` cookies: only over HTTPS, for this host, path / — never set by a subdomain.
# Browsers refuse the prefix without Secure, so plain names on a development machine.
_COOKIE_PREFIX = "__Host-" if SESSION_COOKIE_SECURE else ""
SESSION_COOKIE_NAME = f"{_COOKIE_PREFIX}bloem_session"
CSRF_COOKIE_NAME = f"{_COOKIE_PREFIX}bloem_csrftoken"
LANGUAGE_COOKIE_NAME = f"{_COOKIE_PREFIX}bloem_language"
# Messages ride in the session, not in a cookie of their own (Django's cookie storage has
# a fixed name, "messages", that cannot carry the prefix).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Absolute limit: a session ends this long after login, active or not (enforced by
# bloem.accounts.middleware.SessionTimeoutMiddleware, as saving a session extends it).
SESSION_COOKIE_AGE = env.int("BLOEM_SESSION_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
# Idle limit: logged out after this many seconds without a request; the browser warns
# SESSION_IDLE_WARNING seconds before.
SESSION_IDLE_TIMEOUT = env.int("BLOEM_IDLE_TIMEOUT", default=15 * 60)
SESSION_IDLE_WARNING = env.int("BLOEM_IDLE_WARNING", default=2 * 60)
if not 60 <= SESSION_IDLE_TIMEOUT <= SESSION_COOKIE_AGE:
    raise ImproperlyConfigured(
        "BLOEM_IDLE_TIMEOUT must be between 60 seconds and BLOEM_SESSION_AGE"
    )
if not 0 < SESSION_IDLE_WARNING < SESSION_IDLE_TIMEOUT:
    raise ImproperlyConfigured("BLOEM_IDLE_WARNING must be between 0 and BLOEM_IDLE_TIMEOUT")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("BLOEM_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("BLOEM_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A strict Content-Security-Policy: no inline script or style anywhere (django-csp 4).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer",
        "microphone", "payment", "usb", "display-capture", "fullscreen",
    )
}

# One cache shared by every process of the server: rate limits and the one-time use of
# a TOTP code only hold if all gunicorn workers see the same cache. A file cache on the
# host by default; several hosts need a shared one (e.g. redis://...).
CACHES = {"default": env.cache_url("BLOEM_CACHE_URL",
                                   default=f"filecache://{VAR_DIR / 'cache'}")}
# An API token lives as long as a session at most (bloem/accounts/api.py).
API_TOKEN_AGE = env.int("BLOEM_API_TOKEN_AGE", default=8 * 60 * 60)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "bloem.accounts.authentication.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "bloem.core.pagination.ListPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "user": env.str("BLOEM_API_RATE", default="600/minute"),
        "token": env.str("BLOEM_API_TOKEN_RATE", default="10/minute"),
    },
}
# The organisation's review period of a family's chain phase (M-10), in days: a phase
# decision older than this shows on the worklist. 0: the organisation sets no period.
PHASE_REVIEW_DAYS = env.int("BLOEM_PHASE_REVIEW_DAYS", default=0)
if PHASE_REVIEW_DAYS < 0:
    raise ImproperlyConfigured("BLOEM_PHASE_REVIEW_DAYS must be 0 (no period) or more days.")

SPECTACULAR_SETTINGS = {
    "TITLE": "Bloem API",
    "DESCRIPTION": "API v1 of Bloem. Every call passes the same access policy and writes the "
    "same audit entries as the user interface.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Choice sets whose field names (phase, status) other apps use too.
    "ENUM_NAME_OVERRIDES": {
        "PhaseEnum": "bloem.families.models.Phase",
        "HgdPhaseEnum": "bloem.planning.models.HgdPhase",
        "ReferralStatusEnum": "bloem.planning.models.ReferralStatus",
        "GoalStatusEnum": "bloem.planning.models.GoalStatus",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("BLOEM_LOG_LEVEL", default="INFO")},
}

