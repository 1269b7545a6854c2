"""The privacy officer's audit search costs a fixed number of queries however long the
log of the person is (the benchmark's "audit search by person", bench/pages.py)."""

import pytest
from django.urls import reverse

from bloem.audit.models import Action
from bloem.audit.services import record
from bloem.families.models import FamilyRole

AUDIT_SEARCH_QUERIES = 8


def _log_views(world, rf, person, times: int) -> None:
    request = rf.get("/")
    request.user = world.family_worker
    for _ in range(times):
        record(request=request, action=Action.VIEW, record=person)


@pytest.mark.parametrize("entries", [1, 60])
def test_the_audit_search_by_person_does_not_grow_with_the_log(
        world, client_for, rf, django_assert_max_num_queries, entries):
    mother = world.own_family.members.get(family_role=FamilyRole.PARENT)
    _log_views(world, rf, mother, entries)
    client = client_for(world.privacy_officer)
    with django_assert_max_num_queries(AUDIT_SEARCH_QUERIES):
        response = client.get(reverse("audit:search"), {"person_id": mother.pk})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(entries, 50)
