"""A family arrives from the shelter of another organisation with its warm handover: the
family worker uploads the handover file (a FHIR Bundle), reads what will be imported, and
confirms; the new family file opens with the mother and her children (issue 9, item 3)."""

import pytest
from django.urls import reverse

from bloem.families.models import Family
from bloem.interop.fhir import bundle_to_json, package_to_bundle
from bloem.interop.tests.packages import full_package

from .conftest import assert_accessible, dutch, log_in, screenshot, visit


@pytest.fixture
def handover_file(tmp_path):
    """The handover file another Bloem installation exported."""
    path = tmp_path / "warme-overdracht.json"
    path.write_text(bundle_to_json(package_to_bundle(full_package())), encoding="utf-8")
    return path


def test_a_family_worker_imports_a_handover_and_lands_on_the_new_family(page, world,
                                                                        handover_file):
    log_in(page, world.family_worker)
    visit(page, reverse("families:list"))
    page.get_by_role("link", name=dutch("Import a handover")).click()
    page.get_by_role("heading", level=1, name=dutch("Import a warm handover")).wait_for()
    assert_accessible(page)
    page.get_by_label(dutch("Handover file (FHIR Bundle, JSON)")).set_input_files(
        str(handover_file))
    location = world.family_worker.memberships.first().team.location
    page.get_by_label(dutch("Location"), exact=True).select_option(label=location.name)
    page.get_by_role("button", name=dutch("Check the file")).click()

    page.get_by_role("heading", level=1,
                     name=dutch("Report of the handover import")).wait_for()
    assert "Noë de Vries" in page.locator("main").inner_text()
    assert "Vries" not in page.url
    assert_accessible(page)
    screenshot(page, "overdracht-verslag")
    families = Family.objects.count()
    page.get_by_role("button", name=dutch("Import the family")).click()

    page.get_by_role("heading", level=1).filter(has_text="de Vries-Ünal").wait_for()
    assert Family.objects.count() == families + 1
    family = Family.objects.latest("pk")
    assert page.url.endswith(reverse("families:detail", args=[family.pk]))
    assert "Noë" in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, "overdracht-overgenomen")
