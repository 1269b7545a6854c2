"""The worklist and the family's team page run a fixed number of queries, whatever the
number of families, referrals, goals and reviews."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bloem.families.models import FamilyRole
from bloem.families.tests.factories import TODAY, family_at
from bloem.planning.models import Goal, GoalReview, Progress
from bloem.planning.tests.helpers import add_team_work

pytestmark = pytest.mark.django_db


def _overdue_goal_without_progress(family, worker):
    add_team_work(family, worker)
    goal = Goal.objects.filter(family=family).first()
    Goal.objects.filter(pk=goal.pk).update(review_on=TODAY, started_on=TODAY)
    GoalReview.objects.create(goal=goal, reviewed_on=TODAY, progress=Progress.NONE,
                              status=goal.status, evaluation="Nog niets.", reviewed_by=worker)


def test_the_worklist_runs_a_fixed_number_of_queries(world, client_for,
                                                      django_assert_max_num_queries):
    client = client_for(world.team_manager)
    url = reverse("planning:worklist")
    _overdue_goal_without_progress(world.own_family, world.family_worker)
    with CaptureQueriesContext(connection) as few:
        first = client.get(url).content.decode().count('class="worklist-item"')
    unit = world.own_family.stays.get().unit
    for i in range(5):
        family = family_at(unit, world.family_worker, name=f"Extra{i}")
        _overdue_goal_without_progress(family, world.family_worker)
    with django_assert_max_num_queries(len(few)):
        html = client.get(url).content.decode()
    assert html.count('class="worklist-item"') > first
    for kind in ("referral", "no_progress", "plan_agreement"):
        assert html.count(f'data-kind="{kind}"') == 6, kind
    assert html.count('data-kind="review_') == 6
    # The fragment that htmx polls, and the count in the menu.
    with django_assert_max_num_queries(len(few)):
        fragment = client.get(reverse("planning:worklist_items")).content.decode()
    assert fragment.count('class="worklist-item"') == html.count('class="worklist-item"')
    count = client.get(reverse("planning:worklist_count")).content.decode()
    assert str(html.count('class="worklist-item"')) in count


def test_the_team_page_runs_a_fixed_number_of_queries(world, client_for,
                                                      django_assert_max_num_queries):
    family = world.own_family
    client = client_for(world.family_worker)
    add_team_work(family, world.family_worker)
    url = reverse("planning:family", args=[family.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    child = family.members.filter(family_role=FamilyRole.CHILD).first()
    plan = family.action_plan
    for i in range(6):
        Goal.objects.create(plan=plan, family=family, person=child, description=f"Doel {i}",
                            responsible=world.family_worker,
                            organisation_id=world.family_worker.organisation_id,
                            started_on=TODAY, review_on=TODAY + datetime.timedelta(days=i))
    with django_assert_max_num_queries(len(few)):
        html = client.get(url).content.decode()
    assert html.count('class="goal"') == 7
