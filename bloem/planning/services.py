"""Every write of the team's care logistics: atomic, validated, audited in the same
transaction. Edits carry the version the worker saw (optimistic locking through
`families.changes.tracked_update`); status changes follow `transitions`. Chosen petals
become PROPOSED forms of help through the catalogue's own service: they start only through
the consent and care-rule gate (bloem.consent.checks), never here."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from bloem.accounts.models import Worker
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.catalogue import services as catalogue_services
from bloem.catalogue.models import Petal
from bloem.families.changes import tracked_update
from bloem.families.models import Family, FamilyRole, Person

from . import transitions as t
from .models import (
    ActionPlan,
    CaseDiscussion,
    CaseItem,
    ChildWorkPlan,
    ChosenPetal,
    Goal,
    GoalReview,
    GoalStatus,
    HgdPhase,
    JointAnalysis,
    PlanAgreement,
    Referral,
    ReferralStatus,
    ReferralStep,
)


def _save(obj) -> None:
    obj.full_clean()
    obj.save()


def _member(family: Family, person: Person | None, field: str = "person") -> None:
    if person is not None and person.family_id != family.pk:
        raise ValidationError({field: _("This person belongs to another family.")})


# -- referral ------------------------------------------------------------------------------


@transaction.atomic
def referral_create(*, request: HttpRequest, family: Family, person: Person | None,
                    receiver: str, question: str, signals: str = "", urgency: str = "normal",
                    tried: str = "") -> Referral:
    """Refer a child, a parent or the family (person None) to youth care or the GGZ
    partner; the receiving team sees it on its worklist at once."""
    _member(family, person)
    referral = Referral(family=family, person=person, receiver=receiver, question=question,
                        signals=signals, urgency=urgency, tried=tried,
                        referred_on=timezone.localdate(), referred_by=request.user)
    _save(referral)
    ReferralStep.objects.create(referral=referral, status=ReferralStatus.REFERRED,
                                at=timezone.now(), by=request.user)
    audit(request=request, action=Action.CREATE, record=referral)
    return referral


def _move_referral(request, referral: Referral, status: str, version: int, reason: str):
    t.check(t.REFERRAL_TRANSITIONS, ReferralStatus, referral.status, status)
    if status in t.REASON_REQUIRED and not reason.strip():
        raise ValidationError({"reason": _("Say why the referral is declined or referred "
                                           "elsewhere.")})
    referral = tracked_update(request=request, instance=referral, version=version,
                              changes={"status": status}, family_id=referral.family_id,
                              person_id=referral.person_id, reason=reason)
    ReferralStep.objects.create(referral=referral, status=status, at=timezone.now(),
                                by=request.user, reason=reason.strip())
    return referral


@transaction.atomic
def referral_move(*, request: HttpRequest, referral: Referral, status: str, version: int,
                  reason: str = "") -> Referral:
    """The next step of the referral's flow, stamped with who and when."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    return _move_referral(request, referral, status, version, reason)


# -- joint analysis -------------------------------------------------------------------------


@transaction.atomic
def analysis_create(*, request: HttpRequest, family: Family, planned_on: datetime.date,
                    referral: Referral | None = None, workers=(), members=()) -> JointAnalysis:
    """Plan the joint analysis; a referral that was taken on moves to 'analysis planned'."""
    for member in members:
        _member(family, member, "members")
    if referral is not None:
        if referral.family_id != family.pk:
            raise ValidationError({"referral": _("This referral belongs to another family.")})
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.status != ReferralStatus.ACCEPTED:
            raise t.TransitionError(
                _("Only a referral that has been taken on can get its joint analysis "
                  "planned (now: “%(status)s”).") % {"status": referral.get_status_display()},
                "referral")
    analysis = JointAnalysis(family=family, referral=referral, planned_on=planned_on)
    _save(analysis)
    analysis.workers.set(workers)
    analysis.members.set(members)
    audit(request=request, action=Action.CREATE, record=analysis)
    if referral is not None:
        _move_referral(request, referral, ReferralStatus.ANALYSIS_PLANNED, referral.version,
                       "")
    return analysis


ANALYSIS_FIELDS = ("held_on", "phase", "economic_insecurity", "parental_distress",
                   "partner_conflict", "disrupted_parenting", "risk_notes", "stressors",
                   "relationship", "stress_pattern", "conclusions", "advice")


