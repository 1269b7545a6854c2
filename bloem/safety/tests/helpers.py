import datetime

from django.utils import timezone

from bloem.families.models import FamilyRole


def today() -> datetime.date:
    return timezone.localdate()


def days_ago(n: int) -> str:
    return (today() - datetime.timedelta(days=n)).isoformat()


def child_of(family):
    return family.members.filter(family_role=FamilyRole.CHILD).order_by("pk").first()


FACTORS_UNKNOWN = {name: "unknown" for name in (
    "threat_other_parent", "stalking", "digital_tracking", "weapons", "police_involvement",
    "protective_order")}


def assessment_data(family, level: str, **extra) -> dict:
    """A complete structured assessment as the form posts it."""
    data = {"level": level, "assessed_on": today().isoformat(),
            "explanation": "Ex-partner zoekt moeder actief.", **FACTORS_UNKNOWN}
    for child in family.members.filter(family_role=FamilyRole.CHILD):
        data[f"child_{child.pk}_concern"] = "some"
        data[f"child_{child.pk}_signals"] = "Slaapt slecht."
    data.update(extra)
    return data


def logged_in(worker):
    """A client of its own for `worker` (the `client_for` fixture shares one client)."""
    from django.test import Client

    from bloem.accounts.tests.helpers import fresh_login

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    fresh_login(client, worker)
    return client
