"""The trauma-practitioner network (issue 9, M-71): a family worker searches the directory,
finds a practitioner for a child whose treatment continues after the stay, chooses one,
and sees the referral on the child's page."""

from django.urls import reverse
from django.utils.text import capfirst

from bloem.families.models import FamilyRole
from bloem.network.models import NetworkReferral
from bloem.network.tests.factories import (
    AMSTELVEEN,
    AMSTERDAM,
    GRONINGEN,
    organisation,
    practitioner,
)

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
    # The name is the cell's first node (the organisation follows a <br>): read from the
    # DOM, not the laid-out text, which a busy browser may give without the line break.
    names = page.locator("#network-results tbody tr td:first-child").evaluate_all(
        "cells => cells.map(cell => cell.firstChild.textContent.trim())")
    assert names == ["Anna de Wit", "Bram Smit", "Cor Visser"]
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


def label(verbose_name: str) -> str:
    """A model form's label: the Dutch verbose name with a capital."""
    return capfirst(dutch(verbose_name))


def test_a_team_manager_keeps_the_own_organisations_practitioners(page, world, tmp_path):
    shelter = organisation("Blijf Groep", world.shelter)
    supervisor = practitioner("Anna de Wit", org=shelter)
    log_in(page, world.team_manager)
    visit(page, reverse("network:directory"))
    page.get_by_role("link", name=dutch("New practitioner")).click()
    page.get_by_role("heading", level=1, name=dutch("New practitioner")).wait_for()
    assert_accessible(page)
    page.get_by_label(label("organisation"), exact=True).select_option(label=shelter.name)
    page.get_by_label(label("name"), exact=True).fill("Dewi Bakker")
    page.get_by_label(label("population")).select_option(value="children")
    page.get_by_label(label("works in")).select_option(value=AMSTERDAM)
    page.get_by_label(label("open places")).fill("2")
    page.get_by_role("button", name=dutch("Save")).click()
    page.get_by_text(dutch("The practitioner has been added.")).wait_for()
    assert_accessible(page)

    page.get_by_label(dutch("Method"), exact=True).select_option(value="emdr")
    page.get_by_label(dutch("Status")).select_option(value="in_training")
    page.get_by_label(dutch("Supervisor")).select_option(label=supervisor.name)
    page.get_by_role("button", name=dutch("Save the method")).click()
    page.get_by_text(dutch("The method has been saved.")).wait_for()
    page.get_by_label(dutch("Treated on")).fill("2026-01-05")
    page.get_by_role("button", name=dutch("Record the case")).click()
    page.get_by_text(dutch("The supervised case has been recorded.")).wait_for()
    assert_accessible(page)
    screenshot(page, "netwerk-behandelaar-in-opleiding")

    visit(page, reverse("network:overview"))
    assert page.get_by_role("heading", level=2, name=dutch("Practitioners per method")).count()
    visit(page, reverse("network:import"))
    upload = tmp_path / "lijst.csv"
    upload.write_text("name,population,base\nEef,dogs,GM0363\n")
    page.get_by_label(dutch("Organisation"), exact=True).select_option(label=shelter.name)
    page.get_by_label(dutch("CSV file")).set_input_files(str(upload))
    page.get_by_role("button", name=dutch("Import")).click()
    page.get_by_text(dutch("Nothing was imported.")).wait_for()
    assert_accessible(page)
