"""Writes of the outflow and the warm handover, each atomic and audited: record the
outflow and the help that must continue, close the stay (only without open help), prepare
a handover, record the consents to it, share it (only with the consent the rule engine
requires), and record its follow-up. `gather_package` builds the package from the file."""

import datetime
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bloem.accounts.models import Municipality
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.catalogue.models import HelpForm, Petal
from bloem.consent.models import Consent
from bloem.families import services as family_services
from bloem.families.models import Family, FamilyRole, ParentChildRelation, Person, Stay
from bloem.planning.models import OPEN_GOAL_STATUSES, Goal
from bloem.safety.models import PlanAgreement
from bloem.screening import engine as instruments
from bloem.screening.models import Moment, Response

from . import package as pkg
from . import selectors
from .models import (
    ContinuingHelp,
    FollowUp,
    Handover,
    HandoverConsent,
    HelpStatus,
    Outflow,
)
from .snapshot import package_to_json


def _check_municipality(code: str) -> None:
    if code and not Municipality.objects.filter(code=code).exists():
        raise ValidationError({"new_municipality": _("Choose a municipality from the list.")})


@transaction.atomic
def outflow_record(*, request: HttpRequest, stay: Stay, left_on: datetime.date,
                   destination: str, new_municipality_code: str = "",
                   summary: str = "") -> Outflow:
    """Record (or change) how and where the stay ends; the stay itself stays open until
    `stay_close`."""
    if not stay.is_open:
        raise ValidationError(_("This stay has ended; its outflow can no longer change."))
    _check_municipality(new_municipality_code)
    outflow = Outflow.objects.filter(stay=stay).first()
    created = outflow is None
    if created:
        outflow = Outflow(family_id=stay.family_id, stay=stay, recorded_by=request.user)
    outflow.left_on, outflow.destination = left_on, destination
    outflow.new_municipality_code, outflow.summary = new_municipality_code, summary
    outflow.full_clean()
    outflow.save()
    audit(request=request, action=Action.CREATE if created else Action.UPDATE, record=outflow)
    return outflow


@transaction.atomic
def continuing_help_add(*, request: HttpRequest, outflow: Outflow, person: Person,
                        reason: str, help_form: HelpForm | None = None,
                        petal: Petal | None = None) -> ContinuingHelp:
    """Record help a family member needs after the stay: a form of help of the file, or a
    petal when none has started yet."""
    if help_form is None and petal is None:
        raise ValidationError(_("Choose the form of help or the petal."))
    row = ContinuingHelp(family_id=outflow.family_id, outflow=outflow, person=person,
                         help_form=help_form, petal=petal or help_form.petal, reason=reason,
                         recorded_by=request.user)
    row.full_clean()
    row.save()
    audit(request=request, action=Action.CREATE, record=row)
    return row


@transaction.atomic
def continuing_help_handed_over(*, request: HttpRequest, help: ContinuingHelp,
                                handed_over_on: datetime.date) -> ContinuingHelp:
    help.status, help.handed_over_on = HelpStatus.HANDED_OVER, handed_over_on
    help.full_clean()
    help.save(update_fields=["status", "handed_over_on", "updated_at"])
    audit(request=request, action=Action.UPDATE, record=help)
    return help


@transaction.atomic
def stay_close(*, request: HttpRequest, outflow: Outflow) -> Stay:
    """End the stay on the date of outflow — refused, naming each one, while a form of
    help is open and not handed over (families.services.stay_update checks the same)."""
    stay = Stay.objects.select_for_update().select_related("location", "unit").get(
        pk=outflow.stay_id)
    if not stay.is_open:
        raise ValidationError(_("This stay has already ended."))
    stay = family_services.stay_update(request=request, stay=stay, version=stay.version,
                                       location=stay.location, unit=stay.unit,
                                       ended_on=outflow.left_on)
    outflow.closed_at = timezone.now()
    outflow.save(update_fields=["closed_at", "updated_at"])
    return stay


# -- the package --------------------------------------------------------------------------


def _parts(chosen: Mapping[int, frozenset[str]], part: str) -> list[int]:
    return [pk for pk, parts in chosen.items() if part in parts]


