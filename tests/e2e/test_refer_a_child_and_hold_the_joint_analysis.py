"""Issue 6's user story: the family worker refers a child to youth care; the youth-care
specialist sees it on the worklist, takes it on, and with the family worker plans and holds
the joint analysis and chooses a petal; consent is recorded and the help starts; the plan
is agreed with the mother and a goal is reviewed. Every page passes the WCAG 2.1 AA scan,
and every step is in the access log."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from bloem.audit.models import AccessEvent, Action
from bloem.catalogue.models import HelpFormStatus
from bloem.families.models import FamilyRole
from bloem.planning.models import Goal, GoalStatus, Referral, ReferralStatus

from .conftest import DESKTOP, assert_accessible, dutch, log_in, screenshot, visit

TODAY = timezone.localdate()


def _worker_label(worker) -> str:
    return f"{worker.get_full_name() or worker.username} ({worker.organisation.name})"


def _field(page, msgid: str):
    """The form field labelled `msgid` (in Dutch), "(optional)" or not."""
    name = re.escape(dutch(msgid))
    return page.locator("main form.form").get_by_label(re.compile(rf"^{name}( \(.*\))?$"))


def _save(page, label: str = "Save") -> None:
    page.locator("main form.form").get_by_role("button", name=dutch(label)).click()
    page.wait_for_load_state("load")
    assert_accessible(page)


def _logged(worker, action, record_type) -> bool:
    return AccessEvent.objects.filter(actor_id=worker.pk, action=action,
                                      record_type=record_type).exists()


def test_refer_a_child_and_hold_the_joint_analysis(page, browser, live_server, world):
    family = world.own_family
    mother = family.members.get(family_role=FamilyRole.PARENT)
    father = family.members.get(family_role=FamilyRole.OTHER_PARENT)
    child = family.members.filter(family_role=FamilyRole.CHILD).order_by("pk").first()
    alice, dirk = world.family_worker, world.youth_specialist
    team_url = reverse("planning:family", args=[family.pk])

    # The family worker refers the child from the family's page.
    log_in(page, alice)
    visit(page, reverse("families:detail", args=[family.pk]))
    page.get_by_role("link", name=dutch("Working together: referral, analysis and plan")).click()
    page.wait_for_url(f"**{team_url}*")
    assert_accessible(page)
    page.get_by_role("link", name=dutch("Refer"), exact=True).click()
    assert_accessible(page)
    _field(page, "For").select_option(label=str(child))
    _field(page, "Refer to").select_option(value="youth_care")
    _field(page, "Urgency").select_option(value="high")
    _field(page, "Question").fill("Onrustig en angstig na de vlucht.")
    _field(page, "Signals").fill("Slaapt slecht, schrikt van harde geluiden.")
    _save(page)
    page.wait_for_url(f"**{team_url}*")
    referral = Referral.objects.get(family=family)
    assert _logged(alice, Action.CREATE, "planning.referral")

    # The youth-care specialist sees it on the worklist at once and takes it on.
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport=DESKTOP)
    other = context.new_page()
    other.set_default_timeout(10_000)
    try:
        log_in(other, dirk)
        visit(other, reverse("planning:worklist"))
        assert other.locator('tr[data-kind="referral"]').count() == 1
        screenshot(other, "werklijst-aanmelding")
        other.locator('tr[data-kind="referral"]').get_by_role(
            "link", name=dutch("Take it on")).click()
        assert_accessible(other)
        _field(other, "Next step").select_option(value="accepted")
        _save(other, "Save the step")
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.ACCEPTED
        assert _logged(dirk, Action.UPDATE, "planning.referral")

        # He plans the joint analysis with the family worker and the mother ...
        other.get_by_role("link", name=dutch("Plan the joint analysis")).click()
        assert_accessible(other)
        _field(other, "Workers who take part").select_option(
            label=[_worker_label(alice), _worker_label(dirk)])
        _field(other, "Family members who take part").select_option(
            label=[str(mother)])
        _save(other)
        other.wait_for_url(f"**{team_url}*")
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.ANALYSIS_PLANNED
        assert _logged(dirk, Action.CREATE, "planning.jointanalysis")

        # ... holds it (strategy phase, risk factors, conclusions) ...
        other.get_by_role("link", name=dutch("Record the analysis")).click()
        assert_accessible(other)
        assert other.locator("#screening-heading").count() == 1
        _field(other, "Phase (Handelingsgerichte Diagnostiek)").select_option(
            value="strategy")
        _field(other, "Held on").fill(TODAY.isoformat())
        _field(other, "Partner conflict or instability").check()
        _field(other, "Conclusions").fill("Begeleiding op school nodig.")
        _save(other)
        other.wait_for_url(f"**{team_url}*")
        assert _logged(dirk, Action.UPDATE, "planning.jointanalysis")

        # ... and chooses a petal for the child: a proposed form of help.
        other.get_by_role("link", name=dutch("Choose a petal")).click()
        assert_accessible(other)
        _field(other, "For").select_option(label=str(child))
        _field(other, "Petal").select_option(value="school-guidance")
        _field(other, "Responsible worker").select_option(label=_worker_label(dirk))
        _save(other)
        other.wait_for_url(f"**{team_url}*")
        help_form = child.help_forms.get(petal_id="school-guidance")
        assert help_form.status == HelpFormStatus.PROPOSED
        assert _logged(dirk, Action.CREATE, "planning.chosenpetal")

        # Both parents with authority consent; then the help starts.
        for parent in (mother, father):
            visit(other, reverse("consent:record", args=[family.pk])
                  + f"?persoon={child.pk}&blad=school-guidance&door={parent.pk}")
            _field(other, "Scope").fill("Begeleiding van de leerkracht.")
            _save(other)
        assert _logged(dirk, Action.CREATE, "consent.consent")
        visit(other, team_url)
        other.get_by_role("link", name=dutch("start when consent is complete")).click()
        assert_accessible(other)
        _save(other, "Start")
        help_form.refresh_from_db()
        assert help_form.status == HelpFormStatus.ACTIVE
        assert _logged(dirk, Action.UPDATE, "catalogue.helpform")
    finally:
        other.wait_for_load_state("networkidle")
        context.close()

    # The family worker writes the plan, agrees it with the mother and reviews the goal.
    visit(page, team_url)
    page.get_by_role("link", name=dutch("Add a goal")).click()
    assert_accessible(page)
    _field(page, "For").select_option(label=str(child))
    _field(page, "Goal").fill("Slaapt weer door.")
    _field(page, "Responsible worker").select_option(label=_worker_label(dirk))
    _field(page, "Review date").fill(
        (TODAY + datetime.timedelta(days=28)).isoformat())
    _save(page)
    page.wait_for_url(f"**{team_url}*")
    goal = Goal.objects.get(family=family)
    assert _logged(alice, Action.CREATE, "planning.goal")

    page.get_by_role("link", name=dutch("Agree the plan with the parent")).click()
    assert_accessible(page)
    _field(page, "Parent").select_option(label=str(mother))
    _field(page, "Agrees with the plan").select_option(value="yes")
    _save(page)
    page.wait_for_url(f"**{team_url}*")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PLAN_AGREED
    assert _logged(alice, Action.CREATE, "planning.planagreement")
    screenshot(page, "samenwerken")

    page.locator("tr.goal").get_by_role("link").first.click()
    assert_accessible(page)
    _field(page, "Progress").select_option(value="some")
    _field(page, "Status").select_option(value="in_progress")
    _field(page, "Evaluation").fill("Slaapt vaker door.")
    _field(page, "Next review").fill(
        (TODAY + datetime.timedelta(days=14)).isoformat())
    _save(page)
    page.wait_for_url(f"**{team_url}*")
    goal.refresh_from_db()
    assert goal.status == GoalStatus.IN_PROGRESS
    assert _logged(alice, Action.CREATE, "planning.goalreview")
