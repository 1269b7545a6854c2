"""The whole path of working as one team, through the pages as the workers use them: refer a
child, take the referral on, plan and hold the joint analysis, choose a petal, record
consent and start the help, write the plan and a child work plan, agree the plan with the
mother, review a goal — each step in the access log. Then the plan's PDF."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bloem.audit.models import AccessEvent, Action
from bloem.catalogue.models import HelpForm, HelpFormStatus
from bloem.families.models import FamilyRole
from bloem.planning.models import (
    CaseItem,
    ChosenPetal,
    Goal,
    GoalReview,
    GoalStatus,
    HgdPhase,
    JointAnalysis,
    PlanAgreement,
    Progress,
    Referral,
    ReferralStatus,
)
from bloem.planning.tests.helpers import add_team_work

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _members(family):
    mother = family.members.get(family_role=FamilyRole.PARENT)
    father = family.members.get(family_role=FamilyRole.OTHER_PARENT)
    child = family.members.filter(family_role=FamilyRole.CHILD).order_by("pk").first()
    return mother, father, child


def _events_since(mark: int, worker) -> set[tuple[str, str]]:
    return {(e.action, e.record_type)
            for e in AccessEvent.objects.filter(pk__gt=mark, actor_id=worker.pk)}


def _mark() -> int:
    last = AccessEvent.objects.order_by("-pk").first()
    return last.pk if last else 0


def _post(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_the_whole_path_through_the_pages_each_step_audited(world, client_for):
    family = world.own_family
    mother, father, child = _members(family)
    alice, dirk = world.family_worker, world.youth_specialist

    # 1. The family worker refers the child to youth care.
    client = client_for(alice)
    mark = _mark()
    _post(client, reverse("planning:referral_create", args=[family.pk]), {
        "person": child.pk, "receiver": "youth_care", "urgency": "high",
        "question": "Onrustig en angstig na de vlucht.", "signals": "Slaapt slecht.",
        "tried": "Vaste bedtijden."})
    referral = Referral.objects.get(family=family)
    assert referral.status == ReferralStatus.REFERRED
    assert (Action.CREATE, "planning.referral") in _events_since(mark, alice)

    # 2. The youth-care specialist sees it on the worklist at once and takes it on.
    client = client_for(dirk)
    worklist = client.get(reverse("planning:worklist")).content.decode()
    assert 'data-kind="referral"' in worklist
    mark = _mark()
    _post(client, reverse("planning:referral", args=[referral.pk]),
          {"status": "accepted", "reason": "", "version": referral.version})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert [s.by_id for s in referral.steps.all()] == [alice.pk, dirk.pk]
    assert (Action.UPDATE, "planning.referral") in _events_since(mark, dirk)

    # 3. The family worker plans the joint analysis with the specialist and the mother.
    client = client_for(alice)
    mark = _mark()
    _post(client, reverse("planning:analysis_create", args=[family.pk]), {
        "referral": referral.pk, "planned_on": TODAY.isoformat(),
        "workers": [alice.pk, dirk.pk], "members": [mother.pk]})
    analysis = JointAnalysis.objects.get(family=family)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ANALYSIS_PLANNED
    assert (Action.CREATE, "planning.jointanalysis") in _events_since(mark, alice)

    # 4. ... and holds it: strategy phase, risk factors, conclusions.
    page = client.get(reverse("planning:analysis", args=[analysis.pk])).content.decode()
    assert "screening-heading" in page  # the screening overview per child, reused
    mark = _mark()
    _post(client, reverse("planning:analysis", args=[analysis.pk]), {
        "phase": "strategy", "held_on": TODAY.isoformat(), "workers": [alice.pk, dirk.pk],
        "members": [mother.pk, child.pk], "economic_insecurity": "on",
        "partner_conflict": "on", "stressors": "Vlucht, schoolwissel.",
        "conclusions": "Kind heeft begeleiding op school nodig.", "version": analysis.version})
    analysis.refresh_from_db()
    assert analysis.phase == HgdPhase.STRATEGY and analysis.economic_insecurity
    assert set(analysis.members.all()) == {mother, child}
    assert (Action.UPDATE, "planning.jointanalysis") in _events_since(mark, alice)

    # 5. The specialist chooses a petal for the child: a PROPOSED form of help.
    client = client_for(dirk)
    mark = _mark()
    _post(client, reverse("planning:petal_choose", args=[analysis.pk]), {
        "person": child.pk, "petal": "school-guidance", "responsible": dirk.pk,
        "started_on": TODAY.isoformat(), "goal": "Leerkracht weet wat helpt."})
    chosen = ChosenPetal.objects.get(analysis=analysis)
    help_form = chosen.help_form
    assert help_form.status == HelpFormStatus.PROPOSED
    assert {(Action.CREATE, "planning.chosenpetal"),
            (Action.CREATE, "catalogue.helpform")} <= _events_since(mark, dirk)
    # Without consent it cannot start: the rule gate refuses.
    response = client.post(reverse("catalogue:helpform_activate", args=[help_form.pk]),
                           {"version": help_form.version})
    assert response.status_code == 200
    help_form.refresh_from_db()
    assert help_form.status == HelpFormStatus.PROPOSED

    # 6. Consent of both parents with authority; then the help starts.
    mark = _mark()
    for parent in (mother, father):
        _post(client, reverse("consent:record", args=[family.pk]), {
            "child": child.pk, "petal": "school-guidance", "given_by": parent.pk,
            "basis": "given", "form": "written", "scope": "Begeleiding school.",
            "given_on": TODAY.isoformat()})
    _post(client, reverse("catalogue:helpform_activate", args=[help_form.pk]),
          {"version": help_form.version})
    help_form.refresh_from_db()
    assert help_form.status == HelpFormStatus.ACTIVE
    assert {(Action.CREATE, "consent.consent"),
            (Action.UPDATE, "catalogue.helpform")} <= _events_since(mark, dirk)

    # 7. The plan: a goal for the child and its child work plan.
    client = client_for(alice)
    mark = _mark()
    _post(client, reverse("planning:goal_create", args=[family.pk]), {
        "person": child.pk, "description": "Slaapt weer door.", "actions": "Avondritueel.",
        "petal": "school-guidance", "responsible": dirk.pk, "started_on": TODAY.isoformat(),
        "review_on": (TODAY + datetime.timedelta(days=28)).isoformat()})
    goal = Goal.objects.get(family=family)
    assert goal.organisation == world.youth_care
    _post(client_for(world.child_worker), reverse("planning:child_plan", args=[child.pk]), {
        "observations": "Speelt vooral alleen.", "discussed_with_parent": "Met moeder besproken.",
        "discussed_with_child": "", "version": 1})
    assert {(Action.CREATE, "planning.goal")} <= _events_since(mark, alice)
    assert (Action.CREATE, "planning.childworkplan") in _events_since(mark, world.child_worker)

    # 8. The mother agrees with the plan: version 1, and the referral's flow is complete.
    client = client_for(alice)
    mark = _mark()
    _post(client, reverse("planning:plan_agree", args=[family.pk]), {
        "parent": mother.pk, "agrees": "yes", "agreed_on": TODAY.isoformat(), "note": ""})
    agreement = PlanAgreement.objects.get(plan__family=family)
    assert agreement.number == 1
    assert agreement.snapshot["goals"][0]["goal"] == "Slaapt weer door."
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PLAN_AGREED
    assert (Action.CREATE, "planning.planagreement") in _events_since(mark, alice)

    # 9. The goal is reviewed.
    mark = _mark()
    _post(client, reverse("planning:goal_review", args=[goal.pk]), {
        "reviewed_on": TODAY.isoformat(), "progress": "some", "status": "in_progress",
        "evaluation": "Slaapt vaker door.",
        "next_review_on": (TODAY + datetime.timedelta(days=14)).isoformat(),
        "version": goal.version})
    goal.refresh_from_db()
    assert goal.status == GoalStatus.IN_PROGRESS and goal.evaluation == "Slaapt vaker door."
    assert {(Action.CREATE, "planning.goalreview"),
            (Action.UPDATE, "planning.goal")} <= _events_since(mark, alice)

    # The team page shows it all, waiting times included; the plan prints.
    page = client.get(reverse("planning:family", args=[family.pk])).content.decode()
    assert "Slaapt weer door." in page and 'data-status="plan_agreed"' in page
    response = client.get(reverse("planning:plan_pdf", args=[family.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessEvent.objects.filter(actor_id=alice.pk, action=Action.EXPORT,
                                      family_id=family.pk).exists()


def test_a_refused_step_changes_nothing_and_says_why(world, client_for):
    family = world.own_family
    _mother, _father, child = _members(family)
    client = client_for(world.youth_specialist)
    referral = Referral.objects.create(family=family, person=child, receiver="youth_care",
                                       question="?", referred_on=TODAY,
                                       referred_by=world.family_worker)
    response = client.post(reverse("planning:referral", args=[referral.pk]),
                           {"status": "declined", "reason": "", "version": 1})
    assert response.status_code == 200
    html = response.content.decode()
    assert ("Say why the referral is declined" in html
            or "Geef aan waarom de aanmelding wordt afgewezen" in html)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFERRED and not referral.steps.exists()


def test_the_family_worker_may_not_take_on_a_referral(world, client_for):
    family = world.own_family
    referral = Referral.objects.create(family=family, receiver="youth_care", question="?",
                                       referred_on=TODAY, referred_by=world.family_worker)
    client = client_for(world.family_worker)
    assert client.get(reverse("planning:referral", args=[referral.pk])).status_code == 200
    response = client.post(reverse("planning:referral", args=[referral.pk]),
                           {"status": "accepted", "version": 1})
    assert response.status_code == 403


def test_the_ex_partners_practitioner_does_not_see_the_mothers_plan(world, client_for):
    client = client_for(world.ex_partner_worker)
    assert client.get(reverse("planning:family",
                              args=[world.own_family.pk])).status_code == 404
    assert client.get(reverse("planning:plan_pdf",
                              args=[world.own_family.pk])).status_code == 404


def test_a_child_waiting_behind_the_mothers_process_shows_on_the_worklist(world, client_for):
    from bloem.catalogue.models import Petal

    family = world.own_family
    mother, _father, _child = _members(family)
    stay = family.stays.get()
    stay.started_on = TODAY - datetime.timedelta(days=30)
    stay.save()
    HelpForm.objects.create(family=family, person=mother,
                            petal=Petal.objects.get(code="daily-life-guidance"),
                            responsible=world.family_worker, started_on=stay.started_on,
                            status=HelpFormStatus.ACTIVE)
    html = client_for(world.family_worker).get(reverse("planning:worklist")).content.decode()
    assert html.count('data-kind="child_waiting"') == 2  # both children, no help yet
    page = client_for(world.family_worker).get(
        reverse("planning:family", args=[family.pk])).content.decode()
    assert page.count("child-monitor--waiting") == 2


def test_each_kind_of_team_work_on_the_worklist_says_what_waits_and_links_to_it(
        world, client_for):
    family, manager = world.own_family, world.team_manager
    _mother, _father, child = _members(family)
    add_team_work(family, world.family_worker)
    referral, goal = Referral.objects.get(family=family), Goal.objects.get(family=family)
    Goal.objects.filter(pk=goal.pk).update(started_on=TODAY - datetime.timedelta(days=9),
                                           review_on=TODAY - datetime.timedelta(days=2))
    GoalReview.objects.create(goal=goal, reviewed_on=TODAY - datetime.timedelta(days=3),
                              progress=Progress.NONE, status=goal.status,
                              evaluation="Nog niets.", reviewed_by=world.family_worker)
    item = CaseItem.objects.get(family=family)
    CaseItem.objects.filter(pk=item.pk).update(follow_up="Bel de school.", follow_up_by=manager,
                                               follow_up_due=TODAY)
    family.stays.update(started_on=TODAY - datetime.timedelta(days=20))
    client = client_for(manager)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    html = client.get(reverse("planning:worklist")).content.decode()

    def row(kind: str) -> str:
        start = html.index(f'data-kind="{kind}"')
        return html[start:html.index("</tr>", start)]

    referred = (TODAY - referral.referred_on).days
    assert all(text in row("referral") for text in (
        "Referral to handle", "Referred", child.first_name,
        f"Specialist youth care, urgency normal, {referred} days since the referral",
        reverse("planning:referral", args=[referral.pk]), "Take it on"))
    review = f"Review date {TODAY - datetime.timedelta(days=2):%d-%m-%Y}"
    assert all(text in row("review_overdue") for text in (
        "Review overdue", "Rust en ritme.", child.first_name, review,
        reverse("planning:goal_review", args=[goal.pk]), "Review the goal"))
    assert "The last review saw no progress." in row("no_progress")
    assert all(text in row("plan_agreement") for text in (
        "Family action plan", "Changed since the parent last agreed.",
        reverse("planning:plan_agree", args=[family.pk]), "Record the agreement"))
    # The child with a referral is waiting too: no help has started for any child.
    assert all(text in row("child_waiting") for text in (
        "Child waiting for help", "No help started yet", "20 days since the intake",
        reverse("planning:family", args=[family.pk]), "Open the plan"))
    assert all(text in row("follow_up") for text in (
        "Follow-up of the case discussion", "Bel de school.", f"Due {TODAY:%d-%m-%Y}",
        reverse("planning:case_item", args=[item.pk])))
