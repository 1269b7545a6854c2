"""The demo holds a practitioner network across the country, deterministic per seed."""

import pytest

from bloem.demo.generator import generate
from bloem.families.models import Family
from bloem.network.models import (
    NetworkOrganisation,
    NetworkReferral,
    Practitioner,
    PractitionerMethod,
    SupervisedCase,
)


def _snapshot():
    return (list(Practitioner.objects.order_by("pk").values_list("name", "base_id",
                                                                 "waiting_weeks")),
            list(NetworkReferral.objects.order_by("pk").values_list("practitioner_name",
                                                                   "reasons")))


@pytest.mark.django_db
def test_the_demo_network_spans_the_country_with_trainees_and_referrals():
    generate(families=60, seed=3)
    assert Practitioner.objects.count() >= 300
    assert Practitioner.objects.values("base__province").distinct().count() == 12
    trainees = PractitionerMethod.objects.filter(status="in_training")
    assert trainees.exists() and not trainees.filter(supervisor__isnull=True).exists()
    assert SupervisedCase.objects.exists()
    years = PractitionerMethod.objects.dates("certified_on", "year")
    assert len(years) >= 5
    assert NetworkReferral.objects.exists()
    first = _snapshot()
    NetworkReferral.objects.all().delete()
    SupervisedCase.objects.all().delete()
    PractitionerMethod.objects.all().delete()
    Practitioner.objects.all().delete()
    NetworkOrganisation.objects.all().delete()
    Family.objects.all().delete()
    generate(families=60, seed=3)
    assert _snapshot()[0] == first[0]
