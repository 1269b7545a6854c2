"""Where a client lives is shown only on request, after the worker has just confirmed
their login, and every showing is in the access log (issue 3, item 1)."""

from django.test import Client
from django.urls import reverse

from bloem.accounts.tests.helpers import fresh_login
from bloem.audit.models import AccessEvent, Action
from bloem.families.models import FamilyRole


def mother_of(family):
    return family.members.get(family_role=FamilyRole.PARENT)


def test_the_person_page_hides_the_address_behind_a_link(world, client_for):
    mother = mother_of(world.own_family)
    page = client_for(world.family_worker).get(reverse("families:person", args=[mother.pk]))
    html = page.content.decode()
    assert "Geheime Gracht" not in html
    assert reverse("families:person_address", args=[mother.pk]) in html


def test_a_login_that_is_not_fresh_must_be_confirmed_first(world):
    mother = mother_of(world.own_family)
    client = Client()
    client.force_login(world.family_worker)  # logged in, but not just now
    for name in ("families:person_address", "families:person_edit"):
        response = client.get(reverse(name, args=[mother.pk]))
        assert response.status_code == 302
        assert "reauthenticate" in response["Location"]
        assert "Geheime Gracht" not in response.content.decode()


def test_showing_the_address_is_logged(world):
    mother = mother_of(world.own_family)
    client = fresh_login(Client(), world.family_worker)
    response = client.get(reverse("families:person_address", args=[mother.pk]))
    assert "Geheime Gracht 1" in response.content.decode()
    event = AccessEvent.objects.filter(person_id=mother.pk).latest("id")
    assert (event.action, event.reason, event.actor_id) == (
        Action.VIEW, "protected address", world.family_worker.pk)


def test_the_ex_partners_worker_never_gets_the_address(world):
    mother = mother_of(world.own_family)
    client = fresh_login(Client(), world.ex_partner_worker)
    response = client.get(reverse("families:person_address", args=[mother.pk]))
    assert response.status_code == 404
    assert "Geheime Gracht" not in response.content.decode()
