"""The cohort extracts: each row gets its own person's columns (joined by person id in
numpy, bloem/outcomes/cohort.py), and dates come from the database as day numbers that
become the same dates on both databases."""

import datetime

import numpy as np
import pytest

from bloem.families.models import FamilyRole
from bloem.outcomes import cohort

NAT = np.iinfo(np.int64).min


def _day(date: datetime.date) -> int:
    return (date - datetime.date(1970, 1, 1)).days


def _persons():
    return cohort._columns(
        [(30, _day(datetime.date(2015, 3, 1)), "female", "child"),
         (10, NAT, "male", "other_parent"),
         (20, _day(datetime.date(1990, 7, 9)), "female", "parent")],
        cohort.PERSON_COLUMNS, {"pk": "int", "date_of_birth": "date"})


def test_each_row_gets_its_own_persons_columns_and_an_unknown_person_gets_none():
    table = {"person_id": np.array([20, 30, 30, 99, 10], dtype=np.int64)}
    joined = cohort._with_persons(table, _persons(), ("date_of_birth", "gender", "family_role"))
    assert joined["person__gender"].tolist() == ["female", "female", "female", None, "male"]
    assert joined["person__family_role"].tolist() == [
        "parent", "child", "child", None, "other_parent"]
    born = joined["person__date_of_birth"].astype("datetime64[D]").astype(object).tolist()
    assert born == [datetime.date(1990, 7, 9), datetime.date(2015, 3, 1),
                    datetime.date(2015, 3, 1), None, None]


def test_no_persons_in_scope_leaves_every_row_without_person_columns():
    empty = cohort._columns([], cohort.PERSON_COLUMNS, {"pk": "int", "date_of_birth": "date"})
    joined = cohort._with_persons({"person_id": np.array([1, 2])}, empty, ("gender",))
    assert joined["person__gender"].tolist() == [None, None]


@pytest.mark.django_db
def test_birth_dates_are_read_as_the_same_days_or_as_missing(world):
    children = world.own_family.members.filter(family_role=FamilyRole.CHILD).order_by("pk")
    before_1970, unknown = children
    before_1970.date_of_birth = datetime.date(1969, 12, 31)
    before_1970.save()
    unknown.date_of_birth = None
    unknown.save()
    persons = cohort.extract_persons(world.team_manager)
    born = dict(zip(persons["pk"].tolist(),
                    persons["date_of_birth"].astype("datetime64[D]").astype(object).tolist(),
                    strict=True))
    assert born == {person.pk: person.date_of_birth for person in world.own_family.members.all()}
    assert born[before_1970.pk] == datetime.date(1969, 12, 31) and born[unknown.pk] is None