def gather_package(*, family: Family, outflow: Outflow, chosen: Mapping[int, frozenset[str]],
                   receiving_party: str, prepared_by, today: datetime.date) -> pkg.HandoverPackage:
    """The package of the chosen members (person id → parts of PARTS), with only their
    chosen parts, in at most ten queries whatever the size of the file."""
    chosen = {int(k): frozenset(v) & frozenset(pkg.PARTS) for k, v in chosen.items()}
    # Parents first, then the children from the eldest.
    members = sorted(Person.objects.filter(family=family, pk__in=list(chosen)),
                     key=lambda m: (m.family_role == FamilyRole.CHILD,
                                    m.date_of_birth or datetime.date.max, m.pk))
    keys = {m.pk: f"m{i}" for i, m in enumerate(members, start=1)}
    stay = Stay.objects.select_related("location").get(pk=outflow.stay_id)
    safety_ids = _parts(chosen, "safety")
    assessment = (stay.safety_assessments.order_by("-assessed_on", "-recorded_at").first()
                  if safety_ids else None)
    agreements = (list(PlanAgreement.objects.filter(family=family, ended_on__isnull=True)
                       .order_by("agreed_on", "pk")) if safety_ids else [])
    score_ids = set(_parts(chosen, "screening")) | set(_parts(chosen, "outcomes"))
    responses = list(Response.objects.filter(person_id__in=score_ids, complete=True)
                     .order_by("administered_on", "pk"))
    goals = list(Goal.objects.filter(person_id__in=_parts(chosen, "goals"),
                                     status__in=OPEN_GOAL_STATUSES).order_by("started_on", "pk"))
    continuing = list(ContinuingHelp.objects.filter(
        outflow=outflow, person_id__in=_parts(chosen, "continuing_help"))
        .select_related("petal", "help_form").order_by("pk"))
    consents = list(Consent.objects.filter(child_id__in=_parts(chosen, "consents"))
                    .order_by("given_on", "pk"))
    relations = list(ParentChildRelation.objects.filter(child_id__in=list(chosen),
                                                        parent_id__in=list(chosen)))

    def score(r: Response) -> pkg.Score:
        instrument = instruments.get(r.instrument)
        name = instrument.data.get("name", {}).get("nl", r.instrument) if instrument \
            else r.instrument
        return pkg.Score(instrument=r.instrument, instrument_name=name, version=r.version,
                         informant=r.informant, moment=r.moment,
                         administered_on=r.administered_on, total=r.total, band=r.band,
                         subscales=tuple(sorted((k, pkg.Decimal(str(v)))
                                                for k, v in (r.subscales or {}).items()
                                                if isinstance(v, int | float | str))))

    def wanted(r: Response, parts: frozenset[str]) -> bool:
        return ("screening" in parts) if r.moment == Moment.T0 else ("outcomes" in parts)

    out = []
    for m in members:
        parts = chosen[m.pk]
        out.append(pkg.Member(
            key=keys[m.pk], first_name=m.first_name, last_name=m.last_name,
            birth_date=m.date_of_birth, gender=m.gender, family_role=m.family_role,
            parts=parts,
            parents=tuple(pkg.Parent(member=keys[r.parent_id], authority=r.has_authority)
                          for r in relations if r.child_id == m.pk),
            scores=tuple(score(r) for r in responses
                         if r.person_id == m.pk and wanted(r, parts)),
            goals=tuple(pkg.Goal(description=g.description, petal_code=g.petal_id,
                                 started_on=g.started_on, review_on=g.review_on,
                                 status=g.status, actions=g.actions)
                        for g in goals if g.person_id == m.pk),
            continuing_help=tuple(pkg.ContinuingHelp(
                petal_code=c.petal_id, petal_name=c.petal.label, reason=c.reason,
                started_on=c.help_form.started_on if c.help_form else None)
                for c in continuing if c.person_id == m.pk),
            consents=tuple(pkg.ConsentGiven(
                petal_code=c.petal_id, given_by=keys.get(c.given_by_id, ""),
                basis=c.basis, form=c.form, given_on=c.given_on,
                withdrawn_on=c.withdrawn_on, decision_reference=c.decision_reference)
                for c in consents if c.child_id == m.pk),
        ))
    return pkg.HandoverPackage(
        file_number=family.reference,
        organisation=str(prepared_by.organisation) if prepared_by.organisation_id else "",
        location=stay.location.name, stay_started_on=stay.started_on,
        outflow_on=outflow.left_on, destination=outflow.destination,
        new_municipality_code=outflow.new_municipality_code,
        receiving_party=receiving_party, prepared_by=prepared_by.get_full_name()
        or prepared_by.get_username(), prepared_on=today,
        summary=outflow.summary if _parts(chosen, "summary") else "",
        safety_level=assessment.level if assessment else "",
        safety_assessed_on=assessment.assessed_on if assessment else None,
        safety_agreements=tuple(pkg.SafetyAgreement(text=a.text, agreed_on=a.agreed_on)
                                for a in agreements),
        members=tuple(out),
    )


