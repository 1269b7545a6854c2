"""A team manager opens the file of a family that arrives at the shelter: the stay, the
fixed family worker and the safety level at intake, then the mother and her child."""

from .conftest import assert_accessible, dutch, log_in, screenshot, visit


def test_a_team_manager_opens_a_file_with_mother_and_child(page, world):
    log_in(page, world.team_manager)
    visit(page, "/gezinnen/nieuw/")
    # Sent empty: each error is tied to its field, so a screen reader reads it there.
    page.get_by_role("button", name=dutch("Open the file")).click()
    name = page.get_by_label(dutch("Family name"))
    name.wait_for()
    assert name.get_attribute("aria-invalid") == "true"
    error_id = name.get_attribute("aria-describedby").split()[-1]
    assert page.locator(f"#{error_id}").inner_text().strip()
    assert_accessible(page)
    name.fill("Bakker")
    location = world.family_worker.memberships.first().team.location
    page.get_by_label(dutch("Location"), exact=True).select_option(label=location.name)
    page.get_by_label(dutch("Unit")).select_option(index=1)
    page.get_by_label(dutch("Family worker")).select_option(index=1)
    page.get_by_label(dutch("Safety level at intake")).select_option(value="red")
    page.get_by_label(dutch("Explanation of the safety level")).fill(
        "Ex-partner zoekt moeder actief; adres geheim houden.")
    page.get_by_role("button", name=dutch("Open the file")).click()
    page.get_by_role("heading", level=1).filter(has_text="Bakker").wait_for()
    assert_accessible(page)
    family_url = page.url

    for role, first, born in (("parent", "Sanne", "1990-04-02"), ("child", "Noor", "2019-06-15")):
        page.get_by_role("link", name=dutch("Add a family member")).click()
        assert_accessible(page)
        page.get_by_label(dutch("place in the family").capitalize()).select_option(value=role)
        page.get_by_label(dutch("first name").capitalize()).fill(first)
        page.get_by_label(dutch("last name").capitalize()).fill("Bakker")
        page.get_by_label(dutch("date of birth").capitalize()).fill(born)
        page.get_by_role("button", name=dutch("Add"), exact=True).click()
        page.get_by_role("heading", level=1).filter(has_text=f"{first} Bakker").wait_for()
        assert_accessible(page)  # the new member's own page
        visit(page, family_url)
    assert "Sanne Bakker" in page.content() and "Noor Bakker" in page.content()
    screenshot(page, "nieuw-gezin")


def test_a_worker_switches_the_language_to_english_and_back(page, world):
    log_in(page, world.family_worker)
    page.get_by_label(dutch("Language")).select_option(value="en")
    page.get_by_role("button", name=dutch("Switch")).click()
    page.get_by_role("heading", level=1, name="My families").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    screenshot(page, "my-families-en")
    page.get_by_label("Language").select_option(value="nl")
    page.get_by_role("button", name="Switch").click()
    page.get_by_role("heading", level=1, name=dutch("My families")).wait_for()
    assert page.locator("html").get_attribute("lang") == "nl"
