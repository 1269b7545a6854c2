"""A family worker hands the tablet to the mother: client mode shows only the GAD-7, the
mother fills it in, and only the worker's password brings the file back, with the score."""

from django.urls import reverse

from bloem.accounts.tests.helpers import PASSWORD
from bloem.families.models import FamilyRole

from .conftest import TABLET, assert_accessible, dutch, log_in, screenshot, visit


def test_the_mother_fills_in_the_gad7_on_a_tablet(page, world):
    family = world.own_family
    mother = family.members.get(family_role=FamilyRole.PARENT)
    log_in(page, world.family_worker)
    page.set_viewport_size(TABLET)
    visit(page, reverse("screening:administer", args=[mother.pk]))
    page.get_by_label(dutch("Questionnaire")).select_option(value="gad-7")
    page.get_by_role("button", name=dutch("Start client mode")).click()
    page.wait_for_url(f"**{reverse('screening:client_form')}")
    assert_accessible(page)
    # Nothing of the file: no navigation, no name, no way to another page.
    assert page.locator("nav").count() == 0
    assert mother.last_name not in page.content()
    screenshot(page, "clientmodus-vragenlijst")
    assert page.goto(reverse("families:person", args=[mother.pk])).url.endswith(
        reverse("screening:client_form"))

    for item in range(1, 8):  # "more than half the days" on every item: 7 × 2 = 14
        page.locator(f"input[name=item_{item}][value='2']").check()
    page.get_by_role("button", name=dutch("Done")).click()
    page.get_by_role("heading", level=1, name=dutch("Thank you")).wait_for()
    assert_accessible(page)

    page.get_by_role("link", name=dutch("For the worker: end client mode")).click()
    page.get_by_label(dutch("Password of the worker")).fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{reverse('families:person', args=[mother.pk])}")
    assert_accessible(page)
    response = mother.screening_responses.get()
    assert (response.instrument, response.total, response.client_mode) == ("gad-7", 14, True)
    assert "14" in page.locator("main").inner_text()  # the score on her page
