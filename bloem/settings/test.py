"""Test settings: the dev defaults plus fast password hashing."""

import os

os.environ.setdefault("BLOEM_DEMO", "true")

from .dev import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each test process its own cache (conftest.py empties it around every test).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
# django-axes logs every login and failure at INFO (wanted in production's security log);
# the tests make hundreds of them.
LOGGING = {**LOGGING, "loggers": {"axes": {"level": "WARNING"}}}  # noqa: F405
# A second alias that mirrors the test database, so that tests can check what reads from
# the replica (bloem/core/tests/test_db_router.py). Routing to it stays off unless a test
# switches it on with override_settings(READ_REPLICA="replica"). A test case's data is
# uncommitted: on SQLite (one shared in-memory cache) the mirror reads it uncommitted, like
# a replica that has caught up; it never writes, so it takes no write lock.
_replica = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
if _replica["ENGINE"] == "django.db.backends.sqlite3":
    _replica["OPTIONS"] = {"init_command": "PRAGMA read_uncommitted=1;"}
DATABASES = {**DATABASES, "replica": _replica}  # noqa: F405
READ_REPLICA = None
