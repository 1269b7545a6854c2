"""API v1 of the network: the same policy and audit as the pages."""

import pytest
from django.urls import reverse

from bloem.audit.models import AccessEvent, Action
from bloem.families.models import FamilyRole
from bloem.network.models import NetworkReferral, Practitioner

from .factories import AMSTERDAM, GRONINGEN, UTRECHT, organisation, practitioner


@pytest.fixture
def directory(world):
    practitioner("Anna Amsterdam", org=organisation("Blijf Groep", world.shelter))
    practitioner("Bram Groningen", base=GRONINGEN, methods=("net",))


def test_the_directory_filters_by_method(world, client_for, directory):
    response = client_for(world.family_worker).get(
        reverse("api_v1:network-practitioner-list"), {"method": "net"})
    assert [p["name"] for p in response.json()["results"]] == ["Bram Groningen"]


def test_a_team_manager_adds_to_the_own_organisation_only(world, client_for, directory):
    client = client_for(world.team_manager)
    url = reverse("api_v1:network-practitioner-list")
    body = {"name": "Nieuw", "population": "children", "base": UTRECHT}
    own = organisation("Blijf Groep")
    external = organisation("Praktijk Zuid")
    assert client.post(url, {**body, "organisation": external.pk},
                       content_type="application/json").status_code == 400
    response = client.post(url, {**body, "organisation": own.pk, "serves": [AMSTERDAM]},
                           content_type="application/json")
    assert response.status_code == 201, response.json()
    assert Practitioner.objects.get(name="Nieuw").serves.get().code == AMSTERDAM


def test_matching_for_a_person_is_audited_and_choosing_records_the_referral(
        world, client_for, directory):
    client = client_for(world.family_worker)
    child = world.own_family.members.filter(family_role=FamilyRole.CHILD).first()
    before = AccessEvent.objects.count()
    response = client.post(reverse("api_v1:network-match"),
                           {"method": "emdr", "municipality": AMSTERDAM, "person": child.pk},
                           content_type="application/json")
    assert [m["name"] for m in response.json()] == ["Anna Amsterdam"]
    assert AccessEvent.objects.order_by("pk")[before].action == Action.VIEW
    anna = Practitioner.objects.get(name="Anna Amsterdam")
    response = client.post(reverse("api_v1:network-referral-list"), {
        "person": child.pk, "practitioner": anna.pk, "method": "emdr",
        "municipality": AMSTERDAM}, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["municipality_code"] == AMSTERDAM
    assert NetworkReferral.objects.get().person == child


def test_the_ex_partner_worker_gets_no_municipality(world, client_for, directory):
    mother = world.own_family.members.get(family_role=FamilyRole.PARENT)
    NetworkReferral.objects.create(
        family=world.own_family, person=mother, practitioner_name="Anna", method="emdr",
        municipality_code=UTRECHT, reasons="biedt EMDR", chosen_by=world.family_worker,
        chosen_on="2026-10-01")
    response = client_for(world.ex_partner_worker).get(reverse("api_v1:network-referral-list"))
    [row] = response.json()["results"]
    assert "municipality_code" not in row
    assert client_for(world.ex_partner_worker).post(
        reverse("api_v1:network-match"), {"method": "emdr", "municipality": AMSTERDAM,
                                          "person": mother.pk},
        content_type="application/json").status_code == 403


def test_the_directory_api_costs_the_same_queries_at_any_size(
        world, client_for, directory, django_assert_max_num_queries):
    client = client_for(world.family_worker)
    url = reverse("api_v1:network-practitioner-list")
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for number in range(30):
        practitioner(f"Extra {number}", base=UTRECHT)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).json()["count"] == 32
