"""The API's page numbers, found over ids first: the same rows, in the same order, with
their annotations, as the list itself; an unknown page is still a 404."""

import pytest
from django.db.models import Count
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from bloem.core.pagination import IdFirstPagination
from bloem.families.models import Family
from bloem.families.tests.factories import FamilyFactory, PersonFactory


def _page(pager, queryset, number):
    request = Request(APIRequestFactory().get("/", {"page": number}))
    return pager.paginate_queryset(queryset, request)


@pytest.mark.django_db
def test_the_pages_hold_the_list_in_its_order_with_its_annotations():
    for name in ("Visser", "Bakker", "Smit", "Bakker", "De Jong", "Mulder", "Bos"):
        PersonFactory(family=FamilyFactory(name=name))
    listed = Family.objects.annotate(members_count=Count("members")).order_by("name", "-pk")
    pager = IdFirstPagination()
    pager.page_size = 3
    pages = [_page(pager, listed, number) for number in (1, 2, 3)]
    assert [len(rows) for rows in pages] == [3, 3, 1]
    assert pager.page.paginator.count == 7
    rows = [family for page in pages for family in page]
    assert [f.pk for f in rows] == list(listed.values_list("pk", flat=True))
    assert {f.members_count for f in rows} == {1}


@pytest.mark.django_db
def test_a_page_beyond_the_last_is_not_found():
    FamilyFactory()
    with pytest.raises(NotFound):
        _page(IdFirstPagination(), Family.objects.order_by("pk"), 2)
