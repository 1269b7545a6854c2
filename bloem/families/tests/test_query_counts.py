"""Pages cost a fixed number of queries whatever the size of the family or the caseload."""

import datetime

import pytest
from django.urls import reverse

from bloem.catalogue.models import HelpForm, Petal
from bloem.families.models import FamilyRole, JournalEntry
from bloem.families.tests.factories import PersonFactory, family_at

# 17 before break-the-glass and the change history, which each add exactly one query: the
# worker's active emergency accesses (loaded once per request, for the audit event's
# break-glass mark and the banner) and the family's corrections (one query, however long).
FAMILY_PAGE_QUERIES = 19
LIST_PAGE_QUERIES = 10


def _grow(family, worker, size):
    for _ in range(size):
        PersonFactory(family=family, family_role=FamilyRole.CHILD)
    petal = Petal.objects.get(code="toontje-veerkracht")
    for child in family.members.filter(family_role=FamilyRole.CHILD):
        HelpForm.objects.create(family=family, person=child, petal=petal, responsible=worker,
                                started_on=datetime.date(2026, 10, 1))
    for i in range(size):
        JournalEntry.objects.create(family=family, author=worker, text=f"Note {i}",
                                    written_at=datetime.datetime(2026, 10, 1, 10, i % 60,
                                                                 tzinfo=datetime.UTC))


@pytest.mark.parametrize("size", [1, 10, 40])
def test_family_page_queries_do_not_grow_with_the_family(world, client_for,
                                                         django_assert_max_num_queries, size):
    _grow(world.own_family, world.family_worker, size)
    client = client_for(world.family_worker)
    with django_assert_max_num_queries(FAMILY_PAGE_QUERIES):
        assert client.get(reverse("families:detail",
                                  args=[world.own_family.pk])).status_code == 200


@pytest.mark.parametrize("size", [1, 10, 30])
def test_my_families_queries_do_not_grow_with_the_caseload(world, client_for,
                                                           django_assert_max_num_queries, size):
    unit = world.own_family.stays.get().unit
    for i in range(size):
        family_at(unit, world.family_worker, name=f"Familie{i}", children=1)
    client = client_for(world.team_manager)
    with django_assert_max_num_queries(LIST_PAGE_QUERIES):
        response = client.get(reverse("families:list"))
    assert response.status_code == 200
    assert len(response.context["families"]) == min(size + 1, 25)
