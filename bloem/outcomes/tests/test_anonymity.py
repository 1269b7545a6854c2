"""The research export is k-anonymous on its quasi-identifiers, whatever the data."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bloem.outcomes import anonymity, export

row = st.tuples(st.integers(1, 40),  # person
                st.sampled_from(["0-3", "4-11", "12-17", "18-29", "30-44", "45+"]),
                st.sampled_from(["female", "male"]),
                st.sampled_from(["parent", "child"]),
                st.sampled_from(["2025-11", "2025-12", "2026-01", "2026-02"]))


def _columns(rows):
    people = {}
    for person, band, gender, role, month in rows:  # one person, one set of QIs
        people.setdefault(person, (band, gender, role, month))
    persons = [p for p, *_ in rows]
    qi = [people[p] for p in persons]
    return {
        "pseudonym": np.array([str(p) for p in persons], dtype=object),
        "age_band": np.array([q[0] for q in qi], dtype=object),
        "gender": np.array([q[1] for q in qi], dtype=object),
        "family_role": np.array([q[2] for q in qi], dtype=object),
        "start_month": np.array([q[3] for q in qi], dtype=object),
        "score": np.arange(len(persons)),
    }


@settings(max_examples=150, deadline=None)
@given(st.lists(row, min_size=0, max_size=120))
def test_every_released_combination_is_shared_by_at_least_five_persons(rows):
    columns, report = anonymity.k_anonymize(
        _columns(rows), quasi=export.QUASI_IDENTIFIERS, person="pseudonym",
        generalise=export.GENERALISE)
    assert report.anonymous
    combos = {}
    for values in zip(*(columns[q] for q in export.QUASI_IDENTIFIERS), columns["pseudonym"],
                      strict=True):
        combos.setdefault(values[:-1], set()).add(values[-1])
    assert all(len(persons) >= 5 for persons in combos.values())
    assert report.rows_out + report.rows_left_out == report.rows_in


def test_rare_months_become_years_before_anything_is_left_out():
    rows = [(p, "30-44", "female", "parent", "2026-01") for p in range(1, 5)]
    rows += [(p, "30-44", "female", "parent", "2026-02") for p in range(5, 7)]
    columns, report = anonymity.k_anonymize(
        _columns(rows), quasi=export.QUASI_IDENTIFIERS, person="pseudonym",
        generalise=export.GENERALISE)
    assert report.generalised["start_month"] == 6
    assert set(columns["start_month"]) == {"2026"}
    assert report.rows_left_out == 0 and report.smallest_class == 6


def test_pseudonyms_are_stable_within_a_project_and_differ_between_projects():
    key = b"k" * 32
    ids = np.array([3, 7, 3])
    first = export.pseudonyms(ids, "study-a", key)
    assert first[0] == first[2] != first[1]
    assert list(export.pseudonyms(ids, "study-a", key)) == list(first)
    assert set(export.pseudonyms(ids, "study-b", key)).isdisjoint(first)
    assert len(first[0]) == 20 and first[0] != "3"
