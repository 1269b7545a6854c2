"""Every write to the family file. Each service is atomic, validates with full_clean(),
and records its audit event in the same transaction. Edits of existing records carry the
`version` the worker edited and go through `changes.tracked_update`: optimistic locking
(no lost updates) and a visible history of corrections."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from bloem.accounts.models import Location, Municipality, Role, Unit, Worker
from bloem.audit.models import Action
from bloem.audit.services import record as audit

from .changes import tracked_update
from .models import (
    Assignment,
    Family,
    JournalEntry,
    ParentChildRelation,
    Person,
    Phase,
    PhaseDecision,
    SafetyAssessment,
    SafetyLevel,
    Stay,
)

# The care chain moves forward one step at a time and may fall back when safety is lost
# (Van Arum & Vogtländer): the one table of allowed phase changes.
PHASE_TRANSITIONS: dict[str, frozenset[str]] = {
    Phase.DIRECT_SAFETY: frozenset({Phase.RISK_DRIVEN}),
    Phase.RISK_DRIVEN: frozenset({Phase.DIRECT_SAFETY, Phase.RECOVERY}),
    Phase.RECOVERY: frozenset({Phase.RISK_DRIVEN, Phase.DIRECT_SAFETY}),
}


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


def open_file(*, name: str, municipality: Municipality | None, location: Location, unit: Unit,
              started_on: datetime.date, family_worker: Worker, decided_by: Worker,
              safety_level: str, safety_explanation: str, start_reason: str = "",
              assessed_on: datetime.date | None = None, save=_save) -> Family:
    """The rows of a new family file, without its audit entry: the family with its file
    number, the stay in the phase of direct safety, its first phase decision and safety
    assessment, and the family worker's assignment for the whole stay (M-04). `save`
    validates and saves one row (an import collects the refusals in its report)."""
    family = save(Family(name=name, municipality=municipality,
                         reference=uuid.uuid4().hex[:20]))
    family.reference = f"G{family.pk:07d}"
    family.save(update_fields=["reference"])
    stay = save(Stay(
        family=family, location=location, unit=unit, started_on=started_on,
        family_worker=family_worker, phase=Phase.DIRECT_SAFETY, safety_level=safety_level,
    ))
    save(PhaseDecision(stay=stay, phase=Phase.DIRECT_SAFETY, decided_on=started_on,
                       decided_by=decided_by, reason=start_reason or _("Start of the stay.")))
    save(SafetyAssessment(stay=stay, level=safety_level, assessed_on=assessed_on or started_on,
                          assessed_by=decided_by, explanation=safety_explanation))
    save(Assignment(family=family, worker=family_worker, role=Role.FAMILY_WORKER,
                    started_on=started_on))
    return family


@transaction.atomic
def family_create(
    *,
    request: HttpRequest,
    name: str,
    municipality: Municipality | None,
    location: Location,
    unit: Unit,
    started_on: datetime.date,
    family_worker: Worker,
    safety_level: str,
    safety_explanation: str,
) -> Family:
    """Open a family file with its stay: the intake (gezinstaxatie) sets the first safety
    level, the stay starts in the phase of direct safety, and the family worker is
    assigned for the whole stay (M-04)."""
    family = open_file(name=name, municipality=municipality, location=location, unit=unit,
                       started_on=started_on, family_worker=family_worker,
                       decided_by=request.user, safety_level=safety_level,
                       safety_explanation=safety_explanation)
    audit(request=request, action=Action.CREATE, record=family)
    return family


@transaction.atomic
def family_update(*, request: HttpRequest, family: Family, version: int, name: str,
                  municipality: Municipality | None, reason: str = "") -> Family:
    return tracked_update(request=request, instance=family, version=version,
                          changes={"name": name, "municipality": municipality},
                          family_id=family.pk, reason=reason)


@transaction.atomic
def person_create(*, request: HttpRequest, family: Family, **fields) -> Person:
    person = Person(family=family, **fields)
    _save(person)
    audit(request=request, action=Action.CREATE, record=person)
    return person


PERSON_EDITABLE_FIELDS = ("family_role", "first_name", "last_name", "date_of_birth", "gender",
                          "network_relation", "address", "phone", "new_address")


@transaction.atomic
def person_update(*, request: HttpRequest, person: Person, version: int, reason: str = "",
                  **fields) -> Person:
    """Change a person's details (any of PERSON_EDITABLE_FIELDS; a person stays in their
    family)."""
    unknown = set(fields) - set(PERSON_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"person_update: not editable: {', '.join(sorted(unknown))}")
    return tracked_update(request=request, instance=person, version=version, changes=fields,
                          family_id=person.family_id, person_id=person.pk, reason=reason)


@transaction.atomic
def relation_create(*, request: HttpRequest, parent: Person, child: Person, kind: str,
                    has_authority: bool, authority_note: str = "") -> ParentChildRelation:
    relation = ParentChildRelation(parent=parent, child=child, kind=kind,
                                   has_authority=has_authority, authority_note=authority_note)
    _save(relation)
    audit(request=request, action=Action.CREATE, record=relation)
    return relation


@transaction.atomic
def relation_update(*, request: HttpRequest, relation: ParentChildRelation, version: int,
                    kind: str, has_authority: bool, authority_note: str = "",
                    reason: str = "") -> ParentChildRelation:
    return tracked_update(
        request=request, instance=relation, version=version,
        changes={"kind": kind, "has_authority": has_authority,
                 "authority_note": authority_note},
        family_id=relation.child.family_id, person_id=relation.child_id, reason=reason,
    )


@transaction.atomic
def relation_delete(*, request: HttpRequest, relation: ParentChildRelation) -> None:
    audit(request=request, action=Action.DELETE, record=relation)
    relation.delete()


@transaction.atomic
def stay_update(*, request: HttpRequest, stay: Stay, version: int, location: Location,
                unit: Unit, ended_on: datetime.date | None) -> Stay:
    """Change the stay's location and unit, or end it. Phase and safety level are not
    touched here: they change only through phase_decide and safety_assess. A stay ends
    only when no form of help is open that has not been handed over (M-70)."""
    if ended_on is not None and stay.ended_on is None:
        # The outflow app owns "handed over"; asked lazily, as it builds on this app.
        from bloem.outflow.selectors import close_blockers, close_refusal

        if blockers := close_blockers(stay.family_id):
            raise ValidationError({"ended_on": close_refusal(blockers)})
    return tracked_update(request=request, instance=stay, version=version,
                          changes={"location": location, "unit": unit, "ended_on": ended_on},
                          family_id=stay.family_id)


def _locked(stay: Stay) -> Stay:
    """The stay as it is now, locked for the rest of the transaction: a decision is taken
    on the current phase, never on a copy read before someone else's decision."""
    return Stay.objects.select_for_update().get(pk=stay.pk)


