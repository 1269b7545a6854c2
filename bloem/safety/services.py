"""Every write of the safety app: atomic, validated with full_clean(), audited in the same
transaction. The safety level itself is written by `families.services.safety_assess` (the
one source of the current level); `assessment_record` adds the structured detail."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.families import services as family_services
from bloem.families.models import Family, FamilyRole, Person, SafetyAssessment, Stay
from bloem.rules import evaluate
from bloem.rules import facts as rule_facts
from bloem.rules import safety as rules
from bloem.rules.engine import Verdict

from .models import (
    AgreementKind,
    AlertSeen,
    AssessmentDetail,
    ChildSignal,
    ConsultationKind,
    Decision,
    MeldcodeCase,
    MeldcodeConsultation,
    MeldcodeWeighing,
    PlanAgreement,
    PlanContact,
    PlanReview,
    ProtectiveMeasure,
    SafetyPlan,
)


def _save(obj) -> None:
    obj.full_clean()
    obj.save()


class RulesRefusedError(ValidationError):
    """The care rules refuse the action; the message carries their reasons."""

    def __init__(self, verdict: Verdict, language: str = "nl"):
        reasons = [f"{f.message(language)} {f.resolution(language)}".strip()
                   for f in verdict.blocking]
        super().__init__(reasons, code="rules")
        self.verdict = verdict


def _language() -> str:
    from django.utils.translation import get_language

    return get_language() or "nl"


# -- the structured safety assessment -----------------------------------------------------


@transaction.atomic
def assessment_record(*, request: HttpRequest, stay: Stay, level: str,
                      assessed_on: datetime.date, explanation: str, factors: dict[str, str],
                      instrument_outcome: str = "", notes: str = "",
                      child_signals: dict[Person, tuple[str, str]] | None = None,
                      ) -> SafetyAssessment:
    """Record a structured (re-)assessment: the level and its reasoning through the family
    file's own service (which keeps the current level and its history), then the risk
    factors and each child's signals. A change to red alerts the team by itself
    (selectors.alerts_for)."""
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("The date lies in the future.")})
    assessment = family_services.safety_assess(request=request, stay=stay, level=level,
                                               assessed_on=assessed_on,
                                               explanation=explanation)
    detail = AssessmentDetail(family_id=stay.family_id, assessment=assessment,
                              instrument_outcome=instrument_outcome, notes=notes, **factors)
    _save(detail)
    for person, (concern, signals) in (child_signals or {}).items():
        if person.family_id != stay.family_id or person.family_role != FamilyRole.CHILD:
            raise ValidationError(_("Signals can only be recorded for the family's children."))
        _save(ChildSignal(family_id=stay.family_id, detail=detail, person=person,
                          concern=concern, signals=signals))
    audit(request=request, action=Action.CREATE, record=detail)
    return assessment


@transaction.atomic
def alerts_seen(*, request: HttpRequest, assessments: list[SafetyAssessment]) -> int:
    """The worker has seen these red alerts (of families they can see)."""
    seen = set(AlertSeen.objects.filter(worker=request.user, assessment__in=assessments)
               .values_list("assessment_id", flat=True))
    new = [AlertSeen(assessment=a, worker=request.user) for a in assessments
           if a.pk not in seen]
    AlertSeen.objects.bulk_create(new)
    for row in new:
        audit(request=request, action=Action.VIEW, record=row.assessment,
              family_id=row.assessment.stay.family_id)
    return len(new)


# -- the safety plan --------------------------------------------------------------------------


def _plan(family: Family) -> SafetyPlan:
    plan, _created = SafetyPlan.objects.get_or_create(family=family)
    return plan


@transaction.atomic
def plan_review(*, request: HttpRequest, family: Family, reviewed_on: datetime.date,
                next_review_on: datetime.date, note: str = "") -> PlanReview:
    """Record that the plan was reviewed with the client, and when it is reviewed next."""
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": _("The date lies in the future.")})
    if next_review_on <= reviewed_on:
        raise ValidationError({"next_review_on": _("The next review lies after this one.")})
    plan = _plan(family)
    review = PlanReview(family=family, plan=plan, reviewed_on=reviewed_on,
                        reviewed_by=request.user, note=note)
    _save(review)
    plan.next_review_on = next_review_on
    _save(plan)
    audit(request=request, action=Action.CREATE, record=review)
    return review


def _contact_verdict(family: Family, day: datetime.date) -> Verdict:
    """The existing contact rule (contact.ex-partner) on a contact arrangement, with the
    facts the consent app builds for it: the current safety level and the client's
    recorded agreement periods."""
    from bloem.consent.checks import contact_agreement_periods

    stay = family.stays.filter(ended_on__isnull=True).first()
    return evaluate(rule_facts.ContactExPartner(
        day=day, safety_level=stay.safety_level if stay else None,
        agreements=contact_agreement_periods(family.pk)))


@transaction.atomic
def agreement_add(*, request: HttpRequest, family: Family, kind: str, text: str,
                  reveals_whereabouts: bool, agreed_on: datetime.date) -> PlanAgreement:
    """Add an agreement to the plan. A contact arrangement with the other parent is judged
    by the contact rule: none while the level is red or without the client's agreement."""
    if agreed_on > timezone.localdate():
        raise ValidationError({"agreed_on": _("The date lies in the future.")})
    if kind == AgreementKind.CONTACT_ARRANGEMENT:
        verdict = _contact_verdict(family, timezone.localdate())
        if verdict.blocked:
            raise RulesRefusedError(verdict, _language())
    agreement = PlanAgreement(family=family, plan=_plan(family), kind=kind, text=text,
                              reveals_whereabouts=reveals_whereabouts, agreed_on=agreed_on,
                              recorded_by=request.user)
    _save(agreement)
    audit(request=request, action=Action.CREATE, record=agreement)
    return agreement


