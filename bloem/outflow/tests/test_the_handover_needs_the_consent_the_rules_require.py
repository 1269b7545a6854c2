"""A handover is shared only with the consent the rule engine requires: for a child under
12 every parent with authority, for 12–15 the child and those parents, from 16 the child
alone; a parent's own data with that parent's consent. Refused, nothing is shared and the
page says who is missing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bloem.outflow.models import Handover, HandoverConsent, ShareConsentForm
from bloem.rules import evaluate
from bloem.rules.facts import Consent, ConsentFacts, Parent, ShareSubject, ShareWithThirdParty

from .helpers import add_handover, add_outflow, child_of, father_of, mother_of

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 29)


def _child(age: int, *, consents=(), parents=((1, True), (2, True))) -> ShareSubject:
    born = DAY.replace(year=DAY.year - age)
    return ShareSubject(10, "Noor", consent=ConsentFacts(
        child_id=10, child_name="Noor", date_of_birth=born, day=DAY,
        parents=tuple(Parent(pid, f"Ouder {pid}", authority) for pid, authority in parents),
        consents=tuple(Consent(given_by=pid, given_on=DAY) for pid in consents)))


def _verdict(*subjects):
    return evaluate(ShareWithThirdParty("Jeugdteam", DAY, tuple(subjects)))


def test_a_child_of_10_needs_both_parents_with_authority():
    verdict = _verdict(_child(10, consents=[1]))
    assert verdict.blocked
    assert [f.rule_id for f in verdict.blocking] == ["sharing.child"]
    assert verdict.blocking[0].missing == (2,)
    assert "Ouder 2" in verdict.reasons("nl")[0]
    assert not _verdict(_child(10, consents=[1, 2])).blocked


def test_a_parent_without_authority_is_not_asked():
    assert not _verdict(_child(10, consents=[1], parents=((1, True), (2, False)))).blocked


def test_a_child_of_13_and_its_parents_consent():
    assert _verdict(_child(13, consents=[1, 2])).blocking[0].missing == (10,)
    assert not _verdict(_child(13, consents=[1, 2, 10])).blocked


def test_a_16_year_old_consents_alone():
    assert _verdict(_child(16, consents=[1, 2])).blocking[0].missing == (10,)
    assert not _verdict(_child(16, consents=[10])).blocked


def test_a_parent_shares_their_own_data_themselves():
    mother = ShareSubject(1, "Sanne")
    assert _verdict(mother).blocking[0].rule_id == "sharing.own-data"
    assert not _verdict(ShareSubject(1, "Sanne", consented_by=(1,))).blocked


@pytest.fixture
def handover(world):
    outflow = add_outflow(world.own_family, world.family_worker)
    return add_handover(outflow, world.family_worker)


def _consent(handover, subject, given_by):
    HandoverConsent.objects.create(family=handover.family, handover=handover, subject=subject,
                                   given_by=given_by, given_on=timezone.localdate(),
                                   form=ShareConsentForm.WRITTEN,
                                   recorded_by=handover.prepared_by)


def test_sharing_about_a_child_of_10_with_one_parent_missing_is_refused(world, handover,
                                                                        client_for):
    family = world.own_family
    _consent(handover, child_of(family), mother_of(family))
    client = client_for(world.family_worker)
    response = client.post(reverse("outflow:handover_share", args=[handover.pk]))
    assert response.status_code == 409
    text = response.content.decode()
    assert "Niets is gedeeld" in text
    assert father_of(family).first_name in text
    handover.refresh_from_db()
    assert not handover.is_shared and handover.package == ""


def test_with_both_parents_the_handover_is_shared(world, handover, client_for):
    family = world.own_family
    _consent(handover, child_of(family), mother_of(family))
    _consent(handover, child_of(family), father_of(family))
    client = client_for(world.family_worker)
    response = client.post(reverse("outflow:handover_share", args=[handover.pk]))
    assert response.status_code == 302
    handover = Handover.objects.get(pk=handover.pk)
    assert handover.is_shared and handover.package


def test_a_16_year_old_alone_decides(world, handover, client_for):
    family = world.own_family
    child = child_of(family)
    child.date_of_birth = timezone.localdate().replace(year=timezone.localdate().year - 16)
    child.save()
    _consent(handover, child, mother_of(family))
    _consent(handover, child, father_of(family))
    client = client_for(world.family_worker)
    assert client.post(reverse("outflow:handover_share", args=[handover.pk])).status_code == 409
    _consent(handover, child, child)
    assert client.post(reverse("outflow:handover_share", args=[handover.pk])).status_code == 302
