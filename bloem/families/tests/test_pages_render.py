"""Every page of the family file renders for the family worker with the data it shows."""

import pytest
from django.urls import reverse


@pytest.fixture
def alice(world, client_for):
    return client_for(world.family_worker)


def test_my_families_lists_the_workers_family(world, alice):
    response = alice.get(reverse("families:list"))
    assert response.status_code == 200
    assert world.own_family.name in response.content.decode()
    assert world.foreign_family.name not in response.content.decode()


def test_family_page_shows_members_stay_and_flower(world, alice):
    response = alice.get(reverse("families:detail", args=[world.own_family.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sanne" in html and "Oranje Huis A" in html
    assert 'data-petal="nika"' in html


@pytest.mark.parametrize("name", ["edit", "member_add", "relation_add", "stay_edit",
                                  "phase_decide", "safety_assess", "journal"])
def test_family_forms_render(world, alice, name):
    assert alice.get(reverse(f"families:{name}", args=[world.own_family.pk])).status_code == 200


def test_person_page_and_edit_render(world, alice):
    child = world.own_family.members.filter(family_role="child").first()
    assert alice.get(reverse("families:person", args=[child.pk])).status_code == 200
    assert alice.get(reverse("families:person_edit", args=[child.pk])).status_code == 200


def test_help_form_start_renders(world, alice):
    url = reverse("catalogue:helpform_start", args=[world.own_family.pk])
    assert alice.get(url).status_code == 200
