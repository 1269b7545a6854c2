"""The UI's Paginator: a list that fits on its first page is read without a COUNT; every
other page, and the page numbers, are Django's."""

import pytest
from django.core.paginator import Paginator as DjangoPaginator

from bloem.accounts.models import Organisation
from bloem.core.paging import Paginator


@pytest.fixture
def organisations(db):
    def make(count):
        Organisation.objects.bulk_create(
            Organisation(name=f"Organisatie {i:02d}", kind="shelter") for i in range(count))
        return Organisation.objects.filter(name__startswith="Organisatie").order_by("name")
    return make


@pytest.mark.parametrize("number", [None, "", "1", 1, "not a number"])
def test_a_list_that_fits_on_its_first_page_is_one_query(organisations,
                                                         django_assert_num_queries, number):
    listed = organisations(3)
    with django_assert_num_queries(1):
        page = Paginator(listed, 5).get_page(number)
        assert [o.name for o in page] == ["Organisatie 00", "Organisatie 01",
                                          "Organisatie 02"]
        assert (page.paginator.count, page.paginator.num_pages, page.has_next()) == (3, 1, False)


def test_an_empty_list_is_one_empty_first_page(organisations, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = Paginator(organisations(0), 5).get_page(1)
        assert (len(page), page.paginator.count, page.has_next()) == (0, 0, False)


def test_a_full_first_page_is_counted_for_the_page_numbers(organisations,
                                                          django_assert_num_queries):
    listed = organisations(12)
    with django_assert_num_queries(2):
        page = Paginator(listed, 5).get_page("1")
        assert [o.name for o in page][-1] == "Organisatie 04"
        assert (page.paginator.count, page.paginator.num_pages, page.has_next()) == (12, 3,
                                                                                    True)


def test_later_pages_are_djangos(organisations):
    listed = organisations(12)
    assert [o.name for o in Paginator(listed, 5).get_page(3)] == ["Organisatie 10",
                                                                 "Organisatie 11"]
    assert Paginator(listed, 5).get_page(99).number == 3  # past the end: the last page


def test_orphans_stay_on_a_first_page_that_is_the_only_one(organisations,
                                                          django_assert_num_queries):
    listed = organisations(6)
    with django_assert_num_queries(1):
        page = Paginator(listed, 5, orphans=1).get_page(1)
        assert (len(page), page.paginator.count, page.has_next()) == (6, 6, False)


@pytest.mark.parametrize(("number", "shown"), [
    ("2", ["Organisatie 05", "Organisatie 09"]),  # one page in the middle
    ("1", ["Organisatie 00", "Organisatie 04"]),
    ("3", ["Organisatie 10", "Organisatie 11"]),  # the last page
])
def test_a_counted_list_reads_its_page_and_count_in_one_query(organisations,
                                                              django_assert_num_queries,
                                                              number, shown):
    listed = organisations(12)
    with django_assert_num_queries(1):
        page = Paginator(listed, 5, count_in_page=True).get_page(number)
        names = [o.name for o in page]
        assert [names[0], names[-1]] == shown
        assert (page.paginator.count, page.paginator.num_pages) == (12, 3)
        assert page.has_next() == (number != "3")


def test_a_counted_list_pages_as_djangos(organisations):
    """Empty lists, orphans, and numbers past the end or not a number: Django's pages."""
    assert len(Paginator(organisations(0), 5, count_in_page=True).get_page(1)) == 0
    listed = organisations(11)
    for number in ("2", "3", "0", "-1", "x", None, 99, str(2**70)):
        ours = Paginator(listed, 5, orphans=1, count_in_page=True).get_page(number)
        django = DjangoPaginator(listed, 5, orphans=1).get_page(number)
        assert (ours.number, [o.pk for o in ours], ours.paginator.count) == (
            django.number, [o.pk for o in django], django.paginator.count), number
