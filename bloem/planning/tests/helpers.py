"""Records of the team's work in a family, for the cross-cutting suites (tests/helpers.py)
and this app's tests."""

import datetime

from django.utils import timezone

from bloem.accounts.models import Location
from bloem.families.models import Family, FamilyRole
from bloem.families.tests.factories import TODAY
from bloem.planning.models import (
    ActionPlan,
    CaseDiscussion,
    CaseItem,
    ChildWorkPlan,
    ChosenPetal,
    Goal,
    GoalReview,
    JointAnalysis,
    PlanAgreement,
    Progress,
    Receiver,
    Referral,
    ReferralStatus,
    ReferralStep,
)


def add_team_work(family: Family, worker) -> None:
    """A referral, a joint analysis, an action plan with a goal and a child work plan, and
    an agenda item of a case discussion, in `family`."""
    child = family.members.filter(family_role=FamilyRole.CHILD).order_by("pk").first()
    referral = Referral.objects.create(
        family=family, person=child, receiver=Receiver.YOUTH_CARE, question="Onrustig.",
        referred_on=TODAY, referred_by=worker)
    ReferralStep.objects.create(referral=referral, status=ReferralStatus.REFERRED,
                                at=timezone.now(), by=worker)
    analysis = JointAnalysis.objects.create(family=family, planned_on=TODAY)
    plan = ActionPlan.objects.create(family=family, analysis=analysis)
    Goal.objects.create(plan=plan, family=family, person=child, description="Rust en ritme.",
                        responsible=worker, organisation_id=worker.organisation_id,
                        started_on=TODAY, review_on=TODAY + datetime.timedelta(days=28))
    ChildWorkPlan.objects.create(plan=plan, family=family, child=child)
    location = Location.objects.get(pk=family.stays.get(ended_on__isnull=True).location_id)
    discussion, _ = CaseDiscussion.objects.get_or_create(held_on=TODAY, location=location)
    CaseItem.objects.create(discussion=discussion, family=family, question="Omgang vader?",
                            added_by=worker)


def team_objects(family: Family) -> dict:
    """The object of each kind of the team's work that a route can refer to."""
    return {
        "referral": family.referrals.order_by("pk").first(),
        "analysis": family.analyses.order_by("pk").first(),
        "plan": ActionPlan.objects.filter(family=family).first(),
        "goal": family.goals.order_by("pk").first(),
        "child": family.members.filter(family_role=FamilyRole.CHILD).order_by("pk").first(),
        "case_item": family.case_items.order_by("pk").first(),
    }


def fill_team_file(family: Family, worker) -> None:
    """Every kind of record of the team's work in `family` (for the retention tests): the
    records of `add_team_work`, a chosen petal, a goal review and the mother's agreement."""
    add_team_work(family, worker)
    child = family.members.filter(family_role=FamilyRole.CHILD).order_by("pk").first()
    mother = family.members.get(family_role=FamilyRole.PARENT)
    analysis = family.analyses.order_by("pk").first()
    ChosenPetal.objects.create(analysis=analysis, person=child, petal_id="school-guidance",
                               chosen_by=worker, chosen_at=timezone.now())
    goal = family.goals.order_by("pk").first()
    GoalReview.objects.create(goal=goal, reviewed_on=TODAY, progress=Progress.SOME,
                              status=goal.status, evaluation="Besproken.", reviewed_by=worker)
    PlanAgreement.objects.create(plan=goal.plan, number=1, parent=mother, agrees=True,
                                 agreed_on=TODAY, recorded_by=worker,
                                 recorded_at=timezone.now())