@transaction.atomic
def phase_decide(*, request: HttpRequest, stay: Stay, phase: str, decided_on: datetime.date,
                 reason: str) -> PhaseDecision:
    """Move the stay to another phase of the care chain: a recorded decision (M-10)."""
    stay = _locked(stay)
    if not stay.is_open:
        raise ValidationError(_("This stay has ended; its phase can no longer change."))
    if phase not in PHASE_TRANSITIONS[stay.phase]:
        raise ValidationError(
            {"phase": _("From “%(current)s” the family can move to: %(allowed)s.") % {
                "current": Phase(stay.phase).label,
                "allowed": ", ".join(str(Phase(p).label) for p in
                                     sorted(PHASE_TRANSITIONS[stay.phase])),
            }}
        )
    decision = PhaseDecision(stay=stay, phase=phase, decided_on=decided_on,
                             decided_by=request.user, reason=reason)
    _save(decision)
    stay.phase = phase
    stay.save(update_fields=["phase", "updated_at"])
    audit(request=request, action=Action.CREATE, record=decision, family_id=stay.family_id)
    return decision


@transaction.atomic
def safety_assess(*, request: HttpRequest, stay: Stay, level: str,
                  assessed_on: datetime.date, explanation: str) -> SafetyAssessment:
    """Record a (re-)assessment of the safety level; the history is kept (M-11)."""
    stay = _locked(stay)
    if level not in SafetyLevel.values:
        raise ValidationError({"level": _("Choose green, orange or red.")})
    assessment = SafetyAssessment(stay=stay, level=level, assessed_on=assessed_on,
                                  assessed_by=request.user, explanation=explanation)
    _save(assessment)
    latest = stay.safety_assessments.order_by("-assessed_on", "-recorded_at").first()
    stay.safety_level = latest.level
    stay.save(update_fields=["safety_level", "updated_at"])
    audit(request=request, action=Action.CREATE, record=assessment, family_id=stay.family_id)
    return assessment


@transaction.atomic
def journal_write(*, request: HttpRequest, family: Family, person: Person | None,
                  text: str) -> JournalEntry:
    entry = JournalEntry(family=family, person=person, author=request.user,
                         written_at=timezone.now(), text=text)
    _save(entry)
    audit(request=request, action=Action.CREATE, record=entry)
    return entry


@transaction.atomic
def journal_correct(*, request: HttpRequest, entry: JournalEntry, version: int, text: str,
                    reason: str = "") -> JournalEntry:
    """Correct a journal note. A note is never edited in place silently: the earlier text
    is kept as a correction and shown in the change history, and the note is marked as
    corrected. Only its author corrects a note (policy.may_correct_journal_entry)."""
    if entry.author_id != request.user.pk:
        raise PermissionDenied
    if text == entry.text:
        raise ValidationError({"text": _("The note has not changed.")})
    return tracked_update(request=request, instance=entry, version=version,
                          changes={"text": text}, family_id=entry.family_id,
                          person_id=entry.person_id, reason=reason)


@transaction.atomic
def assignment_create(*, request: HttpRequest, family: Family, worker: Worker, role: str,
                      person: Person | None, started_on: datetime.date) -> Assignment:
    assignment = Assignment(family=family, worker=worker, role=role, person=person,
                            started_on=started_on)
    _save(assignment)
    audit(request=request, action=Action.CREATE, record=assignment)
    return assignment


@transaction.atomic
def assignment_end(*, request: HttpRequest, assignment: Assignment,
                   ended_on: datetime.date) -> Assignment:
    assignment.ended_on = ended_on
    _save(assignment)
    audit(request=request, action=Action.UPDATE, record=assignment)
    return assignment
