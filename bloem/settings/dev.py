"""Local demo on embedded SQLite: safe defaults for a developer's machine only."""

import os

os.environ.setdefault("BLOEM_SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
os.environ.setdefault("BLOEM_DEBUG", "false")
# A fixed, public development key: base.py refuses it outside demo mode.
os.environ.setdefault("BLOEM_FIELD_KEYS", "dev:ZGV2LW9ubHktbm90LXNlY3JldC1ibG9lbS1rZXktMzI=")
os.environ.setdefault("BLOEM_DEMO", "true")
os.environ.setdefault("BLOEM_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("BLOEM_SECURE_COOKIES", "false")
os.environ.setdefault("BLOEM_SSL_REDIRECT", "false")
os.environ.setdefault("BLOEM_HSTS_SECONDS", "0")
# The demo logins' fixed second factor (public, like the key above): refused outside demo
# mode. `bloem demo_logins` prints it; README explains how to use it.
# A public development backup key, refused outside demo mode like the field key.
os.environ.setdefault("BLOEM_BACKUP_KEY", "ZGV2LW9ubHktbm90LXNlY3JldC1ibG9lbS1iYWNrdXA=")
# The research exports' pseudonym key (public, refused outside demo mode).
os.environ.setdefault("BLOEM_PSEUDONYM_KEY", "dev:only-not-secret-bloem-pseudonym-key-0001")
os.environ.setdefault("BLOEM_DEMO_TOTP_SECRET", "JBSWY3DPEHPK3PXP")
# Passkeys on http://127.0.0.1 during development (refused outside demo mode).
os.environ.setdefault("BLOEM_WEBAUTHN_INSECURE_ORIGIN", "true")

from .base import *  # noqa: E402,F403
from .base import VAR_DIR  # noqa: E402

(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
