"""The trauma-practitioner network (issue 9, M-71): a family worker searches the directory,
finds a practitioner for a child whose treatment continues after the stay, chooses one,
and sees the referral on the child's page."""

from django.urls import reverse

from bloem.families.models import FamilyRole
from bloem.network.models import NetworkReferral
from bloem.network.tests.factories import AMSTELVEEN, AMSTERDAM, GRONINGEN, practitioner

from .conftest import assert_accessible, dutch, log_in, screenshot, visit


def _directory():
    practitioner("Anna de Wit", waiting_weeks=3)
    practitioner("Bram Smit", base=AMSTELVEEN, waiting_weeks=1)
    practitioner("Cor Visser", base=GRONINGEN)


def test_search_the_directory_match_for_a_child_and_choose(page, world):
    _directory()
    child = world.own_family.members.filter(family_role=FamilyRole.CHILD).first()
    log_in(page, world.family_worker)

    page.get_by_role("link", name=dutch("Network"), exact=True).click()
    page.get_by_role("heading", level=1, name=dutch("Trauma practitioner network")).wait_for()
    assert_accessible(page)
    page.get_by_label(dutch("Method")).select_option(value="emdr")
    page.get_by_label(dutch("Near municipality")).select_option(value=AMSTERDAM)
    page.get_by_role("button", name=dutch("Search")).click()
    page.get_by_role("cell", name="Cor Visser").wait_for()
    names = page.locator("#network-results tbody tr td:first-child").all_inner_texts()
    assert [n.split("\n")[0] for n in names] == ["Anna de Wit", "Bram Smit", "Cor Visser"]
    assert "GM0363" not in page.url
    screenshot(page, "netwerk-behandelaars")

    visit(page, reverse("families:person", args=[child.pk]))
    page.get_by_role("link", name=dutch("Find a practitioner")).click()
    page.get_by_role("heading", level=1).wait_for()
    assert_accessible(page)
    page.get_by_label(dutch("Method")).select_option(value="emdr")
    page.get_by_label(dutch("Municipality")).select_option(value=AMSTERDAM)
    page.get_by_role("button", name=dutch("Find practitioners")).click()
    page.get_by_text(dutch("works with children")).first.wait_for()
    assert_accessible(page)
    proposals = page.locator("article h3").all_inner_texts()
    assert proposals[0].startswith("1. Anna de Wit") and proposals[1].startswith("2. Bram Smit")
    assert not any("Cor Visser" in p for p in proposals)
    screenshot(page, "behandelaar-zoeken")
    page.get_by_role("button", name=dutch("Choose %(name)s") % {"name": "Bram Smit"}).click()

    page.get_by_text(dutch("The referral has been recorded.")).wait_for()
    assert_accessible(page)
    section = page.locator("section[aria-labelledby=network-heading]")
    assert "Bram Smit" in section.inner_text()
    referral = NetworkReferral.objects.get()
    assert (referral.person_id, referral.municipality_code) == (child.pk, AMSTERDAM)
