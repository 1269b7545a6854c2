"""Records of the outflow for tests: an outflow of the open stay with help that must
continue and a handover in preparation (the routes' objects), and logins."""

import datetime

from django.utils import timezone

from bloem.families.models import Family, FamilyRole
from bloem.outflow.models import (
    ContinuingHelp,
    Destination,
    Handover,
    HandoverConsent,
    Outflow,
    ShareConsentForm,
)
from bloem.outflow.services import gather_package
from bloem.outflow.snapshot import package_to_json

UTRECHT = "GM0344"


def child_of(family: Family, n: int = 0):
    return family.members.filter(family_role=FamilyRole.CHILD).order_by("pk")[n]


def mother_of(family: Family):
    return family.members.get(family_role=FamilyRole.PARENT)


def father_of(family: Family):
    return family.members.get(family_role=FamilyRole.OTHER_PARENT)


def add_outflow(family: Family, worker, *, municipality: str = UTRECHT) -> Outflow:
    stay = family.stays.get(ended_on__isnull=True)
    return Outflow.objects.create(
        family=family, stay=stay, left_on=max(stay.started_on, timezone.localdate()),
        destination=Destination.OWN_HOUSING, new_municipality_code=municipality,
        summary="Rustig verblijf; moeder en kinderen stabiel.", recorded_by=worker)


def add_handover(outflow: Outflow, worker, chosen: dict | None = None) -> Handover:
    family = outflow.family
    chosen = chosen or {str(child_of(family).pk): ["summary", "goals", "continuing_help"]}
    return Handover.objects.create(family=family, outflow=outflow,
                                   receiving_party="Jeugdteam Utrecht-Noord", chosen=chosen,
                                   prepared_by=worker)


def add_outflow_work(family: Family, worker) -> None:
    """An outflow with one help that must continue (the child's form of help, not yet
    handed over) and a shared handover about the child, with both parents' consent."""
    outflow = add_outflow(family, worker)
    child = child_of(family)
    help_form = family.help_forms.filter(person=child).order_by("pk").first()
    if help_form is not None:
        ContinuingHelp.objects.create(family=family, outflow=outflow, person=child,
                                      help_form=help_form, petal_id=help_form.petal_id,
                                      reason="Traumabehandeling loopt door.",
                                      recorded_by=worker)
    handover = add_handover(outflow, worker)
    for parent in (mother_of(family), father_of(family)):
        HandoverConsent.objects.create(family=family, handover=handover, subject=child,
                                       given_by=parent, given_on=timezone.localdate(),
                                       form=ShareConsentForm.WRITTEN, recorded_by=worker)
    share(handover, worker)


def share(handover: Handover, worker) -> Handover:
    """Mark the handover shared with its package, as the service does, without handing
    the help over (so that the stay still may not close)."""
    package = gather_package(family=handover.family, outflow=handover.outflow,
                             chosen={int(k): frozenset(v) for k, v in handover.chosen.items()},
                             receiving_party=handover.receiving_party, prepared_by=worker,
                             today=timezone.localdate())
    Handover.objects.filter(pk=handover.pk).update(
        package=package_to_json(package),
        shared_at=timezone.now(), shared_by=worker, follow_up_on=weeks_later(4))
    handover.refresh_from_db()
    return handover


def outflow_objects(family: Family) -> dict:
    return {"handover": family.handovers.order_by("pk").first()}


def weeks_later(weeks: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(weeks=weeks)
