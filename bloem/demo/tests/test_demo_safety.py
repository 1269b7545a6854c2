"""The demo shows safety first with realistic data that the rules agree with: structured
assessments, a plan per open stay, measures (some expired: a task), and Meldcode cases in
every step, each decided as the decision framework allows."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from bloem.families.models import SafetyAssessment, Stay
from bloem.rules import evaluate
from bloem.rules import safety as rules
from bloem.safety import selectors
from bloem.safety.models import AssessmentDetail, MeldcodeCase, SafetyPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("demo", families=120, seed=5, stdout=StringIO())


def test_demo_safety_data_is_complete_and_follows_the_rules(demo):
    assert AssessmentDetail.objects.count() == SafetyAssessment.objects.count()
    assert SafetyPlan.objects.count() == Stay.objects.filter(ended_on__isnull=True).count()
    assert not SafetyPlan.objects.annotate(n=Count("agreements")).filter(n__lt=2).exists()
    cases = list(MeldcodeCase.objects.prefetch_related("consultations", "weighings"))
    steps = {selectors.current_step(c, list(c.consultations.all()), list(c.weighings.all()))
             for c in cases}
    assert {2, 3, 4, 5, None} <= steps
    for case in cases:
        if case.decided_on:
            weighing = case.weighings.all()[0]
            verdict = evaluate(rules.DecideMeldcode(weighing=weighing.as_facts(),
                                                    decision=rules.Decision(case.decision)))
            assert not verdict.blocked
            assert (case.decision == "report") == bool(case.report_reference)
