"""A team manager looks at the effects of the help at her location: the dashboard with its
filters and the effect report; the family worker follows one mother's progress with the
chart and the reliable change."""

import datetime

from django.utils import timezone

from bloem.families.models import FamilyRole
from bloem.families.tests.factories import family_at
from bloem.outcomes.tests.conftest import PAIRS, add_phq
from bloem.screening.models import Moment

from .conftest import assert_accessible, dutch, log_in, screenshot, visit


def _cohort(world):
    today = timezone.localdate()
    unit = world.own_family.stays.get().unit
    families = [world.own_family] + [
        family_at(unit, world.family_worker, name=f"Cohort{i}") for i in range(1, len(PAIRS))]
    mothers = []
    for family, (before, after) in zip(families, PAIRS, strict=True):
        mother = family.members.get(family_role=FamilyRole.PARENT)
        add_phq(mother, before, Moment.T0, today - datetime.timedelta(days=70),
                world.family_worker)
        add_phq(mother, after, Moment.T1, today - datetime.timedelta(days=10),
                world.family_worker)
        mothers.append(mother)
    return mothers


def test_a_team_manager_sees_the_outcome_dashboard(page, world):
    _cohort(world)
    log_in(page, world.team_manager)
    page.get_by_role("link", name=dutch("Effects"), exact=True).click()
    page.get_by_role("heading", level=1, name=dutch("Effects of the help")).wait_for()
    row = page.locator('[data-effects] tr[data-instrument="phq-9"]')
    assert row.locator("td").first.inner_text() == str(len(PAIRS))
    assert_accessible(page)
    screenshot(page, "effecten-dashboard")
    page.get_by_label(dutch("Age band at T0")).select_option(value="0-3")
    page.get_by_role("button", name=dutch("Show")).click()
    page.get_by_text(dutch("No pairs of measurements in this selection.")).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=dutch("Effect report (HTML)")).click()
    page.get_by_role("heading", level=1, name=dutch("Effect report")).wait_for()
    assert_accessible(page)


def test_a_family_worker_follows_a_mothers_progress(page, world):
    mothers = _cohort(world)
    log_in(page, world.family_worker)
    visit(page, f"/uitkomsten/personen/{mothers[0].pk}/voortgang/")
    page.locator("[data-rci]").wait_for()
    assert page.locator('img[src*="voortgang.svg"]').evaluate("img => img.naturalWidth") > 0
    assert_accessible(page)
    screenshot(page, "voortgang-met-rci")
