"""A team manager who reads English switches the language once and works in English on
every main page (each scanned for accessibility, and photographed for the README)."""

from django.urls import reverse

from .conftest import dutch, log_in, screenshot, visit


def test_the_main_pages_in_english(page, world):
    log_in(page, world.team_manager)
    page.get_by_label(dutch("Language")).select_option(value="en")
    page.get_by_role("button", name=dutch("Switch")).click()
    page.get_by_role("heading", level=1, name="My families").wait_for()
    pages = {
        "my-families-en": reverse("families:list"),
        "family-en": reverse("families:detail", args=[world.own_family.pk]),
        "worklist-en": reverse("planning:worklist"),
        "effects-en": reverse("outcomes:dashboard"),
    }
    for name, url in pages.items():
        visit(page, url)
        assert page.locator("html").get_attribute("lang") == "en"
        screenshot(page, name)
    visit(page, pages["family-en"])
    for heading in ("The flower", "Family members", "Shelter stay", "Forms of help"):
        assert page.get_by_role("heading", level=2, name=heading).count() == 1
