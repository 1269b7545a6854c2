"""Keyset pages of the API lists (`?cursor=`): a client walks a list by its `next` links
and gets every row it may see exactly once, in order of ids, without a count; `previous`
leads back; a cursor never widens the scope; a broken cursor is a clear 404; every list
of API v1 offers them; a page costs the same queries wherever it is in the list."""

import base64
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from bloem.api_v1 import router
from bloem.audit.models import AccessEvent, Action
from bloem.core.pagination import KeysetPagination
from bloem.families.models import Person
from bloem.families.tests.factories import family_at

API = "/api/v1"


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(KeysetPagination, "page_size", 3)


def _client(worker) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(worker)
    return client


def _more_families(world, count: int) -> None:
    """More families at the own family's location, which its team manager sees."""
    unit = world.own_family.stays.get().unit
    for _ in range(count):
        family_at(unit, world.family_worker)


def _cursor(link: str) -> dict:
    return {"cursor": parse_qs(urlsplit(link).query)["cursor"][0]}


def _walk(client, path: str) -> list[dict]:
    pages, params = [], {"cursor": ""}
    while params is not None:
        response = client.get(path, params)
        assert response.status_code == 200, response.content
        body = response.json()
        assert "count" not in body
        pages.append(body)
        params = _cursor(body["next"]) if body["next"] else None
    return pages


@pytest.mark.django_db
def test_a_client_walks_the_persons_it_may_see_once_each_by_family(world, small_pages):
    _more_families(world, 2)
    client = _client(world.team_manager)
    pages = _walk(client, f"{API}/persons/")
    walked = [row["id"] for page in pages for row in page["results"]]
    visible = list(Person.objects.visible_to(world.team_manager).order_by("family_id", "id")
                   .values_list("id", flat=True))
    assert walked == visible
    assert len(pages) == -(-len(visible) // 3)
    assert not set(walked) & set(world.foreign_family.members.values_list("id", flat=True))

    # Back from the last page by the previous links: the same pages (a family's members
    # may straddle two pages).
    page = pages[-1]
    for expected in reversed(pages[:-1]):
        page = client.get(f"{API}/persons/", _cursor(page["previous"])).json()
        assert page["results"] == expected["results"]
    assert page["previous"] is None


@pytest.mark.django_db
def test_each_keyset_page_is_one_audited_list(world, small_pages):
    client = _client(world.family_worker)
    before = AccessEvent.objects.count()
    pages = _walk(client, f"{API}/families/")
    events = list(AccessEvent.objects.order_by("id")[before:])
    assert [e.action for e in events] == [Action.LIST] * len(pages)
    assert [row["id"] for page in pages for row in page["results"]] == [world.own_family.pk]


@pytest.mark.django_db
def test_a_cursor_does_not_widen_the_scope(world):
    """A cursor only says where to go on: a hand-made one from before the first id still
    lists what the worker may see and nothing else."""
    forged = base64.b64encode(b"p=0").decode()
    response = _client(world.family_worker).get(f"{API}/persons/", {"cursor": forged})
    listed = {row["id"] for row in response.json()["results"]}
    assert listed == set(Person.objects.visible_to(world.family_worker)
                         .values_list("id", flat=True))
    assert not listed & set(world.foreign_family.members.values_list("id", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("cursor", ["bm9uc2Vuc2U%", base64.b64encode(b"p=abc").decode()])
def test_a_broken_cursor_is_a_clear_not_found(world, cursor):
    response = _client(world.family_worker).get(f"{API}/persons/", {"cursor": cursor})
    assert response.status_code == 404
    assert response.json()["detail"] == (
        "This cursor is not valid: start again with ?cursor=")
    dutch = APIClient(HTTP_ACCEPT_LANGUAGE="nl")
    dutch.force_login(world.family_worker)
    assert dutch.get(f"{API}/persons/", {"cursor": cursor}).json()["detail"] == (
        "Deze cursor is niet geldig: begin opnieuw met ?cursor=")


@pytest.mark.django_db
def test_every_list_of_the_api_offers_keyset_pages(world):
    client = _client(world.team_manager)
    lists = [prefix for prefix, viewset, _ in router.registry if hasattr(viewset, "list")]
    assert {"families", "persons", "stays", "help-forms"} <= set(lists)
    for prefix in lists:
        response = client.get(f"{API}/{prefix}/", {"cursor": ""})
        assert response.status_code == 200, (prefix, response.content)
        assert set(response.json()) == {"next", "previous", "results"}, prefix


@pytest.mark.django_db
def test_page_numbers_stay_the_default(world):
    body = _client(world.team_manager).get(f"{API}/persons/").json()
    assert body["count"] == Person.objects.visible_to(world.team_manager).count()


@pytest.mark.django_db
def test_the_schema_documents_the_cursor(world):
    schema = _client(world.team_manager).get(f"{API}/schema/", {"format": "json"}).json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/persons/"]["get"]["parameters"]}
    assert {"page", "cursor"} <= parameters


@pytest.mark.django_db
def test_a_keyset_page_costs_the_same_queries_at_the_start_and_further_on(world, small_pages):
    _more_families(world, 3)
    client = _client(world.team_manager)
    first = client.get(f"{API}/families/", {"cursor": ""}).json()
    counts = []
    for params in ({"cursor": ""}, _cursor(first["next"])):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{API}/families/", params).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_the_browsable_api_shows_keyset_pages_with_their_links(world, small_pages):
    _more_families(world, 1)
    response = _client(world.team_manager).get(f"{API}/persons/", {"cursor": ""},
                                               HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"cursor=" in response.content  # the link to the next page
