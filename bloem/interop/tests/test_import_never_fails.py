"""Whatever a Bundle holds, the import answers with a report: a damaged Bundle (a value
removed or replaced anywhere) never raises and never saves a part of a family."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bloem.families.models import Family, Person
from bloem.interop.fhir import bundle_to_json, package_to_bundle
from bloem.interop.importer import import_bundle

from .packages import full_package

pytestmark = pytest.mark.django_db
VALID = json.loads(bundle_to_json(package_to_bundle(full_package())))


def paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, (*path, index))


PATHS = [p for p in paths(VALID) if p]
ODD = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12),
                st.sampled_from(["2010", "2010-05", "9999-12-31", "", "urn:uuid:x", {}, [],
                                 1e308, "Medication", "-1"]))


def damage(data, path, value):
    data = json.loads(json.dumps(data))
    node = data
    for step in path[:-1]:
        node = node[step]
    if value == "DELETE":
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


@settings(max_examples=80, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(changes=st.lists(st.tuples(st.sampled_from(PATHS), st.just("DELETE") | ODD),
                        min_size=1, max_size=3))
def test_a_damaged_bundle_gives_a_report_and_never_half_a_family(world, changes):
    data = VALID
    for path, value in changes:
        try:
            data = damage(data, path, value)
        except (KeyError, IndexError, TypeError):
            continue
    families, persons = Family.objects.count(), Person.objects.count()
    report = import_bundle(json.dumps(data), location=world.own_family.stays.get().location,
                           worker=world.family_worker, dry_run=True)
    assert report.family_id is None
    assert (Family.objects.count(), Person.objects.count()) == (families, persons)
