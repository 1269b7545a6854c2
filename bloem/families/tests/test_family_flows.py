"""A worker opens, fills and moves a family file through the UI; bad input changes
nothing and gets a clear message on the right field."""

import datetime

import pytest
from django.urls import reverse

from bloem.accounts.models import Unit, UnitKind
from bloem.consent.models import Consent, ConsentForm
from bloem.families.models import Family, FamilyRole, Phase, Stay
from bloem.families.tests.factories import LocationFactory


@pytest.fixture
def alice(world, client_for):
    return client_for(world.family_worker)


def _create_payload(world, **overrides):
    stay = world.own_family.stays.get()
    payload = {
        "name": "Bakker", "municipality": "GM0363", "location": stay.location.pk,
        "unit": stay.unit.pk, "started_on": "2026-11-20",
        "family_worker": world.family_worker.pk, "safety_level": "orange",
        "safety_explanation": "Gezinstaxatie: hulp nodig om de situatie te doorbreken.",
    }
    return payload | overrides


def test_family_worker_opens_a_family_file_with_its_stay(world, alice):
    response = alice.post(reverse("families:create"), _create_payload(world))
    family = Family.objects.get(name="Bakker")
    assert response.status_code == 302
    assert response["Location"] == reverse("families:detail", args=[family.pk])
    stay = family.stays.get()
    assert (stay.phase, stay.safety_level) == (Phase.DIRECT_SAFETY, "orange")
    assert stay.phase_decisions.count() == stay.safety_assessments.count() == 1
    assert family.reference == f"G{family.pk:07d}"
    assert family.assignments.filter(worker=world.family_worker).exists()


