"""Shared by the cross-cutting suites: the objects of a family that the routes refer to,
and the few extra records they need on top of conftest.py's `world`."""

from django.db.models import F
from django.utils import timezone

from bloem.accounts.models import Role, Worker
from bloem.catalogue.models import HelpForm, Petal
from bloem.consent.models import Consent, ConsentForm
from bloem.families.models import Family, FamilyRole, JournalEntry, ParentChildRelation
from bloem.families.tests.factories import TODAY
from bloem.interop.models import HandoverImport, ImportStatus
from bloem.network.models import NetworkReferral, Practitioner
from bloem.outflow.tests.helpers import add_outflow_work, outflow_objects
from bloem.planning.tests.helpers import add_team_work, team_objects
from bloem.programmes.models import Enrolment, GroupRun, GroupSession
from bloem.safety.models import MeldcodeCase

SHELTER_PETAL = "safety-stabilisation"


def prepare_world(world) -> None:
    """A form of help and a journal note (by the family worker) in both families, and
    neutral worker names (Faker could name a worker "Jansen" or "De Vries", the names of
    the families)."""
    Worker.objects.update(first_name="Medewerker", last_name=F("username"))
    petal = Petal.objects.get(code=SHELTER_PETAL)
    for family, worker in ((world.own_family, world.family_worker),
                           (world.foreign_family, world.other_family_worker)):
        HelpForm.objects.create(
            family=family, person=family.members.filter(family_role=FamilyRole.CHILD).first(),
            petal=petal, responsible=worker, started_on=TODAY, goal="Rust.",
        )
        JournalEntry.objects.create(family=family, author=worker, written_at=timezone.now(),
                                    text="Intakegesprek gevoerd.")
        child = family.members.filter(family_role=FamilyRole.CHILD).first()
        Consent.objects.create(family=family, child=child, petal=petal,
                               given_by=family.members.get(family_role=FamilyRole.PARENT),
                               scope="Rust.", given_on=TODAY, form=ConsentForm.WRITTEN,
                               recorded_by=worker)
        MeldcodeCase.objects.create(family=family, opened_by=worker, signals_on=TODAY,
                                    signals="Blauwe plek op de arm van het kind.")
        add_team_work(family, worker)
        group_run_at(family, child, worker)
        add_outflow_work(family, worker)
        HandoverImport.objects.create(
            uploaded_by=worker, location=family.stays.get(ended_on__isnull=True).location,
            bundle="{}", status=ImportStatus.IMPORTED, family=family)
    network_practitioners(world)


def group_run_at(family: Family, child, worker) -> None:
    """A group at the family's location with one session, the child enrolled."""
    run = GroupRun.objects.create(
        programme_id="tijd-voor-toontje", location=family.stays.get(ended_on__isnull=True)
        .location, name="Toontje", starts_on=TODAY, ends_on=TODAY, capacity=8)
    GroupSession.objects.create(run=run, number=1, starts_at=timezone.now(), minutes=60)
    Enrolment.objects.create(run=run, family=family, person=child, enrolled_on=TODAY,
                             recorded_by=worker)


def network_practitioners(world) -> None:
    """A practitioner of the shelter (the own family's: its team manager maintains it)
    and one of an external practice (the foreign family's: only the administrator)."""
    from bloem.network.tests.factories import organisation, practitioner

    for family, org in ((world.own_family, organisation("Blijf Groep", world.shelter)),
                        (world.foreign_family, organisation("Praktijk Extern"))):
        chosen = practitioner(f"Behandelaar {org.name}", org=org,
                              email=f"behandelaar-{family.pk}@example.org")
        NetworkReferral.objects.create(
            family=family, person=family.members.get(family_role=FamilyRole.PARENT),
            practitioner=chosen, practitioner_name=chosen.name, method="emdr",
            municipality_code="GM0363", reasons="biedt EMDR", chosen_by=world.family_worker,
            chosen_on=TODAY)


def objects_of(family: Family) -> dict:
    """The object of each kind that a route's URL can refer to, in `family`."""
    return {
        "family": family,
        "person": family.members.get(family_role=FamilyRole.PARENT),
        "relation": ParentChildRelation.objects.filter(child__family=family)
        .order_by("pk").first(),
        "assignment": family.assignments.filter(role=Role.FAMILY_WORKER)
        .order_by("pk").first(),
        "stay": family.stays.get(ended_on__isnull=True),
        "help_form": family.help_forms.order_by("pk").first(),
        "group_run": GroupRun.objects.filter(location__stays__family=family).order_by("pk")
        .first(),
        "group_session": GroupSession.objects.filter(run__location__stays__family=family)
        .order_by("pk").first(),
        "journal_entry": family.journal.filter(author=family.stays.get(
            ended_on__isnull=True).family_worker).order_by("pk").first(),
        "meldcode_case": MeldcodeCase.objects.filter(family=family).order_by("pk").first(),
        "handover_import": HandoverImport.objects.filter(family=family).order_by("pk").first(),
        "network_referral": NetworkReferral.objects.filter(family=family).first(),
        "practitioner": Practitioner.objects.filter(
            email=f"behandelaar-{family.pk}@example.org").first(),
        **team_objects(family),
        **outflow_objects(family),
    }
