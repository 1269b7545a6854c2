"""Demo data of issue 9: outflow and the warm handover, for the families `bloem demo` has
just generated (one chunk at a time, after it is saved).

Every stay that has ended gets its outflow (closed on its end date) with the help that
went on for the children, handed over; most of those a warm handover to the youth team of
the new municipality, shared with both consents and its package kept, and followed up —
some not yet, so the worklist asks whether the youth team picked it up. A few open stays
have an outflow recorded that cannot close yet. Bulk inserts: a few queries per chunk."""

import datetime
from collections import Counter, defaultdict

from django.utils import timezone, translation

from bloem.accounts.models import Location, Municipality, Worker
from bloem.catalogue.models import OPEN_STATUSES, Petal
from bloem.families.models import FamilyRole
from bloem.outflow import package as pkg
from bloem.outflow.models import (
    ContinuingHelp,
    Destination,
    FollowUp,
    Handover,
    HandoverConsent,
    HelpStatus,
    Outflow,
    ShareConsentForm,
)
from bloem.outflow.snapshot import package_to_json

OPEN_STAY_SHARE = 0.08  # open stays with an outflow recorded already
HANDOVER_SHARE = 0.7  # ended stays with a warm handover
FOLLOW_UP_WEEKS = 4
DESTINATIONS = [(Destination.OWN_HOUSING, 5), (Destination.FAMILY_OR_FRIENDS, 2),
                (Destination.SUPPORTED_HOUSING, 1), (Destination.OTHER_SHELTER, 1),
                (Destination.BACK_WITH_PARTNER, 1), (Destination.UNKNOWN, 1)]
REASONS = ["Traumabehandeling is gestart en moet doorlopen.",
           "Begeleiding bij school en dagstructuur loopt door.",
           "Ouder-kindbegeleiding: de band herstelt, nog niet klaar."]
CHILD_PETALS = ("child-trauma-treatment", "school-guidance", "toontje-veerkracht")


def add_outflow(batch, *, seed: int, today: datetime.date) -> Counter:
    rng = batch.rng("outflow", seed)
    municipalities = list(Municipality.objects.values_list("code", "name"))
    now = timezone.now()
    members = batch.members()
    help_of: dict[int, list] = defaultdict(list)
    for help_form in batch.help_forms:
        help_of[help_form.person_id].append(help_form)
    outflows, chosen = [], []
    for stay in batch.stays:
        if stay.ended_on is None and rng.random() >= OPEN_STAY_SHARE:
            continue
        code, name = rng.choice(municipalities)
        left_on = stay.ended_on or today + datetime.timedelta(days=rng.randint(3, 21))
        outflows.append(Outflow(
            family_id=stay.family_id, stay=stay, left_on=left_on,
            destination=rng.choices(*zip(*DESTINATIONS, strict=True))[0],
            new_municipality_code=code, recorded_by_id=stay.family_worker_id,
            summary="Moeder en kinderen zijn tot rust gekomen; de hulp gaat door bij het "
                    "jeugdteam.", closed_at=now if stay.ended_on else None))
        chosen.append(name)
    Outflow.objects.bulk_create(outflows, batch_size=1000)

    continuing, handovers, consents, packages = [], [], [], []
    for outflow, town in zip(outflows, chosen, strict=True):
        stay, closed = outflow.stay, outflow.stay.ended_on is not None
        family = members[outflow.family_id]
        parent = next(p for p in family if p.family_role == FamilyRole.PARENT)
        children = [p for p in family if p.family_role == FamilyRole.CHILD]
        rows = []
        for child in children:
            open_help = [h for h in help_of[child.pk] if h.status in OPEN_STATUSES]
            help_form = open_help[0] if open_help else None
            rows.append(ContinuingHelp(
                family_id=outflow.family_id, outflow=outflow, person=child, help_form=help_form,
                petal_id=help_form.petal_id if help_form else rng.choice(CHILD_PETALS),
                reason=rng.choice(REASONS), recorded_by_id=stay.family_worker_id,
                status=HelpStatus.HANDED_OVER if closed else HelpStatus.TO_HAND_OVER,
                handed_over_on=outflow.left_on if closed else None))
        continuing.extend(rows)
        if not closed or not children or rng.random() >= HANDOVER_SHARE:
            continue
        shared_on = outflow.left_on
        follow_up_on = shared_on + datetime.timedelta(weeks=FOLLOW_UP_WEEKS)
        answered = follow_up_on <= today and rng.random() < 0.6
        parts = ["summary", "continuing_help"]
        handover = Handover(
            family_id=outflow.family_id, outflow=outflow, receiving_party=f"Jeugdteam {town}",
            chosen={str(c.pk): parts for c in children}, prepared_by_id=stay.family_worker_id,
            shared_at=datetime.datetime.combine(shared_on, datetime.time(11), tzinfo=datetime.UTC),
            shared_by_id=stay.family_worker_id, follow_up_on=follow_up_on,
            follow_up=(rng.choice([FollowUp.PICKED_UP, FollowUp.PICKED_UP, FollowUp.NOT_REACHED])
                       if answered else ""))
        if handover.follow_up == FollowUp.PICKED_UP:
            handover.picked_up_on = shared_on + datetime.timedelta(days=rng.randint(3, 20))
        elif handover.follow_up == FollowUp.NOT_REACHED:
            handover.follow_up_note = "Twee keer gebeld en gemaild; nog geen reactie."
        handovers.append(handover)
        packages.append((handover, outflow, parent, children, rows))
        for child in children:
            consents.extend(HandoverConsent(
                family_id=outflow.family_id, handover=handover, subject=child, given_by=giver,
                given_on=shared_on, form=ShareConsentForm.WRITTEN,
                recorded_by_id=stay.family_worker_id)
                for giver in _consenting(child, parent, batch, today))
    names = _names([stay.family_worker_id for stay in batch.stays])
    for handover, outflow, _parent, children, rows in packages:
        handover.package = package_to_json(_package(handover, outflow, children, rows, names))
    ContinuingHelp.objects.bulk_create(continuing, batch_size=1000)
    Handover.objects.bulk_create(handovers, batch_size=1000)
    HandoverConsent.objects.bulk_create(consents, batch_size=1000)
    return Counter({"Outflow": len(outflows), "ContinuingHelp": len(continuing),
                    "Handover": len(handovers), "HandoverConsent": len(consents)})


