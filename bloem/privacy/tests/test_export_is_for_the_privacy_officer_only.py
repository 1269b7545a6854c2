"""Only the privacy officer exports a file; everyone else gets 403, for any id."""

import pytest
from django.urls import reverse

from bloem.accounts.tests.helpers import fresh_login
from bloem.audit.models import AccessEvent, Action

OTHERS = ["family_worker", "other_family_worker", "child_worker", "youth_specialist",
          "team_manager", "ex_partner_worker", "unassigned_worker", "administrator"]
EXPORTS = ["privacy:export_json", "privacy:export_pdf"]


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("persona", OTHERS)
def test_a_worker_who_is_not_the_privacy_officer_gets_403(world, client, persona, name):
    person = world.own_family.members.first()
    client = fresh_login(client, getattr(world, persona))
    assert client.get(reverse(name, args=[person.pk])).status_code == 403
    assert client.get(reverse(name, args=[2_000_000_000])).status_code == 403
    assert not AccessEvent.objects.filter(action=Action.EXPORT).exists()


@pytest.mark.parametrize("name", EXPORTS)
def test_an_unknown_person_is_404_for_the_privacy_officer(world, client, name):
    client = fresh_login(client, world.privacy_officer)
    assert client.get(reverse(name, args=[2_000_000_000])).status_code == 404


@pytest.mark.parametrize("name", EXPORTS)
def test_anonymous_is_sent_to_the_login_and_post_is_not_allowed(world, client, name):
    url = reverse(name, args=[world.own_family.members.first().pk])
    assert client.get(url).status_code == 302
    client = fresh_login(client, world.privacy_officer)
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("name", EXPORTS)
def test_the_export_asks_to_confirm_the_login_first(world, client, name):
    client.force_login(world.privacy_officer)
    response = client.get(reverse(name, args=[world.own_family.members.first().pk]))
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    assert not AccessEvent.objects.filter(action=Action.EXPORT).exists()
