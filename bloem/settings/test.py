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
