"""A change to red alerts the team at once: the family's assigned workers and the
location's team manager see it on the worklist and the family's safety page until they mark
it seen; nobody outside the family does. The structured assessment keeps the one current
level (the stay's), so the families list still filters on it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bloem.families.models import SafetyAssessment, SafetyLevel
from bloem.families.tests.factories import family_at
from bloem.safety.models import AlertSeen, AssessmentDetail, ChildSignal

from .helpers import assessment_data, logged_in


@pytest.fixture
def alice(world):
    return logged_in(world.family_worker)


def _assess(client, family, level, **extra):
    return client.post(reverse("safety:assess", args=[family.pk]),
                       assessment_data(family, level, **extra))


def test_a_structured_assessment_sets_the_one_current_level(world, alice):
    response = _assess(alice, world.own_family, "red", weapons="yes",
                       notes="Hij heeft een vuurwapen.")
    assert response.status_code == 302
    stay = world.own_family.stays.get()
    assert stay.safety_level == SafetyLevel.RED
    detail = AssessmentDetail.objects.get(family=world.own_family)
    assert detail.assessment == stay.safety_assessments.order_by("-recorded_at").first()
    assert detail.weapons == "yes" and detail.notes == "Hij heeft een vuurwapen."
    assert ChildSignal.objects.filter(detail=detail).count() == 2
    listed = alice.post(reverse("families:list"), {"safety_level": "red"}).content.decode()
    assert "Jansen" in listed


def test_an_invalid_assessment_changes_nothing(world, alice):
    response = _assess(alice, world.own_family, "purple")
    assert response.status_code == 200
    assert world.own_family.stays.get().safety_level == SafetyLevel.ORANGE
    assert not AssessmentDetail.objects.exists()


def _alerted(client):
    return 'class="red-alert"' in client.get(reverse("planning:worklist")).content.decode()


def test_a_change_to_red_alerts_the_assigned_workers_and_the_team_manager(
        world, alice):
    _assess(alice, world.own_family, "red")
    for worker in (world.team_manager, world.child_worker, world.youth_specialist):
        assert _alerted(logged_in(worker)), worker
    for worker in (world.other_family_worker, world.unassigned_worker):
        assert not _alerted(logged_in(worker)), worker
    assert not _alerted(alice)  # who assessed it knows


def test_the_alert_stays_until_seen_and_is_shown_on_the_family_safety_page(world, alice):
    _assess(alice, world.own_family, "red")
    manager = logged_in(world.team_manager)
    page = manager.get(reverse("safety:family", args=[world.own_family.pk])).content.decode()
    assert 'class="red-alert"' in page
    response = manager.post(reverse("safety:alerts_seen", args=[world.own_family.pk]),
                            {"next": "worklist"})
    assert response["Location"] == reverse("planning:worklist")
    assert AlertSeen.objects.filter(worker=world.team_manager).count() == 1
    assert not _alerted(manager)
    assert _alerted(logged_in(world.child_worker))


def test_staying_red_does_not_alert_again_but_red_after_orange_does(world, alice):
    _assess(alice, world.own_family, "red")
    manager = logged_in(world.team_manager)
    manager.post(reverse("safety:alerts_seen", args=[world.own_family.pk]))
    _assess(alice, world.own_family, "red")
    assert not _alerted(manager)
    _assess(alice, world.own_family, "orange")
    _assess(alice, world.own_family, "red")
    assert _alerted(manager)


def test_a_change_to_red_in_the_family_files_own_form_alerts_too(world, alice):
    """A change to red made elsewhere (the family file's own form) alerts as well."""
    alice.post(reverse("families:safety_assess", args=[world.own_family.pk]), {
        "level": "red", "assessed_on": "2026-11-01", "explanation": "Politie ingeschakeld."})
    assert _alerted(logged_in(world.team_manager))


def test_back_to_orange_ends_the_alert(world, alice):
    _assess(alice, world.own_family, "red")
    _assess(alice, world.own_family, "orange")
    assert not _alerted(logged_in(world.team_manager))


def test_another_familys_alerts_cannot_be_marked_seen(world):
    response = logged_in(world.family_worker).post(
        reverse("safety:alerts_seen", args=[world.foreign_family.pk]))
    assert response.status_code == 404


def test_the_worklist_with_alerts_runs_a_constant_number_of_queries(
        world, django_assert_max_num_queries):
    manager = logged_in(world.team_manager)
    url = reverse("planning:worklist")
    with CaptureQueriesContext(connection) as few:
        manager.get(url)
    unit = world.own_family.stays.get().unit
    for i in range(5):
        family = family_at(unit, world.family_worker, name=f"Extra{i}")
        stay = family.stays.get()
        SafetyAssessment.objects.create(stay=stay, level="red", assessed_on=stay.started_on,
                                        assessed_by=world.family_worker, explanation="Rood")
        stay.safety_level = "red"
        stay.save()
    with django_assert_max_num_queries(len(few)):
        html = manager.get(url).content.decode()
    assert html.count('class="red-alert"') == 5