def test_unit_of_another_location_is_refused_and_nothing_is_saved(world, alice):
    elsewhere = Unit.objects.create(location=LocationFactory(name="Elders"), name="Crisis",
                                    kind=UnitKind.CRISIS)
    families = Family.objects.count()
    response = alice.post(reverse("families:create"),
                          _create_payload(world, unit=elsewhere.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "This unit belongs to another location." in response.content.decode()
    assert Family.objects.count() == families


def test_missing_fields_are_reported_per_field_in_dutch(world, alice):
    response = alice.post(reverse("families:create"), {"name": ""})
    assert response.status_code == 200
    assert "Dit veld is vereist." in response.content.decode()


def test_a_stay_cannot_start_in_the_future(world, alice):
    response = alice.post(reverse("families:create"),
                          _create_payload(world, started_on="2099-01-01"))
    assert response.status_code == 200
    assert not Family.objects.filter(name="Bakker").exists()


def test_phase_moves_one_step_and_keeps_its_history(world, alice):
    url = reverse("families:phase_decide", args=[world.own_family.pk])
    response = alice.post(url, {"phase": "risk_driven", "decided_on": "2026-11-20",
                                "reason": "Veiligheid is op orde; samen risico's analyseren."})
    assert response.status_code == 302
    stay = world.own_family.stays.get()
    assert stay.phase == Phase.RISK_DRIVEN
    assert list(stay.phase_decisions.values_list("phase", flat=True)) == [
        "risk_driven", "direct_safety"]


def test_phase_cannot_skip_from_direct_safety_to_recovery(world, alice):
    url = reverse("families:phase_decide", args=[world.own_family.pk])
    response = alice.post(url, {"phase": "recovery", "decided_on": "2026-11-20",
                                "reason": "Te snel."})
    assert response.status_code == 200
    assert world.own_family.stays.get().phase == Phase.DIRECT_SAFETY
    assert world.own_family.stays.get().phase_decisions.count() == 1


def test_safety_reassessment_updates_the_traffic_light(world, alice):
    alice.post(reverse("families:safety_assess", args=[world.own_family.pk]),
               {"level": "red", "assessed_on": "2026-11-21",
                "explanation": "Ex staat voor de deur."})
    stay = world.own_family.stays.get()
    assert stay.safety_level == "red"
    assert stay.safety_assessments.count() == 2


def test_adding_a_child_requires_a_date_of_birth(world, alice):
    url = reverse("families:member_add", args=[world.own_family.pk])
    members = world.own_family.members.count()
    response = alice.post(url, {"family_role": "child", "first_name": "Noor",
                                "last_name": "Jansen", "gender": "female"})
    assert response.status_code == 200
    assert world.own_family.members.count() == members
    response = alice.post(url, {"family_role": "child", "first_name": "Noor",
                                "last_name": "Jansen", "gender": "female",
                                "date_of_birth": "2024-02-02"})
    assert response.status_code == 302
    assert world.own_family.members.filter(first_name="Noor").exists()


def test_relation_records_parental_authority(world, alice):
    mother = world.own_family.members.get(family_role=FamilyRole.PARENT)
    child = world.own_family.members.create(family_role=FamilyRole.CHILD, first_name="Bo",
                                            last_name="Jansen",
                                            date_of_birth=datetime.date(2023, 1, 1))
    response = alice.post(reverse("families:relation_add", args=[world.own_family.pk]),
                          {"parent": mother.pk, "child": child.pk, "kind": "biological",
                           "has_authority": "on"})
    assert response.status_code == 302
    assert child.parent_relations.get().has_authority is True


def test_relation_with_a_person_of_another_family_is_refused(world, alice):
    stranger = world.foreign_family.members.get(family_role=FamilyRole.PARENT)
    child = world.own_family.members.filter(family_role=FamilyRole.CHILD).first()
    response = alice.post(reverse("families:relation_add", args=[world.own_family.pk]),
                          {"parent": stranger.pk, "child": child.pk, "kind": "biological"})
    assert response.status_code == 200
    assert not child.parent_relations.filter(parent=stranger).exists()


def test_help_form_is_started_and_lights_up_its_petal(world, alice):
    child = world.own_family.members.filter(family_role=FamilyRole.CHILD).first()
    # The child is under 12 and both parents hold authority: both consent first (M-40).
    for parent in world.own_family.members.exclude(family_role=FamilyRole.CHILD):
        Consent.objects.create(family=world.own_family, child=child,
                               petal_id="toontje-veerkracht", given_by=parent, scope="Groep",
                               given_on=datetime.date(2026, 10, 30), form=ConsentForm.VERBAL,
                               recorded_by=world.family_worker)
    response = alice.post(reverse("catalogue:helpform_start", args=[world.own_family.pk]),
                          {"petal": "toontje-veerkracht", "person": child.pk,
                           "responsible": world.family_worker.pk, "started_on": "2026-11-01"})
    assert response.status_code == 302
    html = alice.get(reverse("families:detail", args=[world.own_family.pk])).content.decode()
    assert 'data-petal="toontje-veerkracht" data-active="true"' in html
    assert 'data-petal="nika" data-active="false"' in html


def test_help_form_needs_a_worker_of_the_providing_organisation(world, alice):
    child = world.own_family.members.filter(family_role=FamilyRole.CHILD).first()
    response = alice.post(reverse("catalogue:helpform_start", args=[world.own_family.pk]),
                          {"petal": "nika", "person": child.pk,
                           "responsible": world.family_worker.pk, "started_on": "2026-11-01"})
    assert response.status_code == 200
    assert not child.help_forms.exists()


def test_ending_the_stay_closes_it(world, alice):
    stay = world.own_family.stays.get()
    response = alice.post(reverse("families:stay_edit", args=[world.own_family.pk]),
                          {"location": stay.location.pk, "unit": stay.unit.pk,
                           "ended_on": "2026-11-25", "version": stay.version})
    assert response.status_code == 302
    assert Stay.objects.get(pk=stay.pk).ended_on == datetime.date(2026, 11, 25)


def test_team_manager_assigns_a_worker_for_the_ex_partner_only(world, client_for):
    client = client_for(world.team_manager)
    father = world.own_family.members.get(family_role=FamilyRole.OTHER_PARENT)
    response = client.post(reverse("families:assignment_add", args=[world.own_family.pk]),
                           {"worker": world.unassigned_worker.pk, "role": "family_worker",
                            "person": father.pk, "started_on": "2026-11-20"})
    assert response.status_code == 302
    detail = client_for(world.unassigned_worker).get(
        reverse("families:detail", args=[world.own_family.pk]))
    assert detail.status_code == 200
    assert "Geheime Gracht" not in detail.content.decode()
