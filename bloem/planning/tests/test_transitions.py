"""Every edge of the three transition tables, through the API as a client uses it: an
allowed step answers 200 and is stamped, any other answers 409 with the reason and
changes nothing."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from bloem.audit.models import AccessEvent, Action
from bloem.families.models import FamilyRole
from bloem.planning.models import (
    Goal,
    GoalStatus,
    HgdPhase,
    JointAnalysis,
    Referral,
    ReferralStatus,
)
from bloem.planning.tests.helpers import add_team_work
from bloem.planning.transitions import GOAL_TRANSITIONS, HGD_TRANSITIONS, REFERRAL_TRANSITIONS

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def team(world):
    add_team_work(world.own_family, world.family_worker)
    return world


def test_every_edge_of_the_referral_flow(team, client_for):
    client = client_for(team.youth_specialist)
    referral = Referral.objects.get(family=team.own_family)
    url = reverse("api_v1:referral-transition", args=[referral.pk])
    for current in ReferralStatus.values:
        for wanted in ReferralStatus.values:
            Referral.objects.filter(pk=referral.pk).update(status=current, version=1)
            steps = referral.steps.count()
            response = _post(client, url, {"status": wanted, "reason": "Past beter bij GGZ.",
                                           "version": 1})
            allowed = wanted in REFERRAL_TRANSITIONS[current]
            assert response.status_code == (200 if allowed else 409), (current, wanted)
            referral.refresh_from_db()
            if allowed:
                assert referral.status == wanted and referral.steps.count() == steps + 1
                assert referral.steps.last().by_id == team.youth_specialist.pk
            else:
                assert referral.status == current and referral.steps.count() == steps
                assert response.json()["detail"]


def test_a_referral_is_declined_only_with_a_reason(team, client_for):
    client = client_for(team.youth_specialist)
    referral = Referral.objects.get(family=team.own_family)
    url = reverse("api_v1:referral-transition", args=[referral.pk])
    assert _post(client, url, {"status": "declined", "version": 1}).status_code == 400
    response = _post(client, url, {"status": "declined", "reason": "Geen jeugdhulpvraag.",
                                   "version": 1})
    assert response.status_code == 200
    assert response.json()["steps"][-1]["reason"] == "Geen jeugdhulpvraag."
    # A stale version is a conflict too.
    assert _post(client, url, {"status": "accepted", "version": 1}).status_code == 409


def test_every_edge_of_the_hgd_phases(team, client_for):
    client = client_for(team.family_worker)
    analysis = JointAnalysis.objects.get(family=team.own_family)
    url = reverse("api_v1:analysis-phase", args=[analysis.pk])
    for current in HgdPhase.values:
        for wanted in HgdPhase.values:
            if wanted == current:
                continue
            JointAnalysis.objects.filter(pk=analysis.pk).update(phase=current, version=1)
            response = _post(client, url, {"phase": wanted, "version": 1})
            allowed = wanted in HGD_TRANSITIONS[current]
            assert response.status_code == (200 if allowed else 409), (current, wanted)
            analysis.refresh_from_db()
            assert analysis.phase == (wanted if allowed else current)


def test_every_edge_of_a_goals_status(team, client_for):
    client = client_for(team.family_worker)
    goal = Goal.objects.get(family=team.own_family)
    url = reverse("api_v1:goal-review", args=[goal.pk])
    next_review = (TODAY + datetime.timedelta(days=14)).isoformat()
    for current in GoalStatus.values:
        for wanted in GoalStatus.values:
            Goal.objects.filter(pk=goal.pk).update(status=current, version=1)
            response = _post(client, url, {
                "reviewed_on": TODAY.isoformat(), "progress": "some", "status": wanted,
                "evaluation": "Besproken.", "next_review_on": next_review, "version": 1})
            allowed = wanted in GOAL_TRANSITIONS[current] or (
                wanted == current and GOAL_TRANSITIONS[current])
            assert response.status_code == (200 if allowed else 409), (current, wanted)
            goal.refresh_from_db()
            assert goal.status == (wanted if allowed else current)


def test_the_api_writes_and_reads_are_audited_and_scoped(team, client_for):
    client = client_for(team.family_worker)
    child = team.own_family.members.filter(family_role=FamilyRole.CHILD).first()
    response = _post(client, reverse("api_v1:referral-list"), {
        "family": team.own_family.pk, "person": child.pk, "receiver": "ggz",
        "question": "Moeder wil traumabehandeling."})
    assert response.status_code == 201
    assert response.json()["status"] == "referred"
    assert AccessEvent.objects.filter(action=Action.CREATE, record_type="planning.referral",
                                      record_id=str(response.json()["id"])).exists()
    listed = client.get(reverse("api_v1:referral-list")).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert {row["family"] for row in rows} == {team.own_family.pk}
    foreign = Referral.objects.create(family=team.foreign_family, receiver="ggz",
                                      question="?", referred_on=TODAY,
                                      referred_by=team.other_family_worker)
    assert client.get(reverse("api_v1:referral-detail", args=[foreign.pk])).status_code == 404
    # A person of another family is refused, and nothing is saved.
    other = team.foreign_family.members.first()
    before = Referral.objects.count()
    response = _post(client, reverse("api_v1:referral-list"), {
        "family": team.own_family.pk, "person": other.pk, "receiver": "ggz", "question": "?"})
    assert response.status_code == 400 and Referral.objects.count() == before


def test_the_plan_is_agreed_through_the_api_as_a_new_version(team, client_for):
    client = client_for(team.family_worker)
    plan = team.own_family.action_plan
    mother = team.own_family.members.get(family_role=FamilyRole.PARENT)
    url = reverse("api_v1:plan-agree", args=[plan.pk])
    for number in (1, 2):
        response = _post(client, url, {"parent": mother.pk, "agrees": True,
                                       "agreed_on": TODAY.isoformat()})
        assert response.status_code == 200
        assert response.json()["agreements"][0]["number"] == number
    assert response.json()["changed_since_agreement"] is False