@transaction.atomic
def analysis_update(*, request: HttpRequest, analysis: JointAnalysis, version: int,
                    workers=None, members=None, **fields) -> JointAnalysis:
    """Record the analysis as it is made with the family; the HGD phase moves only
    forward along the table (intake → strategy → investigation → indication → advice)."""
    current = JointAnalysis.objects.select_for_update().get(pk=analysis.pk)
    phase = fields.get("phase", current.phase)
    if phase != current.phase:
        t.check(t.HGD_TRANSITIONS, HgdPhase, current.phase, phase, field="phase")
    if fields.get("held_on") and fields["held_on"] > timezone.localdate():
        raise ValidationError({"held_on": _("The date cannot lie in the future.")})
    for member in members or ():
        _member(analysis.family, member, "members")
    changes = {name: value for name, value in fields.items() if name in ANALYSIS_FIELDS}
    analysis = tracked_update(request=request, instance=current, version=version,
                              changes=changes, family_id=current.family_id)
    if workers is not None:
        analysis.workers.set(workers)
    if members is not None:
        analysis.members.set(members)
    return analysis


@transaction.atomic
def petal_choose(*, request: HttpRequest, analysis: JointAnalysis, person: Person,
                 petal: Petal, responsible: Worker, started_on: datetime.date,
                 goal: str = "") -> ChosenPetal:
    """A petal chosen for a family member becomes a PROPOSED form of help: it starts only
    when the consent and care rules allow it (catalogue.services.helpform_activate)."""
    _member(analysis.family, person)
    if ChosenPetal.objects.filter(analysis=analysis, person=person, petal=petal).exists():
        raise ValidationError({"petal": _("This petal has already been chosen for this "
                                          "family member.")})
    help_form = catalogue_services.helpform_start(
        request=request, family=analysis.family, person=person, petal=petal,
        responsible=responsible, started_on=started_on, goal=goal, propose=True)
    chosen = ChosenPetal(analysis=analysis, person=person, petal=petal, help_form=help_form,
                         chosen_by=request.user, chosen_at=timezone.now())
    _save(chosen)
    audit(request=request, action=Action.CREATE, record=chosen, family_id=analysis.family_id,
          person_id=person.pk)
    return chosen


# -- the family action plan ------------------------------------------------------------------


def plan_for(*, request: HttpRequest, family: Family) -> ActionPlan:
    """The family's action plan, made (and audited) the first time it is needed."""
    plan = ActionPlan.objects.filter(family=family).first()
    if plan is None:
        analysis = JointAnalysis.objects.filter(family=family).order_by("-planned_on").first()
        plan = ActionPlan.objects.create(family=family, analysis=analysis)
        audit(request=request, action=Action.CREATE, record=plan)
    return plan


def _plan_changed(plan: ActionPlan) -> None:
    ActionPlan.objects.filter(pk=plan.pk).update(changed_since_agreement=True)


@transaction.atomic
def goal_create(*, request: HttpRequest, family: Family, person: Person, description: str,
                responsible: Worker, started_on: datetime.date, review_on: datetime.date,
                actions: str = "", petal: Petal | None = None) -> Goal:
    _member(family, person)
    plan = plan_for(request=request, family=family)
    goal = Goal(plan=plan, family=family, person=person, petal=petal,
                description=description, actions=actions, responsible=responsible,
                organisation_id=responsible.organisation_id, started_on=started_on,
                review_on=review_on)
    if responsible.organisation_id is None:
        raise ValidationError({"responsible": _("This worker has no organisation.")})
    _save(goal)
    _plan_changed(plan)
    audit(request=request, action=Action.CREATE, record=goal)
    return goal


@transaction.atomic
def goal_review(*, request: HttpRequest, goal: Goal, version: int, reviewed_on: datetime.date,
                progress: str, status: str, evaluation: str,
                next_review_on: datetime.date | None = None) -> GoalReview:
    """Review a goal: its progress, its status (along the table), the evaluation and the
    next review date (needed while the goal stays open)."""
    current = Goal.objects.select_for_update().get(pk=goal.pk)
    t.check(t.GOAL_TRANSITIONS, GoalStatus, current.status, status, stay_allowed=True)
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": _("The date cannot lie in the future.")})
    still_open = status in (GoalStatus.PLANNED, GoalStatus.IN_PROGRESS)
    if still_open and next_review_on is None:
        raise ValidationError({"next_review_on": _("An open goal needs a next review date.")})
    if next_review_on is not None and next_review_on <= reviewed_on:
        raise ValidationError({"next_review_on": _("The next review lies after this one.")})
    review = GoalReview(goal=current, reviewed_on=reviewed_on, progress=progress, status=status,
                        evaluation=evaluation, next_review_on=next_review_on,
                        reviewed_by=request.user)
    _save(review)
    changes = {"status": status, "evaluation": evaluation}
    if next_review_on is not None:
        changes["review_on"] = next_review_on
    tracked_update(request=request, instance=current, version=version, changes=changes,
                   family_id=current.family_id, person_id=current.person_id)
    _plan_changed(current.plan)
    audit(request=request, action=Action.CREATE, record=review, family_id=current.family_id,
          person_id=current.person_id)
    return review


