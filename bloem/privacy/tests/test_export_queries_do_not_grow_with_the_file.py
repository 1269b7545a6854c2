"""The export costs the same number of queries for a small and a large file."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bloem.accounts.tests.helpers import fresh_login
from bloem.families.models import FamilyRole

from .helpers import fill_file, look_at

EXPORT_QUERIES = 22  # 20, the help that must continue and the practitioner chosen (issue 9)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("name", ["privacy:export_json", "privacy:export_pdf"])
def test_the_export_query_count_is_the_same_for_1_and_20_notes(world, client, name,
                                                                django_assert_max_num_queries):
    mother = world.own_family.members.get(family_role=FamilyRole.PARENT)
    foreign_mother = world.foreign_family.members.get(family_role=FamilyRole.PARENT)
    fill_file(world.own_family, world.family_worker, notes=1)
    fill_file(world.foreign_family, world.other_family_worker, notes=20)
    for _ in range(20):
        look_at(world.foreign_family, world.other_family_worker)
    client = fresh_login(client, world.privacy_officer)
    small = _queries(client, reverse(name, args=[mother.pk]))
    with django_assert_max_num_queries(EXPORT_QUERIES):
        large = _queries(client, reverse(name, args=[foreign_mother.pk]))
    assert small == large, (small, large)
