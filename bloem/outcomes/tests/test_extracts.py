"""The cohort extracts: each row gets its own person's columns (joined by person id in
numpy, bloem/outcomes/cohort.py), and dates survive both kinds of cursor values."""

import datetime

import numpy as np

from bloem.outcomes import cohort


def _persons():
    return cohort._columns(
        [(30, datetime.date(2015, 3, 1), "female", "child"),
         (10, None, "male", "other_parent"),
         (20, datetime.date(1990, 7, 9), "female", "parent")],
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


def test_dates_from_either_cursor_become_the_same_days():
    """PostgreSQL's cursor gives dates, SQLite's ISO strings; missing ones are NaT."""
    dates = cohort._dates([datetime.date(2026, 2, 28), "2026-02-28", None, "1969-12-31"])
    assert dates.astype(object).tolist() == [
        datetime.date(2026, 2, 28), datetime.date(2026, 2, 28), None,
        datetime.date(1969, 12, 31)]
