"""A family worker logs in with two factors and finds a family of her caseload."""

from django.urls import reverse

from .conftest import assert_accessible, dutch, log_in, screenshot, visit


def test_a_family_worker_logs_in_with_two_factors_and_finds_her_family(page, world):
    log_in(page, world.family_worker)
    assert page.get_by_role("heading", level=1).inner_text() == dutch("My families")
    assert_accessible(page)
    screenshot(page, "mijn-gezinnen")

    page.get_by_label(dutch("Search")).fill(world.own_family.reference)
    page.get_by_role("button", name=dutch("Search")).click()
    page.get_by_role("link", name=world.own_family.name).first.click()
    page.wait_for_url(f"**{reverse('families:detail', args=[world.own_family.pk])}")
    assert_accessible(page)
    assert world.own_family.reference in page.content()
    screenshot(page, "gezin")


def test_a_foreign_family_is_not_found(page, world):
    log_in(page, world.family_worker)
    response = page.goto(reverse("families:detail", args=[world.foreign_family.pk]))
    assert response.status == 404
    assert world.foreign_family.name not in page.content()
    visit(page, reverse("families:list"))
