"""k-anonymity of a research extract as a pure function over numpy columns.

A table is k-anonymous on its quasi-identifiers when every combination of their values
that occurs is shared by at least k different persons (not rows: one person has several
rows). `k_anonymize` first generalises the quasi-identifiers of the rows in too-small
classes, one column at a time in the order given (e.g. a month becomes its year), and
then leaves out the rows of the persons who are still in a class of fewer than k. It
reports what it did, so that the codebook can say it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

K = 5
SUPPRESSED = "*"


@dataclass
class KReport:
    k: int
    quasi_identifiers: tuple[str, ...]
    rows_in: int
    rows_out: int = 0
    generalised: dict[str, int] = field(default_factory=dict)
    rows_left_out: int = 0
    persons_left_out: int = 0
    smallest_class: int | None = None

    @property
    def anonymous(self) -> bool:
        return self.smallest_class is None or self.smallest_class >= self.k


def class_sizes(columns: dict[str, np.ndarray], quasi: tuple[str, ...],
                person: str) -> np.ndarray:
    """For every row: the number of different persons sharing its quasi-identifiers."""
    rows = len(columns[person])
    if rows == 0:
        return np.zeros(0, dtype=int)
    keys = np.array(["\x1f".join(map(str, values))
                     for values in zip(*(columns[q] for q in quasi), strict=True)],
                    dtype=object) if quasi else np.full(rows, "", dtype=object)
    _, key_index = np.unique(keys.astype(str), return_inverse=True)
    _, person_index = np.unique(np.asarray(columns[person]).astype(str), return_inverse=True)
    pairs = np.unique(np.stack([key_index, person_index], axis=1), axis=0)
    persons_per_key = np.bincount(pairs[:, 0], minlength=key_index.max() + 1)
    return persons_per_key[key_index]


def k_anonymize(columns: dict[str, np.ndarray], *, quasi: tuple[str, ...], person: str,
                k: int = K,
                generalise: tuple[tuple[str, Callable[[np.ndarray], np.ndarray]], ...] = (),
                ) -> tuple[dict[str, np.ndarray], KReport]:
    columns = {name: np.asarray(values, dtype=object).copy() for name, values in columns.items()}
    report = KReport(k=k, quasi_identifiers=quasi, rows_in=len(columns[person]))
    for name, step in generalise:
        small = class_sizes(columns, quasi, person) < k
        if not small.any():
            break
        before = columns[name][small]
        after = np.asarray(step(before), dtype=object)
        columns[name][small] = after
        report.generalised[name] = int((before != after).sum())
    small = class_sizes(columns, quasi, person) < k
    report.rows_left_out = int(small.sum())
    report.persons_left_out = int(np.unique(columns[person][small].astype(str)).size)
    columns = {name: values[~small] for name, values in columns.items()}
    report.rows_out = len(columns[person])
    sizes = class_sizes(columns, quasi, person)
    report.smallest_class = int(sizes.min()) if sizes.size else None
    return columns, report