# -- the handover -------------------------------------------------------------------------


@transaction.atomic
def handover_prepare(*, request: HttpRequest, outflow: Outflow, receiving_party: str,
                     chosen: Mapping[int, frozenset[str]], contact: str = "") -> Handover:
    """A handover in preparation: the receiving party and, per member, the parts chosen."""
    chosen = {str(k): sorted(set(v) & set(pkg.PARTS)) for k, v in chosen.items() if v}
    if not chosen:
        raise ValidationError(_("Choose at least one family member and one part to share."))
    members = set(Person.objects.filter(family_id=outflow.family_id)
                  .values_list("pk", flat=True))
    if not {int(k) for k in chosen} <= members:
        raise ValidationError(_("This person belongs to another family."))
    handover = Handover(family_id=outflow.family_id, outflow=outflow,
                        receiving_party=receiving_party, contact=contact, chosen=chosen,
                        prepared_by=request.user)
    handover.full_clean()
    handover.save()
    audit(request=request, action=Action.CREATE, record=handover)
    return handover


@transaction.atomic
def handover_consent_record(*, request: HttpRequest, handover: Handover, subject: Person,
                            given_by: Person, given_on: datetime.date,
                            form: str) -> HandoverConsent:
    if handover.is_shared:
        raise ValidationError(_("This handover has been shared already."))
    if str(subject.pk) not in handover.chosen:
        raise ValidationError({"subject": _("This person is not part of the handover.")})
    consent = HandoverConsent(family_id=handover.family_id, handover=handover,
                              subject=subject, given_by=given_by, given_on=given_on,
                              form=form, recorded_by=request.user)
    consent.full_clean()
    consent.save()
    audit(request=request, action=Action.CREATE, record=consent, person_id=subject.pk)
    return consent


@transaction.atomic
def handover_share(*, request: HttpRequest, handover: Handover,
                   today: datetime.date) -> Handover:
    """Share the package — only with the consent the rule engine requires (otherwise the
    refusal names who is missing and nothing is shared). The package as shared is kept,
    the help it hands over is recorded as handed over, and the follow-up comes due."""
    handover = Handover.objects.select_for_update().select_related("outflow").get(
        pk=handover.pk)
    if handover.is_shared:
        raise ValidationError(_("This handover has been shared already."))
    verdict = selectors.share_verdict(handover, today)
    if verdict.blocked:
        raise ValidationError(verdict.reasons(get_language() or "nl"))
    chosen = {int(k): frozenset(v) for k, v in handover.chosen.items()}
    package = gather_package(family=handover.family, outflow=handover.outflow, chosen=chosen,
                             receiving_party=handover.receiving_party,
                             prepared_by=request.user, today=today)
    handover.package = package_to_json(package)
    handover.shared_at, handover.shared_by = timezone.now(), request.user
    handover.follow_up_on = today + datetime.timedelta(
        weeks=settings.HANDOVER_FOLLOW_UP_WEEKS)
    handover.save()
    ContinuingHelp.objects.filter(
        outflow=handover.outflow, status=HelpStatus.TO_HAND_OVER,
        person_id__in=_parts(chosen, "continuing_help"),
    ).update(status=HelpStatus.HANDED_OVER, handed_over_on=today, updated_at=timezone.now())
    audit(request=request, action=Action.EXPORT, record=handover,
          subject_count=len(package.members))
    return handover


@transaction.atomic
def handover_follow_up(*, request: HttpRequest, handover: Handover, follow_up: str,
                       picked_up_on: datetime.date | None = None, note: str = "") -> Handover:
    """Did the receiving party pick it up? Answered, the item leaves the worklist."""
    if not handover.is_shared:
        raise ValidationError(_("A handover is followed up after it has been shared."))
    if follow_up == FollowUp.PICKED_UP and picked_up_on is None:
        raise ValidationError({"picked_up_on": _("Fill in when the receiving party picked "
                                                 "it up.")})
    if follow_up == FollowUp.NOT_REACHED and not note.strip():
        raise ValidationError({"note": _("Write down what you tried and what happens next.")})
    handover.follow_up = follow_up
    handover.picked_up_on = picked_up_on if follow_up == FollowUp.PICKED_UP else None
    handover.follow_up_note, handover.follow_up_by = note, request.user
    handover.save()
    audit(request=request, action=Action.UPDATE, record=handover)
    return handover