def _consenting(child, parent, batch, today):
    """Who consented to sharing about the child: by age, as the rules require (the
    demo's parents with authority; from 12 the child too, from 16 the child alone)."""
    born = child.date_of_birth
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if age >= 16:
        return [child]
    holders = [r.parent for r in batch.relations if r.child_id == child.pk and r.has_authority]
    return [*(holders or [parent]), *([child] if age >= 12 else [])]


def _names(worker_ids) -> dict:
    """Names of petals, locations and workers as the package shows them (three queries)."""
    with translation.override("nl"):
        petals = {code: translation.gettext(name)
                  for code, name in Petal.objects.values_list("code", "name")}
    workers = {w.pk: (w.get_full_name(), str(w.organisation or ""))
               for w in Worker.objects.filter(pk__in=set(worker_ids))
               .select_related("organisation")}
    return {"petals": petals, "workers": workers,
            "locations": dict(Location.objects.values_list("pk", "name"))}


def _package(handover, outflow, children, rows, names) -> pkg.HandoverPackage:
    stay = outflow.stay
    worker, organisation = names["workers"][handover.prepared_by_id]
    return pkg.HandoverPackage(
        file_number=stay.family.reference, organisation=organisation,
        location=names["locations"][stay.location_id],
        stay_started_on=stay.started_on, outflow_on=outflow.left_on,
        destination=outflow.destination, new_municipality_code=outflow.new_municipality_code,
        receiving_party=handover.receiving_party, prepared_by=worker,
        prepared_on=outflow.left_on,
        summary=outflow.summary,
        members=tuple(pkg.Member(
            key=f"m{i}", first_name=c.first_name, last_name=c.last_name,
            birth_date=c.date_of_birth, gender=c.gender, family_role=c.family_role,
            parts=frozenset(handover.chosen[str(c.pk)]),
            continuing_help=tuple(pkg.ContinuingHelp(
                petal_code=r.petal_id, petal_name=names["petals"][r.petal_id],
                reason=r.reason)
                for r in rows if r.person_id == c.pk))
            for i, c in enumerate(children, start=1)))