@transaction.atomic
def child_plan_save(*, request: HttpRequest, family: Family, child: Person, version: int,
                    observations: str, discussed_with_parent: str,
                    discussed_with_child: str) -> ChildWorkPlan:
    """The child work plan of one child: observations, and what was discussed."""
    _member(family, child, "child")
    if child.family_role != FamilyRole.CHILD:
        raise ValidationError({"child": _("A child work plan is for a child.")})
    plan = plan_for(request=request, family=family)
    child_plan, created = ChildWorkPlan.objects.get_or_create(plan=plan, family=family,
                                                              child=child)
    if created:
        audit(request=request, action=Action.CREATE, record=child_plan, person_id=child.pk)
        version = child_plan.version
    child_plan = tracked_update(
        request=request, instance=child_plan, version=version, family_id=family.pk,
        person_id=child.pk, changes={"observations": observations,
                                     "discussed_with_parent": discussed_with_parent,
                                     "discussed_with_child": discussed_with_child})
    _plan_changed(plan)
    return child_plan


def snapshot(plan: ActionPlan) -> dict:
    """The plan's contents as plain data, kept with each agreement (a version)."""
    goals = plan.goals.select_related("person", "petal", "responsible", "organisation")
    return {
        "goals": [{
            "person": g.person.first_name, "goal": g.description, "actions": g.actions,
            "petal": g.petal.code if g.petal_id else "", "responsible": str(g.responsible),
            "organisation": g.organisation.name, "started_on": g.started_on.isoformat(),
            "review_on": g.review_on.isoformat(), "status": g.status,
            "evaluation": g.evaluation,
        } for g in goals],
        "child_plans": [{
            "child": c.child.first_name, "observations": c.observations,
            "discussed_with_parent": c.discussed_with_parent,
            "discussed_with_child": c.discussed_with_child,
        } for c in plan.child_plans.select_related("child")],
    }


@transaction.atomic
def plan_agree(*, request: HttpRequest, family: Family, parent: Person, agrees: bool,
               agreed_on: datetime.date, note: str = "") -> PlanAgreement:
    """Record the parent's (dis)agreement with the plan as it is now: a new version. When
    she agrees, referrals whose analysis was planned move to 'plan agreed'."""
    _member(family, parent, "parent")
    if parent.family_role != FamilyRole.PARENT:
        raise ValidationError({"parent": _("Choose the parent in the shelter.")})
    if agreed_on > timezone.localdate():
        raise ValidationError({"agreed_on": _("The date cannot lie in the future.")})
    plan = ActionPlan.objects.select_for_update().get(pk=plan_for(request=request,
                                                                  family=family).pk)
    if not plan.goals.exists():
        raise ValidationError(_("The plan has no goals yet."))
    number = (plan.agreements.aggregate(n=Max("number"))["n"] or 0) + 1
    agreement = PlanAgreement(plan=plan, number=number, parent=parent, agrees=agrees,
                              agreed_on=agreed_on, note=note, snapshot=snapshot(plan),
                              recorded_by=request.user, recorded_at=timezone.now())
    _save(agreement)
    if agrees:
        ActionPlan.objects.filter(pk=plan.pk).update(changed_since_agreement=False)
        for referral in Referral.objects.select_for_update().filter(
                family=family, status=ReferralStatus.ANALYSIS_PLANNED):
            _move_referral(request, referral, ReferralStatus.PLAN_AGREED, referral.version, "")
    audit(request=request, action=Action.CREATE, record=agreement, family_id=family.pk,
          person_id=parent.pk)
    return agreement


# -- case discussion -------------------------------------------------------------------------


@transaction.atomic
def case_item_add(*, request: HttpRequest, family: Family, held_on: datetime.date,
                  question: str) -> CaseItem:
    """Put the family on the agenda of the team's case discussion of that day (at the
    location of its open stay)."""
    stay = family.stays.filter(ended_on__isnull=True).first()
    if stay is None:
        raise ValidationError(_("The family has no open stay, so no team to discuss it."))
    if held_on < timezone.localdate():
        raise ValidationError({"held_on": _("Choose today or a later date.")})
    discussion, _created = CaseDiscussion.objects.get_or_create(held_on=held_on,
                                                                location_id=stay.location_id)
    item = CaseItem(discussion=discussion, family=family, question=question,
                    added_by=request.user)
    _save(item)
    audit(request=request, action=Action.CREATE, record=item)
    return item


@transaction.atomic
def case_item_record(*, request: HttpRequest, item: CaseItem, version: int, decisions: str,
                     follow_up: str, follow_up_by: Worker | None,
                     follow_up_due: datetime.date | None) -> CaseItem:
    if follow_up.strip() and follow_up_by is None:
        raise ValidationError({"follow_up_by": _("Say who takes the follow-up actions.")})
    return tracked_update(request=request, instance=item, version=version,
                          family_id=item.family_id,
                          changes={"decisions": decisions, "follow_up": follow_up,
                                   "follow_up_by": follow_up_by,
                                   "follow_up_due": follow_up_due})
