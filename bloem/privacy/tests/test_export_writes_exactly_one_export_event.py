"""Every export is one EXPORT event with the person and the family (NEN 7513)."""

import pytest
from django.urls import reverse

from bloem.accounts.tests.helpers import fresh_login
from bloem.audit.models import AccessEvent, Action


@pytest.mark.parametrize("name", ["privacy:export_json", "privacy:export_pdf"])
def test_an_export_writes_one_export_event(world, client, name):
    person = world.own_family.members.first()
    before = AccessEvent.objects.count()
    response = fresh_login(client, world.privacy_officer).get(reverse(name, args=[person.pk]))
    assert response.status_code == 200
    assert AccessEvent.objects.count() == before + 1
    event = AccessEvent.objects.get(action=Action.EXPORT)
    assert (event.person_id, event.family_id) == (person.pk, world.own_family.pk)
    assert event.actor_username == world.privacy_officer.username
    assert event.reason.startswith("right of access")
