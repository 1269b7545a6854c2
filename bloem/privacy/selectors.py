"""Reads of the privacy app: the legal holds, and a person's complete file for the right
of access (AVG art. 15) in a fixed number of queries, whatever the size of the file."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bloem.access import policy
from bloem.audit import selectors as audit_selectors
from bloem.catalogue.models import HelpForm
from bloem.families.models import (
    Assignment,
    Correction,
    FamilyRole,
    JournalEntry,
    ParentChildRelation,
    Person,
    PhaseDecision,
    SafetyAssessment,
    Stay,
)
from bloem.network.models import NetworkReferral
from bloem.outflow.models import ContinuingHelp

from .models import LegalHold

# The privacy officer's permission (bloem/access/policy.py).
PERMISSION = "privacy.manage"

# Members of the sheltered household share the family's file (stays, notes about the
# family). The other parent / ex-partner and network members get their own data only:
# the family's stays reveal where mother and children live (M-02, M-07), and a copy may
# not harm the rights of others (AVG art. 15 lid 4).
HOUSEHOLD_ROLES = frozenset({FamilyRole.PARENT, FamilyRole.CHILD})


def may_manage(user) -> bool:
    return policy.has_role_permission(user, PERMISSION)


def legal_holds(*, user) -> QuerySet[LegalHold]:
    """Every hold, active ones first, for the privacy officer; nothing for anyone else."""
    if not may_manage(user):
        return LegalHold.objects.none()
    return LegalHold.objects.select_related("family", "placed_by", "lifted_by").order_by(
        "lifted_at", "-placed_at", "-id"
    )


def _label(obj, field: str) -> str:
    return str(getattr(obj, f"get_{field}_display")())


def _worker(worker) -> str:
    return (worker.get_full_name() or worker.get_username()) if worker else ""


def person_for_export(*, user, person_id: int) -> Person:
    """The person whose file is exported: the privacy officer reaches every person (see
    policy.persons_for_access_report); 404 for an unknown id."""
    person = (
        policy.persons_for_access_report(user)
        .select_related("family", "family__municipality")
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise Http404
    return person


def person_file(*, person: Person) -> dict:
    """Everything Bloem holds about `person`, for the person themself: personal details
    with the protected fields, relations, the family's stays with their phase and safety
    history, forms of help, journal entries about them (and, for the household, about the
    family), corrections, the workers involved, the practitioner chosen for treatment
    after the stay, and who looked at the file.

    Plain Python values (dates stay dates) so that the JSON and the PDF come from the same
    data. Ten queries, whatever the size of the file."""
    family = person.family
    household = person.family_role in HOUSEHOLD_ROLES
    about_person = Q(person=person) | Q(person__isnull=True) if household else Q(person=person)

    relations = (
        ParentChildRelation.objects.filter(Q(parent=person) | Q(child=person))
        .select_related("parent", "child")
        .order_by("pk")
    )
    # The stays are the household's: where and when mother and children were sheltered.
    stays = (
        Stay.objects.filter(family=family)
        .select_related("location", "unit", "family_worker")
        .prefetch_related(
            Prefetch("phase_decisions", queryset=PhaseDecision.objects.select_related(
                "decided_by").order_by("decided_on", "recorded_at", "pk")),
            Prefetch("safety_assessments", queryset=SafetyAssessment.objects.select_related(
                "assessed_by").order_by("assessed_on", "recorded_at", "pk")),
        )
        .order_by("started_on", "pk")
    )
    help_forms = (
        HelpForm.objects.filter(person=person)
        .select_related("petal", "petal__domain", "responsible")
        .order_by("started_on", "pk")
    )
    continuing = (
        ContinuingHelp.objects.filter(person=person).select_related("petal")
        .order_by("created_at", "pk")
    )
    journal = (
        JournalEntry.objects.filter(family=family).filter(about_person)
        .select_related("author", "person")
        .order_by("written_at", "pk")
    )
    corrections = (
        Correction.objects.filter(family=family).filter(about_person)
        .select_related("changed_by")
        .order_by("changed_at", "pk")
    )
    assignments = (
        Assignment.objects.filter(family=family).filter(about_person)
        .select_related("worker", "worker__organisation")
        .order_by("started_on", "pk")
    )
    network_referrals = NetworkReferral.objects.filter(person=person).order_by("chosen_on", "pk")
    events = audit_selectors.with_emergency_reasons(
        list(audit_selectors.access_report(person=person)))

    return {
        "format": "bloem-person-file/1",
        "generated_at": timezone.now(),
        "person": {
            "id": person.pk,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "date_of_birth": person.date_of_birth,
            "gender": person.gender,
            "gender_label": _label(person, "gender"),
            "family_role": person.family_role,
            "family_role_label": _label(person, "family_role"),
            "network_relation": person.network_relation,
            "address": person.address,
            "phone": person.phone,
            "new_address": person.new_address,
            "created_at": person.created_at,
            "updated_at": person.updated_at,
        },
        "family": {
            "reference": family.reference,
            "name": family.name,
            "municipality": family.municipality.name if family.municipality else "",
            "shares_household_file": household,
        },
        "relations": [
            {
                "parent": r.parent.full_name,
                "child": r.child.full_name,
                "kind": r.kind,
                "kind_label": _label(r, "kind"),
                "has_authority": r.has_authority,
                "authority_note": r.authority_note,
            }
            for r in relations
        ],
        "stays": [
            {
                "started_on": s.started_on,
                "ended_on": s.ended_on,
                "location": str(s.location),
                "unit": s.unit.name,
                "family_worker": _worker(s.family_worker),
                "phase": s.phase,
                "phase_label": _label(s, "phase"),
                "safety_level": s.safety_level,
                "safety_level_label": _label(s, "safety_level"),
                "phase_history": [
                    {"phase": d.phase, "phase_label": _label(d, "phase"),
                     "decided_on": d.decided_on, "decided_by": _worker(d.decided_by),
                     "reason": d.reason}
                    for d in s.phase_decisions.all()
                ],
                "safety_history": [
                    {"level": a.level, "level_label": _label(a, "level"),
                     "assessed_on": a.assessed_on, "assessed_by": _worker(a.assessed_by),
                     "explanation": a.explanation}
                    for a in s.safety_assessments.all()
                ],
            }
            for s in (stays if household else ())
        ],
        "help_forms": [
            {
                "petal": h.petal.label,
                "domain": h.petal.domain.label,
                "financing": h.petal.financing,
                "responsible": _worker(h.responsible),
                "started_on": h.started_on,
                "ended_on": h.ended_on,
                "goal": h.goal,
            }
            for h in help_forms
        ],
        "continuing_help": [
            {
                "petal": c.petal.label,
                "reason": c.reason,
                "status": c.status,
                "status_label": _label(c, "status"),
                "handed_over_on": c.handed_over_on,
            }
            for c in continuing
        ],
        "journal": [
            {
                "written_at": j.written_at,
                "author": _worker(j.author),
                "about": j.person.full_name if j.person else "",
                "text": j.text,
            }
            for j in journal
        ],
        "corrections": [
            {
                "changed_at": c.changed_at,
                "changed_by": _worker(c.changed_by),
                "record": c.record_label,
                "field": c.field_label,
                "old_value": c.old_display,
                "new_value": c.new_display,
                "reason": c.reason,
            }
            for c in corrections
        ],
        "workers": [
            {
                "worker": _worker(a.worker),
                "organisation": str(a.worker.organisation or ""),
                "role": a.role,
                "role_label": _label(a, "role"),
                "started_on": a.started_on,
                "ended_on": a.ended_on,
            }
            for a in assignments
        ],
        "network_referrals": [
            {
                "practitioner": r.practitioner_name,
                "method": r.method,
                "method_label": _label(r, "method"),
                "municipality": r.municipality_code,
                "reasons": r.reason_list,
                "chosen_on": r.chosen_on,
            }
            for r in network_referrals
        ],
        "access_overview": [
            {
                "at": e.at,
                "worker": e.actor_username,
                "organisation": e.actor_organisation,
                "action": e.action,
                "action_label": _label(e, "action"),
                "record": e.record_label,
                "emergency_access": e.break_glass,
                "emergency_reason": e.emergency_reason,
            }
            for e in events
        ],
    }
