"""Matching against the database: pre-filtered by method, age and place in SQL, ranked by
the pure rule; the query count does not grow with the directory."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from bloem.accounts.models import Municipality
from bloem.network import services
from bloem.network.models import Population

from .factories import AMSTELVEEN, AMSTERDAM, GRONINGEN, UTRECHT, ZAANSTAD, practitioner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The reasons are read in English here, whatever language an earlier test left."""
    with translation.override("en"):
        yield


def names(matches):
    return [m.candidate.name for m in matches]


def amsterdam():
    return Municipality.objects.get(code=AMSTERDAM)


@pytest.fixture
def directory():
    anna = practitioner("Anna (Amsterdam)", waiting_weeks=4)
    practitioner("Bram (Amstelveen)", base=AMSTELVEEN, waiting_weeks=1)
    practitioner("Cor (Zaanstad, in opleiding)", base=ZAANSTAD, supervisor=anna)
    practitioner("Dewi (Utrecht, vol)", base=UTRECHT, open_places=0)
    practitioner("Eef (Groningen)", base=GRONINGEN)
    practitioner("Fien (volwassenen)", population=Population.ADULTS)
    practitioner("Gijs (beide)", population=Population.BOTH, waiting_weeks=9)
    practitioner("Hans (NET)", methods=("net",))
    practitioner("Ida (tot 12)", max_age=12)
    practitioner("Joop (Groningen, bedient Amsterdam)", base=GRONINGEN, serves=[AMSTERDAM],
                 waiting_weeks=5)


def test_a_child_of_14_needing_emdr_near_amsterdam(directory):
    matches = services.match(method="emdr", age=14, municipality=amsterdam())
    assert names(matches) == [
        "Anna (Amsterdam)", "Joop (Groningen, bedient Amsterdam)", "Gijs (beide)",
        "Bram (Amstelveen)", "Cor (Zaanstad, in opleiding)", "Dewi (Utrecht, vol)"]
    assert "in training under supervision of Anna (Amsterdam)" in matches[4].reasons


def test_an_adult_gets_adult_practitioners(directory):
    matches = services.match(method="emdr", age=35, municipality=amsterdam())
    assert names(matches) == ["Fien (volwassenen)", "Gijs (beide)"]


def test_the_age_range_excludes_an_older_child(directory):
    assert "Ida (tot 12)" in names(services.match(method="emdr", age=8,
                                                  municipality=amsterdam()))
    assert "Ida (tot 12)" not in names(services.match(method="emdr", age=13,
                                                      municipality=amsterdam()))


def test_matching_costs_the_same_queries_at_any_directory_size(directory):
    place = amsterdam()
    with CaptureQueriesContext(connection) as small:
        services.match(method="emdr", age=14, municipality=place)
    for number in range(30):
        practitioner(f"Extra {number}", base=AMSTELVEEN if number % 2 else GRONINGEN)
    with CaptureQueriesContext(connection) as large:
        services.match(method="emdr", age=14, municipality=place)
    assert len(small) == len(large) == 1