@transaction.atomic
def agreement_end(*, request: HttpRequest, agreement: PlanAgreement,
                  ended_on: datetime.date) -> PlanAgreement:
    if agreement.ended_on is not None:
        raise ValidationError(_("This agreement has already ended."))
    agreement.ended_on = ended_on
    _save(agreement)
    audit(request=request, action=Action.UPDATE, record=agreement)
    return agreement


@transaction.atomic
def contact_add(*, request: HttpRequest, family: Family, name: str, role: str, phone: str = "",
                address: str = "") -> PlanContact:
    contact = PlanContact(family=family, plan=_plan(family), name=name, role=role, phone=phone,
                          address=address)
    _save(contact)
    audit(request=request, action=Action.CREATE, record=contact)
    return contact


@transaction.atomic
def measure_add(*, request: HttpRequest, family: Family, kind: str, issued_by: str,
                starts_on: datetime.date, ends_on: datetime.date | None, reference: str = "",
                conditions: str = "") -> ProtectiveMeasure:
    _plan(family)
    measure = ProtectiveMeasure(family=family, kind=kind, issued_by=issued_by,
                                starts_on=starts_on, ends_on=ends_on, reference=reference,
                                conditions=conditions, recorded_by=request.user)
    _save(measure)
    audit(request=request, action=Action.CREATE, record=measure)
    return measure


@transaction.atomic
def measure_follow_up(*, request: HttpRequest, measure: ProtectiveMeasure,
                      followed_up_on: datetime.date, follow_up: str) -> ProtectiveMeasure:
    """Record what holds after a measure's end date (extended, replaced, ended)."""
    measure = ProtectiveMeasure.objects.select_for_update().get(pk=measure.pk)
    if followed_up_on > timezone.localdate():
        raise ValidationError({"followed_up_on": _("The date lies in the future.")})
    measure.followed_up_on = followed_up_on
    measure.follow_up = follow_up
    _save(measure)
    audit(request=request, action=Action.UPDATE, record=measure)
    return measure


# -- the Meldcode -----------------------------------------------------------------------------


def _not_future(name: str, day: datetime.date) -> None:
    if day > timezone.localdate():
        raise ValidationError({name: _("The date lies in the future.")})


def _locked(case: MeldcodeCase) -> MeldcodeCase:
    case = MeldcodeCase.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise ValidationError(_("This Meldcode case has been decided; it can no longer "
                                "change."))
    return case


@transaction.atomic
def meldcode_open(*, request: HttpRequest, family: Family, person: Person | None,
                  signals_on: datetime.date, signals: str) -> MeldcodeCase:
    """Step 1: map the signals."""
    _not_future("signals_on", signals_on)
    if person is not None and person.family_id != family.pk:
        raise ValidationError({"person": _("This person belongs to another family.")})
    case = MeldcodeCase(family=family, person=person, opened_by=request.user,
                        signals_on=signals_on, signals=signals)
    _save(case)
    audit(request=request, action=Action.CREATE, record=case)
    return case


@transaction.atomic
def meldcode_consult(*, request: HttpRequest, case: MeldcodeCase, kind: str,
                     consulted_on: datetime.date, consulted: str,
                     advice: str) -> MeldcodeConsultation:
    """Step 2: a consultation of a colleague, Veilig Thuis (advice) or an injury expert.
    Veilig Thuis may be asked for advice in any later step too."""
    case = _locked(case)
    _not_future("consulted_on", consulted_on)
    if consulted_on < case.signals_on:
        raise ValidationError({"consulted_on": _("The consultation lies before the signals "
                                                 "were mapped.")})
    consultation = MeldcodeConsultation(family_id=case.family_id, case=case, kind=kind,
                                        consulted_on=consulted_on, consulted=consulted,
                                        advice=advice, recorded_by=request.user)
    _save(consultation)
    audit(request=request, action=Action.CREATE, record=consultation)
    return consultation


