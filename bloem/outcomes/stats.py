"""Outcome statistics as pure functions over numpy arrays: no Django, no database, so the
dashboard, the report, the API, the export and the tests share one implementation.

Conventions: every instrument Bloem measures outcomes with scores complaints, so a LOWER
score is better; a change is `after - before` (negative = fewer complaints).

- Reliable Change Index (Jacobson & Truax 1991): SE = SD·√(1−r), S_diff = √2·SE,
  RCI = (after − before) / S_diff; |RCI| > 1.96 is a reliable change. SD is the norm
  group's standard deviation and r the instrument's reliability, both from the
  instrument definition's `norms` (never invented: without them no RCI is computed).
- Recovered: reliably improved AND moved from at or above the clinical cut-off to below it
  (Jacobson & Truax's "recovered"); without a cut-off nobody is classified as recovered.
- Paired statistics: mean change with a t-interval; Cohen's d for paired data as
  d_z = mean change / SD of the changes, with the exact interval from the noncentral t
  distribution (Cumming & Finch 2001; Goulet-Pelletier & Cousineau 2018).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
from scipy import optimize, stats

Z_RELIABLE = 1.96
RECOVERED, IMPROVED, UNCHANGED, DETERIORATED = "recovered", "improved", "unchanged", "deteriorated"
CLASSES = (RECOVERED, IMPROVED, UNCHANGED, DETERIORATED)


def standard_error_of_difference(*, sd: float, reliability: float) -> float:
    return math.sqrt(2.0) * sd * math.sqrt(1.0 - reliability)


def reliable_change_index(before, after, *, sd: float, reliability: float) -> np.ndarray:
    before = np.asarray(before, dtype=float)
    after = np.asarray(after, dtype=float)
    return (after - before) / standard_error_of_difference(sd=sd, reliability=reliability)


def classify(before, after, *, sd: float, reliability: float,
             cutoff: float | None) -> np.ndarray:
    """recovered / improved / unchanged / deteriorated per pair (an array of str)."""
    before = np.asarray(before, dtype=float)
    after = np.asarray(after, dtype=float)
    rci = reliable_change_index(before, after, sd=sd, reliability=reliability)
    improved = rci < -Z_RELIABLE
    result = np.full(before.shape, UNCHANGED, dtype=object)
    result[improved] = IMPROVED
    result[rci > Z_RELIABLE] = DETERIORATED
    if cutoff is not None:
        result[improved & (before >= cutoff) & (after < cutoff)] = RECOVERED
    return result


@dataclass(frozen=True)
class PairedStatistics:
    n: int
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None
    change_low: float | None
    change_high: float | None
    sd_change: float | None
    d: float | None
    d_low: float | None
    d_high: float | None

    def as_dict(self) -> dict:
        return asdict(self)


def _d_interval(d: float, n: int, confidence: float) -> tuple[float, float]:
    """The exact interval of d_z: the noncentrality parameters λ for which the observed t
    (= d·√n, df = n − 1) lies at the upper and lower tail, divided by √n. Where the
    noncentral t cannot be evaluated (very large t), the normal approximation
    SE(d_z) = √(1/n + d²/(2n)) is used instead."""
    df = n - 1
    t_obs = d * math.sqrt(n)
    alpha = 1 - confidence

    def gap(ncp: float, tail: float) -> float:
        return float(stats.nct.cdf(t_obs, df, ncp)) - tail

    def ncp_for(tail: float) -> float:
        low, high = t_obs - 1.0, t_obs + 1.0
        for _ in range(60):
            g_low, g_high = gap(low, tail), gap(high, tail)
            if math.isnan(g_low) or math.isnan(g_high):
                raise ValueError("noncentral t not evaluable")
            if g_low * g_high <= 0:
                return optimize.brentq(gap, low, high, args=(tail,), xtol=1e-10)
            low, high = low - (high - low), high + (high - low)
        raise ValueError("no bracket")

    try:
        return ncp_for(1 - alpha / 2) / math.sqrt(n), ncp_for(alpha / 2) / math.sqrt(n)
    except (ValueError, RuntimeError):
        z = float(stats.norm.ppf(1 - alpha / 2))
        se = math.sqrt(1 / n + d * d / (2 * n))
        return d - z * se, d + z * se


def paired_statistics(before, after, *, confidence: float = 0.95) -> PairedStatistics:
    before = np.asarray(before, dtype=float)
    after = np.asarray(after, dtype=float)
    n = int(before.size)
    if n == 0:
        return PairedStatistics(0, *([None] * 9))
    change = after - before
    mean = float(change.mean())
    if n < 2:
        return PairedStatistics(n, float(before.mean()), float(after.mean()), mean,
                                None, None, None, None, None, None)
    sd = float(change.std(ddof=1))
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * sd / math.sqrt(n)
    d = d_low = d_high = None
    if sd > 0:
        d = mean / sd
        d_low, d_high = _d_interval(d, n, confidence)
    return PairedStatistics(n, float(before.mean()), float(after.mean()), mean,
                            mean - half, mean + half, sd, d, d_low, d_high)


# -- small cells ---------------------------------------------------------------------------

MIN_CELL = 5


def safe_count(count: int, min_cell: int = MIN_CELL) -> bool:
    """A count of persons may be released when it is 0 or at least `min_cell`."""
    return count == 0 or count >= min_cell


def _closure(masks: set[int]) -> set[int]:
    """Every set of cells whose total follows from the released totals: unions of disjoint
    released sets and differences of nested ones, repeated until nothing new follows."""
    known = set(masks)
    while True:
        new = set()
        for a in known:
            for b in known:
                if a & b == 0:
                    new.add(a | b)
                elif a & b == a and a != b:
                    new.add(b & ~a)
        new -= known
        new.discard(0)
        if not new:
            return known
        known |= new


def suppress_partition(cells: dict[str, int], published: dict[str, tuple[str, ...]],
                       *, keep: tuple[str, ...] = (), min_cell: int = MIN_CELL,
                       ) -> dict[str, int | None]:
    """Release the `published` totals (each the sum of some `cells`, which partition a
    group of persons) only so that no total that can be derived from what is released —
    directly, by adding or by subtracting — counts 1 to min_cell − 1 persons. Withheld
    totals are None. `keep` names totals that must stay (the group's N); when even they
    give a small cell away, everything is withheld. Meant for a handful of cells."""
    names = list(cells)
    bit = {name: 1 << i for i, name in enumerate(names)}

    def mask(parts: tuple[str, ...]) -> int:
        return sum(bit[p] for p in set(parts))

    def count(m: int) -> int:
        return sum(cells[n] for n in names if m & bit[n])

    released = {key: mask(parts) for key, parts in published.items()}

    def small_cells(masks) -> int:
        return sum(1 for m in _closure(set(masks)) if not safe_count(count(m), min_cell))

    while small_cells(released.values()):
        removable = [key for key in released if key not in keep]
        if not removable:
            released = {}
            break
        # Withhold the total whose removal leaves the fewest small derived cells; on a tie
        # the smallest total.
        victim = min(removable, key=lambda key: (
            small_cells(m for k, m in released.items() if k != key),
            count(released[key]), key))
        del released[victim]
    return {key: (count(released[key]) if key in released else None) for key in published}


def suppress_histogram(counts: dict, *, min_cell: int = MIN_CELL) -> dict:
    """A distribution (bins partition the group, whose N is released): a bin of 1 to
    min_cell − 1 persons is withheld (None), and so many more of the smallest bins that the
    withheld bins together, which N minus the released bins gives away, are not small."""
    result = {key: value for key, value in counts.items()}
    withheld = {key for key, value in counts.items() if not safe_count(value, min_cell)}
    while withheld and not safe_count(sum(counts[k] for k in withheld), min_cell):
        rest = [k for k in counts if k not in withheld and counts[k] > 0]
        if not rest:
            break
        withheld.add(min(rest, key=lambda k: (counts[k], str(k))))
    for key in withheld:
        result[key] = None
    return result
