"""Hand the family over at outflow (issue 9): the family worker records the outflow; the
stay refuses to close while a child's help is open; the worker records the help that must
continue, prepares a warm handover to the youth team of the new municipality, sees in the
preview whose consent is missing, records the parents' consent, shares the package,
downloads its PDF, and then closes the stay."""

from django.urls import reverse

from bloem.catalogue.models import HelpForm
from bloem.families.models import FamilyRole, Stay
from bloem.families.tests.factories import TODAY
from bloem.outflow.models import Handover

from .conftest import assert_accessible, dutch, dutch_button, log_in, screenshot, visit


def _submit(page, label: str) -> None:
    page.locator("main form.form").get_by_role("button", name=dutch_button(label)).click()
    page.wait_for_load_state()
    assert_accessible(page)


def test_hand_the_family_over_at_outflow(page, world):
    family = world.own_family
    child = family.members.filter(family_role=FamilyRole.CHILD).order_by("pk").first()
    mother = family.members.get(family_role=FamilyRole.PARENT)
    father = family.members.get(family_role=FamilyRole.OTHER_PARENT)
    help_form = HelpForm.objects.create(family=family, person=child,
                                        petal_id="safety-stabilisation",
                                        responsible=world.family_worker, started_on=TODAY,
                                        goal="Rust.")
    outflow_url = reverse("outflow:family", args=[family.pk])
    log_in(page, world.family_worker)
    visit(page, reverse("families:detail", args=[family.pk]))
    page.get_by_role("link", name=dutch("Outflow and warm handover")).click()
    page.wait_for_url(f"**{outflow_url}")
    assert_accessible(page)

    # record the outflow
    page.get_by_role("link", name=dutch("Record the outflow")).click()
    assert_accessible(page)
    page.get_by_label(dutch("Destination")).select_option(value="own_housing")
    page.get_by_label(dutch("New municipality")).select_option(value="GM0344")
    page.get_by_label(dutch("Summary for the receiving party")).fill(
        "Rustig verblijf; moeder en kinderen zijn stabiel.")
    _submit(page, "Record")
    page.wait_for_url(f"**{outflow_url}")
    assert "Utrecht" in page.content()

    # the stay refuses to close while the child's help is open
    page.get_by_role("link", name=dutch("Close the stay")).click()
    assert_accessible(page)
    _submit(page, "Close the stay")
    assert page.locator(".form-errors").count() >= 1
    assert Stay.objects.get(family=family).ended_on is None
    screenshot(page, "uitstroom-geweigerd")

    # the help that must continue
    visit(page, outflow_url)
    page.get_by_role("link", name=dutch("Add help that must continue")).click()
    assert_accessible(page)
    page.get_by_label(dutch("Family member")).select_option(value=str(child.pk))
    page.get_by_label(dutch("Form of help")).select_option(value=str(help_form.pk))
    page.get_by_label(dutch("What must continue and why")).fill(
        "Stabilisatie loopt door bij het jeugdteam.")
    _submit(page, "Add")
    page.wait_for_url(f"**{outflow_url}")

    # prepare the warm handover: per member the parts
    page.get_by_role("link", name=dutch("Prepare a warm handover")).click()
    assert_accessible(page)
    page.get_by_label(dutch("Receiving party")).fill("Jeugdteam Utrecht-Noord")
    for part in ("summary", "goals", "continuing_help"):
        page.locator(f"input[name=parts_{child.pk}][value={part}]").check()
    _submit(page, "Preview")
    handover = Handover.objects.get(family=family)
    page.wait_for_url(f"**{reverse('outflow:handover', args=[handover.pk])}")
    assert page.locator(".handover-missing li").count() == 1
    assert mother.first_name in page.locator(".handover-missing").inner_text()
    screenshot(page, "warme-overdracht-voorbeeld")

    # sharing without consent is refused: nothing is shared
    page.get_by_role("button", name=dutch("Share the handover")).click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert dutch("Nothing has been shared.") in page.content()

    # both parents with authority consent
    for parent in (mother, father):
        page.get_by_role("link", name=dutch("Record consent")).click()
        assert_accessible(page)
        page.get_by_label(dutch("Information about")).select_option(value=str(child.pk))
        page.get_by_label(dutch("Consent of")).select_option(value=str(parent.pk))
        page.get_by_label(dutch("Form"), exact=True).select_option(value="written")
        _submit(page, "Record")
    assert page.locator(".handover-complete").count() == 1

    page.get_by_role("button", name=dutch("Share the handover")).click()
    page.wait_for_load_state()
    assert_accessible(page)
    handover.refresh_from_db()
    assert handover.is_shared

    with page.expect_download() as download:
        page.get_by_role("link", name=dutch("Download the PDF")).click()
    assert download.value.suggested_filename == "warme-overdracht.pdf"

    # the shared help no longer keeps the stay open
    visit(page, reverse("outflow:close", args=[family.pk]))
    _submit(page, "Close the stay")
    page.wait_for_url(f"**{outflow_url}")
    assert Stay.objects.get(family=family).ended_on is not None
