"""The demo shows the team's work: referrals in every stage with their stamped steps, joint
analyses, action plans with goals per family member, child work plans, agreements and a
case discussion; and the pages show it to the demo logins."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from bloem.families.models import FamilyRole
from bloem.planning.models import (
    ActionPlan,
    CaseItem,
    ChildWorkPlan,
    Goal,
    JointAnalysis,
    PlanAgreement,
    Referral,
    ReferralStatus,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("demo", families=120, seed=3, stdout=StringIO())


def test_demo_team_work_is_realistic_and_consistent(demo):
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert {ReferralStatus.PLAN_AGREED, ReferralStatus.REFERRED} <= statuses
    for referral in Referral.objects.prefetch_related("steps")[:50]:
        steps = list(referral.steps.all())
        assert steps[0].status == ReferralStatus.REFERRED
        assert steps[-1].status == referral.status
    assert JointAnalysis.objects.filter(workers__isnull=False).exists()
    assert not JointAnalysis.objects.exclude(referral__family_id=F("family_id")).exists()
    assert ActionPlan.objects.exists() and PlanAgreement.objects.exists()
    assert Goal.objects.filter(person__family_role=FamilyRole.CHILD).exists()
    assert not Goal.objects.exclude(person__family_id=F("family_id")).exists()
    assert not Goal.objects.filter(review_on__lt=F("started_on")).exists()
    assert ChildWorkPlan.objects.exclude(observations="").exists()
    assert CaseItem.objects.exists()
