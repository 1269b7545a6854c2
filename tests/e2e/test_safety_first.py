"""Safety first (issue 10): a family worker assesses the family as red, the team manager
is alerted on the worklist; the worker agrees a code word in the safety plan and runs a
case of concern through the five steps of the Meldcode to a report to Veilig Thuis."""

from django.urls import reverse
from django.utils import timezone

from bloem.safety.models import MeldcodeCase

from .conftest import assert_accessible, dutch, dutch_button, log_in, screenshot, visit


def _submit(page, label: str) -> None:
    page.locator("main form.form").get_by_role("button", name=dutch_button(label)).click()
    page.wait_for_load_state()
    assert_accessible(page)


def test_a_red_assessment_alerts_the_team_and_the_plan_and_meldcode_follow(page, world,
                                                                          browser,
                                                                          live_server):
    family = world.own_family
    log_in(page, world.family_worker)
    visit(page, reverse("families:detail", args=[family.pk]))
    page.get_by_role("link", name=dutch("Safety: assessments, safety plan and Meldcode")).click()
    page.wait_for_url(f"**{reverse('safety:family', args=[family.pk])}")
    assert_accessible(page)

    page.get_by_role("link", name=dutch("New safety assessment")).click()
    assert_accessible(page)
    page.get_by_label(dutch("Safety level"), exact=True).select_option(value="red")
    page.get_by_label(dutch("Reasoning for the level")).fill(
        "Ex-partner heeft gedreigd; telefoon werd gevolgd.")
    page.get_by_label(dutch("digital tracking (phones, social media, location sharing)")
                      .capitalize()).select_option(value="yes")
    _submit(page, "Record")
    page.wait_for_url(f"**{reverse('safety:family', args=[family.pk])}")
    assert page.locator('[data-rule="safety.plan-review-after-red"]').count() == 1
    screenshot(page, "veiligheid-gezin")

    page.get_by_role("link", name=dutch("Add an agreement")).click()
    assert_accessible(page)
    page.get_by_label(dutch("kind of agreement").capitalize()).select_option(value="code_word")
    page.get_by_label(dutch("agreement").capitalize(), exact=True).fill(
        "Codewoord 'zonnebloem': meteen 112 bellen.")
    _submit(page, "Add")
    assert "zonnebloem" in page.content()

    # the team manager is alerted at once, on the worklist
    manager = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    log_in(manager, world.team_manager)
    visit(manager, reverse("planning:worklist"))
    alert = manager.locator(f'.red-alert[data-family="{family.pk}"]')
    assert alert.count() == 1
    screenshot(manager, "werklijst-rood")
    alert.get_by_role("button").click()
    manager.wait_for_url(f"**{reverse('planning:worklist')}")
    assert manager.locator(".red-alert").count() == 0
    manager.context.close()

    # the Meldcode, step by step
    visit(page, reverse("safety:meldcode_open", args=[family.pk]))
    page.get_by_label(dutch("Signals"), exact=True).fill(
        "Kind vertelt dat vader haar sloeg bij de overdracht.")
    _submit(page, "Open the case")
    case = MeldcodeCase.objects.get(family=family)
    for link, fields, button in (
        ("Record a consultation", {"With whom": "Aandachtsfunctionaris", "Advice": "Melden."},
         "Record"),
        ("Record the conversation", {"What the client said": "Moeder herkent het."}, "Record"),
    ):
        page.get_by_role("link", name=dutch(link)).click()
        assert_accessible(page)
        if link == "Record the conversation":
            page.get_by_label(dutch("Talked with the client on")).fill(
                timezone.localdate().isoformat())
        for label, value in fields.items():
            page.get_by_label(dutch(label)).fill(value)
        _submit(page, button)
        page.wait_for_url(f"**{reverse('safety:meldcode', args=[case.pk])}")
    page.get_by_role("link", name=dutch("Weigh")).click()
    page.get_by_label(dutch("1. Do you, on the basis of steps 1 to 3, suspect domestic "
                            "violence or child abuse?")).select_option(value="yes")
    page.get_by_label(dutch("2. Is there acute and/or structural unsafety?")).select_option(
        value="acute")
    page.get_by_label(dutch("Reasoning"), exact=True).fill("Acute dreiging.")
    _submit(page, "Record")
    page.wait_for_url(f"**{reverse('safety:meldcode', args=[case.pk])}")
    assert page.locator('[data-outcome="report"]').count() == 1
    page.get_by_role("link", name=dutch("Decide")).click()
    page.get_by_label(dutch("Decision"), exact=True).select_option(value="report")
    page.get_by_label(dutch("Reasons")).fill("Het afwegingskader zegt melden.")
    page.get_by_label(dutch("Reported to Veilig Thuis on")).fill(timezone.localdate().isoformat())
    page.get_by_label(dutch("Reference of the report")).fill("VT-2026-0001")
    _submit(page, "Record")
    page.wait_for_url(f"**{reverse('safety:meldcode', args=[case.pk])}")
    assert "VT-2026-0001" in page.content()
    screenshot(page, "meldcode")
    visit(page, reverse("safety:overview"))
