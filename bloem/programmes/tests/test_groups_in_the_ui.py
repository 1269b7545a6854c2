"""Planning a group, recording attendance with a short note per participant, and the
overview per location with fill rate and attendance — in a constant number of queries."""

import datetime

import pytest
from django.urls import reverse

from bloem.audit.models import AccessEvent
from bloem.families.models import FamilyRole
from bloem.programmes import services
from bloem.programmes.models import Attendance, Facilitator, GroupRun, GroupSession

from .helpers import consent_of_both, plan, request_as, today


@pytest.fixture
def group(world):
    family = world.own_family
    run = plan(family, world.team_manager, world.child_worker, capacity=4)
    for child in family.members.filter(family_role=FamilyRole.CHILD):
        consent_of_both(family, child, world.family_worker)
        services.enrol(request=request_as(world.family_worker), run=run, person=child,
                       enrolled_on=today())
    return run


def test_a_team_manager_plans_a_group_with_weekly_sessions_and_themes(world, client_for):
    client = client_for(world.team_manager)
    starts = today() + datetime.timedelta(days=3)
    response = client.post(reverse("programmes:run_plan"), {
        "programme": "tijd-voor-toontje", "kind": "children",
        "location": world.own_family.stays.get().location_id, "name": "Toontje winter",
        "starts_on": starts.isoformat(), "first_session_time": "15:30", "sessions": 8,
        "minutes": 75, "room": "Speelkamer", "capacity": 6,
        "lead": world.child_worker.pk, "lead_role": "drama_therapist",
        "co_facilitators": [world.family_worker.pk]})
    assert response.status_code == 302
    run = GroupRun.objects.get(name="Toontje winter")
    sessions = list(run.sessions.select_related("theme"))
    assert len(sessions) == 8
    assert run.ends_on == starts + datetime.timedelta(weeks=7)
    assert [s.theme.order for s in sessions] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert set(Facilitator.objects.filter(run=run).values_list("worker__username", "role")) == {
        ("carla", "drama_therapist"), ("alice", "child_worker")}


def test_a_family_worker_may_not_plan_a_group(world, client_for):
    assert client_for(world.family_worker).get(
        reverse("programmes:run_plan")).status_code == 403


def test_attendance_and_a_note_per_participant_are_recorded_and_shown(world, client_for, group):
    session = group.sessions.first()
    kids = list(group.enrolments.select_related("person").order_by("pk"))
    client = client_for(world.child_worker)
    url = reverse("programmes:attendance", args=[session.pk])
    page = client.get(url).content.decode()
    assert all(e.person.full_name in page for e in kids)
    response = client.post(url, {f"present_{kids[0].pk}": "on",
                                 f"note_{kids[0].pk}": "Speelde mee met de pop.",
                                 f"note_{kids[1].pk}": "Ziek."})
    assert response.status_code == 302
    rows = {a.enrolment_id: a for a in Attendance.objects.filter(session=session)}
    assert rows[kids[0].pk].present and rows[kids[0].pk].note == "Speelde mee met de pop."
    assert not rows[kids[1].pk].present
    # Recording again replaces, it does not duplicate.
    client.post(url, {f"present_{kids[1].pk}": "on"})
    assert Attendance.objects.filter(session=session).count() == 2
    assert Attendance.objects.get(session=session, enrolment=kids[1]).present
    detail = client.get(reverse("programmes:run", args=[group.pk])).content.decode()
    assert "aanwezig" in detail or "present" in detail
    assert AccessEvent.objects.filter(record_type="programmes.attendance").exists()


def test_a_worker_who_may_not_see_a_family_sees_no_participant_of_it(world, client_for, group):
    client = client_for(world.unassigned_worker)
    page = client.get(reverse("programmes:run", args=[group.pk])).content.decode()
    assert world.own_family.name not in page
    assert "buiten je caseload" in page or "outside your caseload" in page


def test_the_overview_shows_fill_rate_and_attendance(world, client_for, group):
    session = group.sessions.first()
    GroupSession.objects.filter(pk=session.pk).update(
        starts_at=session.starts_at - datetime.timedelta(days=30))
    kids = list(group.enrolments.order_by("pk"))
    services.attendance_record(request=request_as(world.child_worker), session=session,
                               rows=[(kids[0], True, ""), (kids[1], False, "")])
    client = client_for(world.team_manager)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("programmes:overview")).content.decode()
    assert "2 / 4 (50%)" in page
    assert "50%</td>" in page


def test_pages_take_a_constant_number_of_queries(world, client_for, group,
                                                 django_assert_max_num_queries):
    client = client_for(world.team_manager)
    for _ in range(3):
        plan(world.own_family, world.team_manager, world.child_worker, name="Nog een")
    with django_assert_max_num_queries(25):
        assert client.get(reverse("programmes:overview")).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("programmes:run", args=[group.pk])).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("programmes:attendance",
                                  args=[group.sessions.first().pk])).status_code == 200
