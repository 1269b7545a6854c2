"""The demo shows screening with realistic data: responses for children and parents at
T0 and T1, scored by the real engine."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from bloem.families.models import FamilyRole
from bloem.screening import engine
from bloem.screening.models import Response

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", families=80, seed=3, stdout=StringIO())
        yield
        from bloem.families.models import Family

        Family.objects.all().delete()


def test_children_and_parents_have_responses_at_t0_and_t1(demo):
    by = dict(Response.objects.values_list("moment").annotate(n=Count("id")))
    assert by.get("t0", 0) > 200 and by.get("t1", 0) > 20
    roles = set(Response.objects.values_list("person__family_role", flat=True))
    assert {FamilyRole.PARENT, FamilyRole.CHILD} <= roles
    codes = set(Response.objects.values_list("instrument", flat=True))
    assert {"phq-9", "pcl-5", "early-life-stress", "problem-indicators",
            "cats-7-17"} <= codes


def test_stored_scores_are_the_engines(demo):
    for response in Response.objects.order_by("?")[:150]:
        result = engine.score(engine.get(response.instrument), json.loads(response.answers))
        assert result.total == (None if response.total is None else float(response.total)
                                if response.total % 1 else int(response.total))
        assert (result.band or "") == response.band and result.flags == response.flags


def test_scores_spread_over_the_bands(demo):
    bands = set(Response.objects.filter(instrument="phq-9").values_list("band", flat=True))
    assert len(bands) >= 3
    children = Response.objects.filter(instrument__startswith="cats")
    assert children.filter(band="probable-ptsd").exists()
    assert children.filter(band="normal").exists()
