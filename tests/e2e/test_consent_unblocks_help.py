"""A family worker proposes Tijd voor Toontje for a child of ten. Both parents hold
parental authority, so the care rules want the consent of both, fathers too (M-40): the
help waits until the worker has recorded each, and then starts."""

from django.urls import reverse

from bloem.families.models import FamilyRole

from .conftest import assert_accessible, dutch, log_in, screenshot, visit


def test_consent_of_both_parents_unblocks_the_help(page, world):
    family = world.own_family
    child = family.members.filter(family_role=FamilyRole.CHILD).earliest("date_of_birth")
    log_in(page, world.family_worker)

    visit(page, reverse("catalogue:helpform_start", args=[family.pk]))
    page.get_by_label(dutch("Petal")).select_option(value="toontje-veerkracht")
    page.get_by_label(dutch("Receives the help")).select_option(label=child.full_name)
    page.get_by_label(dutch("Responsible worker")).select_option(
        value=str(world.child_worker.pk))
    page.get_by_label(dutch("Only propose: start when consent is complete")).check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{reverse('families:detail', args=[family.pk])}")

    person_url = reverse("families:person", args=[child.pk])
    visit(page, person_url)
    panel = page.locator("[data-complete]").first
    assert panel.get_attribute("data-complete") == "false"
    assert "Sanne" in panel.inner_text() and "Mark" in panel.inner_text()
    screenshot(page, "toestemming-ontbreekt")

    for parent in ("Sanne", "Mark"):
        page.locator("[data-complete] li", has_text=parent).get_by_role("link").click()
        assert_accessible(page)
        page.get_by_label(dutch("Scope")).fill("Deelname aan de kindergroep Tijd voor Toontje.")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"**{person_url}")

    panel = page.locator("[data-complete]").first
    assert panel.get_attribute("data-complete") == "true"
    assert_accessible(page)
    screenshot(page, "toestemming-compleet")

    help_form = child.help_forms.get(petal_id="toontje-veerkracht")
    start = reverse("catalogue:helpform_activate", args=[help_form.pk])
    page.locator(f"a[href='{start}']").first.click()
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{person_url}")
    help_form.refresh_from_db()
    assert help_form.status == "active"
    visit(page, reverse("families:detail", args=[family.pk]))
    petal = page.locator("[data-petal='toontje-veerkracht']").first
    assert petal.get_attribute("data-active") == "true"  # the petal lights up in the flower
    screenshot(page, "gezin-met-bloem")
