"""The access policy through the UI: every role × own and foreign family × protected
fields. Outsiders get 404, never a hint that the family exists."""

import pytest
from django.urls import reverse

from bloem.access import policy
from bloem.families import selectors
from bloem.families.models import FamilyRole

# persona → (sees own_family, sees foreign_family, sees protected fields of own_family)
MATRIX = {
    "family_worker": (True, False, True),
    "child_worker": (True, False, True),
    "youth_specialist": (True, False, True),
    "team_manager": (True, False, True),
    "ex_partner_worker": (True, False, False),
    "other_family_worker": (False, True, True),
    "unassigned_worker": (False, False, None),
    "privacy_officer": (False, False, None),
    "administrator": (False, False, None),
}
PROTECTED_VALUES = ("Geheime Gracht 1", "0612345678", "Nieuwe Weg 9", "Oranje Huis A")


def _pages(family):
    mother = family.members.get(family_role=FamilyRole.PARENT)
    return [
        reverse("families:detail", args=[family.pk]),
        reverse("families:journal", args=[family.pk]),
        reverse("families:person", args=[mother.pk]),
    ]


@pytest.mark.parametrize("persona", MATRIX)
def test_each_role_sees_exactly_the_families_in_its_scope(world, client_for, persona):
    sees_own, sees_foreign, _ = MATRIX[persona]
    client = client_for(getattr(world, persona))
    for family, expected in ((world.own_family, sees_own), (world.foreign_family, sees_foreign)):
        for url in _pages(family):
            assert client.get(url).status_code == (200 if expected else 404), url


@pytest.mark.parametrize("persona", [p for p, row in MATRIX.items() if row[0]])
def test_protected_fields_are_hidden_only_from_the_ex_partners_worker(world, client_for,
                                                                      persona):
    client = client_for(getattr(world, persona))
    sees_protected = MATRIX[persona][2]
    mother = world.own_family.members.get(family_role=FamilyRole.PARENT)
    address = reverse("families:person_address", args=[mother.pk])
    pages = [*_pages(world.own_family), reverse("families:list"), address]
    html = "".join(client.get(url).content.decode() for url in pages)
    assert client.get(address).status_code == (200 if sees_protected else 404)
    for value in PROTECTED_VALUES:
        assert (value in html) is sees_protected, value


@pytest.mark.parametrize("persona", MATRIX)
def test_my_families_lists_only_visible_families(world, client_for, persona):
    sees_own, sees_foreign, _ = MATRIX[persona]
    html = client_for(getattr(world, persona)).get(reverse("families:list")).content.decode()
    assert (world.own_family.reference in html) is sees_own
    assert (world.foreign_family.reference in html) is sees_foreign


def test_filtering_on_location_does_not_reveal_it_to_the_ex_partners_worker(world, client_for):
    location = world.own_family.stays.get().location
    worker = world.ex_partner_worker
    assert not selectors.family_list(user=worker, location_id=location.pk).exists()
    assert location not in policy.location_choices(worker)
    assert location in policy.location_choices(world.family_worker)


def test_ex_partners_worker_cannot_edit_the_mother(world, client_for):
    mother = world.own_family.members.get(family_role=FamilyRole.PARENT)
    client = client_for(world.ex_partner_worker)
    response = client.post(reverse("families:person_edit", args=[mother.pk]),
                           {"first_name": "X"})
    assert response.status_code == 403
    mother.refresh_from_db()
    assert mother.first_name == "Sanne"


def test_ex_partners_worker_may_write_a_journal_note(world, client_for):
    client = client_for(world.ex_partner_worker)
    response = client.post(reverse("families:journal", args=[world.own_family.pk]),
                           {"text": "Gesprek met vader over omgang."})
    assert response.status_code == 302
    assert world.own_family.journal.filter(author=world.ex_partner_worker).exists()


def test_foreign_family_cannot_be_changed_by_post(world, client_for):
    client = client_for(world.family_worker)
    url = reverse("families:edit", args=[world.foreign_family.pk])
    assert client.post(url, {"name": "Gehackt"}).status_code == 404
    world.foreign_family.refresh_from_db()
    assert world.foreign_family.name == "De Vries"


def test_child_worker_may_not_record_a_phase_decision(world, client_for):
    client = client_for(world.child_worker)
    url = reverse("families:phase_decide", args=[world.own_family.pk])
    assert client.get(url).status_code == 403


def test_only_the_team_manager_assigns_workers(world, client_for):
    url = reverse("families:assignment_add", args=[world.own_family.pk])
    assert client_for(world.family_worker).get(url).status_code == 403
    assert client_for(world.team_manager).get(url).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login_page(world, client):
    response = client.get(reverse("families:detail", args=[world.own_family.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_ended_assignment_ends_access(world, client_for):
    assignment = world.own_family.assignments.get(worker=world.child_worker)
    assignment.ended_on = assignment.started_on
    assignment.save()
    client = client_for(world.child_worker)
    # ended_on is in the past relative to today in the fixture's world
    response = client.get(reverse("families:detail", args=[world.own_family.pk]))
    assert response.status_code == 404
