"""`bloem demo_logins`: print the demo logins, their password and where to log in."""

import os

from django.core.management.base import BaseCommand

from bloem.accounts import mfa
from bloem.accounts.models import Role
from bloem.demo.logins import (
    DEFAULT_PASSWORD,
    DEMO_LOGINS,
    PASSWORD_ENV,
    password_from_environment,
)


class Command(BaseCommand):
    help = "List the demo logins (username, role, location) and the demo password."

    def handle(self, *args, **options) -> None:
        rows = [("username", "role", "location")]
        rows += [(login.username, str(Role(login.role).label), login.location)
                 for login in DEMO_LOGINS]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        for number, row in enumerate(rows):
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  ".join(cells).rstrip())
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        password = (f"(from {PASSWORD_ENV})" if password_from_environment()
                    else DEFAULT_PASSWORD)
        port = os.environ.get("PORT", "8000")
        self.stdout.write("")
        self.stdout.write(f"Password for every login: {password}")
        secret = mfa.DEMO_TOTP_SECRET
        if secret:
            self.stdout.write(
                f"Second factor: authenticator-app key {secret} (from BLOEM_DEMO_TOTP_SECRET); "
                f"the code now is {mfa.current_totp_code(secret)} "
                f"(or: oathtool --totp -b {secret})"
            )
        self.stdout.write(f"Log in at http://127.0.0.1:{port}")
