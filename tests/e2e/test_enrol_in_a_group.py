"""A family worker enrols a child in Tijd voor Toontje from the child's page (the rules
check age and consent), and the child worker who runs the group records attendance with a
short note; the child's timeline and the location's overview show it."""

import datetime

from django.utils import timezone

from bloem.consent.models import Consent, ConsentForm
from bloem.families.models import FamilyRole
from bloem.programmes.models import Attendance, Enrolment, FacilitatorRole, Programme
from bloem.programmes.services import run_plan
from bloem.programmes.tests.helpers import request_as

from .conftest import assert_accessible, dutch, log_in, screenshot, visit


def test_enrol_a_child_in_a_group_and_record_attendance(page, world):
    family = world.own_family
    mother = family.members.get(family_role=FamilyRole.PARENT)
    father = family.members.get(family_role=FamilyRole.OTHER_PARENT)
    child = family.members.filter(family_role=FamilyRole.CHILD).order_by("date_of_birth").first()
    today = timezone.localdate()
    for parent in (mother, father):
        Consent.objects.create(family=family, child=child, petal_id="toontje-veerkracht",
                               given_by=parent, scope="Groepsprogramma.", given_on=today,
                               form=ConsentForm.WRITTEN, recorded_by=world.family_worker)
    run_plan(request=request_as(world.team_manager),
             programme=Programme.objects.get(code="tijd-voor-toontje"),
             location=family.stays.get().location, kind="children", name="Toontje najaar",
             starts_on=today - datetime.timedelta(days=1),
             first_session_time=datetime.time(15, 30), sessions=4, minutes=75,
             room="Speelkamer", capacity=6, parallel_to=None,
             facilitators=[(world.child_worker, FacilitatorRole.DRAMA_THERAPIST)])

    log_in(page, world.family_worker)
    visit(page, f"/gezinnen/personen/{child.pk}/")
    page.get_by_role("link", name=dutch("Help received: groups, treatment, contact")).click()
    assert_accessible(page)
    page.get_by_role("link", name=dutch("Enrol in a group")).click()
    assert_accessible(page)
    page.get_by_label(dutch("Group"), exact=True).select_option(index=1)
    page.get_by_role("button", name=dutch("Save")).click()
    page.get_by_role("heading", level=1).filter(has_text=child.first_name).wait_for()
    assert_accessible(page)
    assert "Toontje najaar" in page.content()
    assert Enrolment.objects.get(person=child).status == "enrolled"
    screenshot(page, "hulp-tijdlijn")

    page.context.clear_cookies()
    log_in(page, world.child_worker)
    page.get_by_role("link", name=dutch("Groups"), exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Toontje najaar").click()
    assert_accessible(page)
    page.get_by_role("link", name=f"{dutch('Attendance')} 1").click()
    assert_accessible(page)
    page.get_by_label(dutch("Note on %(name)s") % {"name": child.first_name}).fill(
        "Tekende een boze draak en vertelde erover.")
    page.get_by_role("button", name=dutch("Save")).click()
    page.get_by_role("heading", level=1, name="Toontje najaar").wait_for()
    assert_accessible(page)
    assert dutch("present") in page.content()
    attendance = Attendance.objects.get(enrolment__person=child)
    assert attendance.present and attendance.note.startswith("Tekende")
    visit(page, "/programmas/groepen/")
    assert "1 / 6" in page.content()
    screenshot(page, "groepen")
