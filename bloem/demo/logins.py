"""The demo logins: one worker per role whose name tells what they do. Both `bloem demo`
(which creates them) and `bloem demo_logins` (which lists them) read this table."""

import os
from dataclasses import dataclass

from bloem.accounts.models import Role

PASSWORD_ENV = "BLOEM_DEMO_PASSWORD"  # noqa: S105 - the name of a variable
DEFAULT_PASSWORD = "bloem-demo-2026"  # noqa: S105 - a public demo password, never production

SHELTER = "Blijf Groep"
YOUTH_CARE = "Altra"
GGZ = "GGZ Noord-Holland"
AMSTERDAM = "Oranje Huis Amsterdam"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str
    location: str
    description: str
    first_name: str
    last_name: str
    is_staff: bool = False


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        "gezinshulpverlener", Role.FAMILY_WORKER, SHELTER, AMSTERDAM,
        "The fixed family worker of many families in Amsterdam: her own caseload.",
        "Sanne", "de Wit",
    ),
    DemoLogin(
        "kinderwerker", Role.CHILD_WORKER, SHELTER, AMSTERDAM,
        "Child worker and drama therapist, assigned to several Amsterdam families.",
        "Noor", "Bakker",
    ),
    DemoLogin(
        "jeugdspecialist", Role.YOUTH_SPECIALIST, YOUTH_CARE, AMSTERDAM,
        "Youth-care specialist of Altra on location (diagnostics, EMDR, NIKA).",
        "Jeroen", "Visser",
    ),
    DemoLogin(
        "nika-ouderbegeleider", Role.NIKA_COUNSELLOR, YOUTH_CARE, AMSTERDAM,
        "NIKA parent counsellor of Altra, assigned to some families.",
        "Ayse", "Yilmaz",
    ),
    DemoLogin(
        "ggz-behandelaar", Role.GGZ_PRACTITIONER, GGZ, AMSTERDAM,
        "GGZ practitioner who serves only the ex-partner: never sees protected fields.",
        "Mark", "Smit",
    ),
    DemoLogin(
        "teammanager", Role.TEAM_MANAGER, SHELTER, AMSTERDAM,
        "Team manager of Blijf Amsterdam: sees every family with a stay in Amsterdam.",
        "Ingrid", "Mulder",
    ),
    DemoLogin(
        "privacyfunctionaris", Role.PRIVACY_OFFICER, SHELTER, AMSTERDAM,
        "Privacy officer: reads the audit log, no access to client files.",
        "Pieter", "Jansen",
    ),
    DemoLogin(
        "beheerder", Role.ADMINISTRATOR, SHELTER, AMSTERDAM,
        "Application administrator (Django admin, no superuser, no client files).",
        "Fatima", "El Amrani", is_staff=True,
    ),
    DemoLogin(
        "financien", Role.FINANCE_OFFICER, SHELTER, AMSTERDAM,
        "Finance officer: production, tariffs and commissions; amounts, no client files.",
        "Karin", "de Boer",
    ),
)

LOGINS_BY_USERNAME = {login.username: login for login in DEMO_LOGINS}


def demo_password() -> str:
    """The one password of every demo login."""
    return os.environ.get(PASSWORD_ENV) or DEFAULT_PASSWORD


def password_from_environment() -> bool:
    return bool(os.environ.get(PASSWORD_ENV))
