"""The research export's download costs a fixed number of queries however many persons
it holds (the benchmark's "research export", bench/pages.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bloem.families.models import FamilyRole
from bloem.families.tests.factories import family_at
from bloem.outcomes.models import ExportStatus, ResearchExport
from bloem.screening.models import Moment

from .conftest import add_phq

EXPORT_DOWNLOAD_QUERIES = 12


@pytest.mark.parametrize("more_families", [0, 12])
def test_the_export_download_does_not_grow_with_the_cohort(
        cohort, world, client_for, django_assert_max_num_queries, more_families):
    today = timezone.localdate()
    unit = world.own_family.stays.get().unit
    for i in range(more_families):
        mother = family_at(unit, world.family_worker, name=f"Extra{i}").members.get(
            family_role=FamilyRole.PARENT)
        add_phq(mother, 20, Moment.T0, today - datetime.timedelta(days=70), world.family_worker)
        add_phq(mother, 8, Moment.T1, today - datetime.timedelta(days=10), world.family_worker)
    export = ResearchExport.objects.create(
        project="study", purpose="A purpose long enough to be recorded.",
        requested_by=world.team_manager, status=ExportStatus.APPROVED,
        decided_by=world.privacy_officer, decided_at=timezone.now())
    client = client_for(world.team_manager)
    with django_assert_max_num_queries(EXPORT_DOWNLOAD_QUERIES):
        response = client.get(reverse("outcomes:export_download"), {"export": export.pk})
    assert response["Content-Type"] == "application/zip"
