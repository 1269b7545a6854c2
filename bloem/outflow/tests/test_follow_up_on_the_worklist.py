"""A set number of weeks after the handover was shared, the worklist asks whether the
receiving party picked it up; the item leaves the worklist once answered."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bloem.outflow.models import FollowUp, Handover
from bloem.outflow.selectors import follow_up_items

from .helpers import add_handover, add_outflow, weeks_later

pytestmark = pytest.mark.django_db


@pytest.fixture
def handover(world):
    outflow = add_outflow(world.own_family, world.family_worker)
    handover = add_handover(outflow, world.family_worker)
    Handover.objects.filter(pk=handover.pk).update(
        shared_at=timezone.now(), shared_by=world.family_worker, package="{}",
        follow_up_on=weeks_later(4))
    return Handover.objects.get(pk=handover.pk)


def test_the_follow_up_comes_due_after_the_set_weeks(world, handover):
    families = {world.own_family.pk: world.own_family}
    assert follow_up_items(families, weeks_later(4) - timezone.timedelta(days=1)) == []
    items = follow_up_items(families, weeks_later(4))
    assert [i.url for i in items] == [reverse("outflow:follow_up", args=[handover.pk])]


@override_settings(HANDOVER_FOLLOW_UP_WEEKS=6)
def test_the_weeks_come_from_the_setting(world, client_for):
    from bloem.outflow.models import HandoverConsent, ShareConsentForm

    from .helpers import child_of, father_of, mother_of

    family = world.own_family
    handover = add_handover(add_outflow(family, world.family_worker), world.family_worker)
    for parent in (mother_of(family), father_of(family)):
        HandoverConsent.objects.create(family=family, handover=handover,
                                       subject=child_of(family), given_by=parent,
                                       given_on=timezone.localdate(),
                                       form=ShareConsentForm.VERBAL,
                                       recorded_by=world.family_worker)
    client_for(world.family_worker).post(reverse("outflow:handover_share", args=[handover.pk]))
    handover.refresh_from_db()
    assert handover.follow_up_on == weeks_later(6)


def test_the_worklist_shows_it_and_the_answer_removes_it(world, handover, client_for,
                                                         monkeypatch):
    later = weeks_later(5)
    monkeypatch.setattr(timezone, "localdate", lambda *a: later)
    client = client_for(world.family_worker)
    follow_up_url = reverse("outflow:follow_up", args=[handover.pk])
    assert follow_up_url in client.get(reverse("planning:worklist")).content.decode()
    response = client.post(follow_up_url, {"follow_up": FollowUp.PICKED_UP,
                                           "picked_up_on": later.isoformat()})
    assert response.status_code == 302
    assert follow_up_url not in client.get(reverse("planning:worklist")).content.decode()


def test_not_reached_needs_a_note(world, handover, client_for):
    client = client_for(world.family_worker)
    url = reverse("outflow:follow_up", args=[handover.pk])
    assert client.post(url, {"follow_up": FollowUp.NOT_REACHED}).status_code == 200
    assert client.post(url, {"follow_up": FollowUp.NOT_REACHED,
                             "note": "Twee keer gebeld, mail gestuurd."}).status_code == 302


def test_the_ex_partners_worker_never_sees_it(world, handover, client_for, monkeypatch):
    later = weeks_later(5)
    monkeypatch.setattr(timezone, "localdate", lambda *a: later)
    client = client_for(world.ex_partner_worker)
    follow_up_url = reverse("outflow:follow_up", args=[handover.pk])
    assert follow_up_url not in client.get(reverse("planning:worklist")).content.decode()
    assert client.get(follow_up_url).status_code == 404
