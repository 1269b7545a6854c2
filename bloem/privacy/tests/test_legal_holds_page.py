"""The privacy officer places and lifts legal holds on /privacy/bewaring/; nobody else."""

import pytest
from django.urls import reverse

from bloem.audit.models import AccessEvent, Action
from bloem.privacy.models import LegalHold

URL = reverse("privacy:legal_holds")
REASON = "Rechtszaak over het gezag, verzoek van de advocaat."


def test_the_privacy_officer_places_a_hold_with_the_exact_file_number(world, client_for):
    client = client_for(world.privacy_officer)
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"reference": world.own_family.reference, "reason": REASON})
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert (hold.family, hold.placed_by, hold.reason) == (
        world.own_family, world.privacy_officer, REASON)
    event = AccessEvent.objects.get(action=Action.CREATE, record_type="privacy.legalhold")
    assert event.family_id == world.own_family.pk
    page = client.get(URL).content.decode()
    assert world.own_family.reference in page and REASON in page


@pytest.mark.parametrize("reference", ["G9999999", "", "jansen"])
def test_an_unknown_file_number_is_refused_and_nothing_saved(world, client_for, reference):
    response = client_for(world.privacy_officer).post(
        URL, {"reference": reference, "reason": REASON})
    assert response.status_code == 200
    assert not LegalHold.objects.exists()


def test_a_short_reason_is_refused(world, client_for):
    client_for(world.privacy_officer).post(
        URL, {"reference": world.own_family.reference, "reason": "ja"})
    assert not LegalHold.objects.exists()


def test_a_file_is_held_once_at_a_time(world, client_for):
    client = client_for(world.privacy_officer)
    data = {"reference": world.own_family.reference, "reason": REASON}
    client.post(URL, data)
    response = client.post(URL, data)
    assert response.status_code == 200
    assert LegalHold.objects.count() == 1


def test_the_privacy_officer_lifts_a_hold(world, client_for):
    client = client_for(world.privacy_officer)
    client.post(URL, {"reference": world.own_family.reference, "reason": REASON})
    hold = LegalHold.objects.get()
    assert client.post(URL, {"hold": hold.pk}).status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_at is not None and hold.lifted_by == world.privacy_officer
    assert AccessEvent.objects.filter(action=Action.UPDATE,
                                      record_type="privacy.legalhold").count() == 1
    assert client.post(URL, {"hold": hold.pk}).status_code == 302  # already lifted: a message
    assert AccessEvent.objects.filter(action=Action.UPDATE,
                                      record_type="privacy.legalhold").count() == 1


@pytest.mark.parametrize("persona", ["family_worker", "team_manager", "administrator",
                                     "ex_partner_worker"])
def test_other_workers_get_403(world, client_for, persona):
    client = client_for(getattr(world, persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"reference": world.own_family.reference,
                             "reason": REASON}).status_code == 403
    assert not LegalHold.objects.exists()


@pytest.mark.parametrize("hold", ["0", "-1", "x", str(2**64), "1e3", ""])
def test_a_bad_hold_id_is_refused_without_an_error(world, client_for, hold):
    response = client_for(world.privacy_officer).post(URL, {"hold": hold})
    assert response.status_code == 302
    assert not LegalHold.objects.exists()


@pytest.mark.parametrize("reference", ["G" * 21, "\x00", "' OR 1=1 --"])
def test_nasty_file_numbers_are_refused_without_an_error(world, client_for, reference):
    response = client_for(world.privacy_officer).post(URL, {"reference": reference,
                                                            "reason": REASON})
    assert response.status_code == 200
    assert not LegalHold.objects.exists()
