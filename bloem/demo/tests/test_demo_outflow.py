"""The demo shows outflow and the warm handover: every ended stay has its outflow, shared
handovers keep a package that reads back, their consents are those the rules require, and
some follow-ups are due on the worklist."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from bloem.families.models import Stay
from bloem.outflow.models import Handover, Outflow
from bloem.outflow.selectors import follow_up_items, share_verdict
from bloem.outflow.snapshot import package_from_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("demo", families=120, seed=5, stdout=StringIO())


def test_demo_outflow_data_is_complete_and_follows_the_rules(demo):
    ended = Stay.objects.filter(ended_on__isnull=False)
    assert Outflow.objects.filter(stay__in=ended).count() == ended.count() > 0
    assert Outflow.objects.filter(stay__ended_on__isnull=True).exists()
    handovers = list(Handover.objects.select_related("family"))
    assert handovers
    for handover in handovers:
        package = package_from_json(handover.package)
        assert package.file_number == handover.family.reference
        assert not share_verdict(handover, handover.shared_at.date()).blocked
    today = timezone.localdate()
    assert follow_up_items({h.family_id: h.family for h in handovers}, today)
    assert any(h.follow_up for h in handovers)