@transaction.atomic
def meldcode_talk(*, request: HttpRequest, case: MeldcodeCase, talked_on: datetime.date | None,
                  talk_summary: str = "", talk_skipped: str = "") -> MeldcodeCase:
    """Step 3: the conversation with the client, or why it did not take place (only when it
    would endanger someone's safety). Needs a colleague consulted first (step 2).

    Source checked (stored copies, via the search tool): the five-step model as published by
    Veilig Thuis Groningen (groningermeldcode.nl, "De Meldcode in 5 stappen": "Als deze [de
    veiligheid] in het geding komt door het voeren van een gesprek, slaat u deze stap
    over") and signalenkaart.nl (a report without the conversation only with concrete
    indications that someone's safety is at stake, or that the client would break off
    contact). The reason is recorded as free text."""
    case = _locked(case)
    if not case.consultations.filter(kind=ConsultationKind.COLLEAGUE).exists():
        raise ValidationError(_("First consult a colleague (step 2)."))
    talk_summary, talk_skipped = talk_summary.strip(), talk_skipped.strip()
    if talked_on is not None:
        _not_future("talked_on", talked_on)
        if not talk_summary:
            raise ValidationError({"talk_summary": _("Write down what the client said.")})
        talk_skipped = ""
    elif not talk_skipped:
        raise ValidationError({"talked_on": _("Fill in the date of the conversation, or why "
                                              "there was none.")})
    case.talked_on, case.talk_summary, case.talk_skipped = talked_on, talk_summary, talk_skipped
    _save(case)
    audit(request=request, action=Action.UPDATE, record=case)
    return case


@transaction.atomic
def meldcode_weigh(*, request: HttpRequest, case: MeldcodeCase, weighed_on: datetime.date,
                   reasoning: str, suspicion: str, unsafety: str = "", can_help: str = "",
                   help_accepted: str = "", help_works: str = "") -> MeldcodeWeighing:
    """Step 4: answer the decision framework's questions. Every question the framework
    reaches must be answered; questions it does not reach are left empty."""
    case = _locked(case)
    if not case.talk_done:
        raise ValidationError(_("First record the conversation with the client (step 3)."))
    _not_future("weighed_on", weighed_on)
    weighing = MeldcodeWeighing(family_id=case.family_id, case=case, weighed_on=weighed_on,
                                weighed_by=request.user, reasoning=reasoning,
                                suspicion=suspicion, unsafety=unsafety, can_help=can_help,
                                help_accepted=help_accepted, help_works=help_works)
    weighing.full_clean(exclude=["outcome"])
    facts = weighing.as_facts()
    missing = rules.missing_answers(facts)
    if missing:
        raise ValidationError({name: _("The decision framework needs this answer.")
                               for name in missing})
    reached = set(rules.required_questions(facts))
    for name in rules.QUESTIONS:
        if name not in reached:
            setattr(weighing, name, "")
    weighing.outcome = rules.framework_outcome(weighing.as_facts()).value
    _save(weighing)
    audit(request=request, action=Action.CREATE, record=weighing)
    return weighing


@transaction.atomic
def meldcode_decide(*, request: HttpRequest, case: MeldcodeCase, decided_on: datetime.date,
                    decision: str, decision_reasons: str,
                    reported_on: datetime.date | None = None,
                    report_reference: str = "") -> MeldcodeCase:
    """Step 5: decide, as the decision framework allows (rule meldcode.decision-framework).
    A report is recorded with its date and the reference Veilig Thuis gave."""
    case = _locked(case)
    _not_future("decided_on", decided_on)
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Choose a decision.")})
    latest = case.weighings.order_by("-weighed_on", "-pk").first()
    if latest is None:
        raise ValidationError(_("First weigh with the decision framework (step 4)."))
    verdict = evaluate(rules.DecideMeldcode(weighing=latest.as_facts(),
                                            decision=rules.Decision(decision)))
    if verdict.blocked:
        raise RulesRefusedError(verdict, _language())
    report_reference = report_reference.strip()
    if decision == Decision.REPORT:
        errors = {}
        if reported_on is None:
            errors["reported_on"] = _("Fill in the date of the report to Veilig Thuis.")
        if not report_reference:
            errors["report_reference"] = _("Fill in the reference Veilig Thuis gave.")
        if errors:
            raise ValidationError(errors)
        _not_future("reported_on", reported_on)
    else:
        reported_on, report_reference = None, ""
    case.decided_on, case.decided_by, case.decision = decided_on, request.user, decision
    case.decision_reasons = decision_reasons
    case.reported_on, case.report_reference = reported_on, report_reference
    _save(case)
    audit(request=request, action=Action.UPDATE, record=case)
    return case
