"""A worker who uses only the keyboard logs in with both factors, skips the navigation and
reaches her worklist: every step by Tab and Enter, with the focus always visible."""

from django.urls import reverse
from django.utils import timezone

from bloem.accounts.tests.helpers import PASSWORD, TEST_TOTP_SECRET, totp_code
from bloem.catalogue.models import HelpForm, HelpFormStatus
from bloem.families.models import FamilyRole

from .conftest import BROWSER_CODE_MARGIN, assert_accessible, dutch, screenshot, visit

FOCUSED = "document.activeElement"


def tab_to(page, predicate_js: str, limit: int = 40) -> None:
    """Press Tab until the focused element matches; fail when it is never reached."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {predicate_js})({FOCUSED})"):
            assert page.evaluate(
                f"getComputedStyle({FOCUSED}).outlineStyle") != "none", "focus is not visible"
            return
    raise AssertionError(f"Tab never reached: {predicate_js}")


def test_log_in_and_reach_the_worklist_with_the_keyboard_only(page, world):
    # Help that waits for the parents' consent: the worklist shows it.
    child = world.own_family.members.filter(family_role=FamilyRole.CHILD).first()
    HelpForm.objects.create(family=world.own_family, person=child, petal_id="toontje-veerkracht",
                            responsible=world.child_worker, started_on=timezone.localdate(),
                            status=HelpFormStatus.PROPOSED)
    visit(page, reverse("account_login"))
    tab_to(page, "el.name === 'login'")
    page.keyboard.type(world.family_worker.username)
    tab_to(page, "el.name === 'password'")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('mfa_authenticate')}")
    tab_to(page, "el.name === 'code'")
    page.keyboard.type(totp_code(TEST_TOTP_SECRET, valid_for=BROWSER_CODE_MARGIN))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('families:list')}")

    # The first Tab lands on the skip link, which moves the focus past the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate(f"{FOCUSED}.textContent.trim()") == dutch("Skip to content")
    page.keyboard.press("Enter")
    assert page.evaluate(f"{FOCUSED}.id") == "main"

    visit(page, reverse("families:list"))
    worklist = reverse("planning:worklist")
    tab_to(page, f"el.getAttribute('href') === {worklist!r} && el.closest('nav') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{worklist}")
    assert page.get_by_role("heading", level=1).count() == 1
    assert child.first_name in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, "werklijst")
