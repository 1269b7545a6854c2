"""The statistics against values computed by hand and by scipy on the same data."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from bloem.outcomes import stats

BEFORE = [10, 12, 15, 9, 20, 14]
AFTER = [6, 10, 9, 9, 12, 8]


def test_rci_is_the_change_divided_by_the_standard_error_of_the_difference():
    # Jacobson & Truax 1991: SE = SD·√(1−r); S_diff = √(2·SE²). PHQ-9 norms: SD 3.5, r .89
    se = 3.5 * math.sqrt(1 - 0.89)
    s_diff = math.sqrt(2 * se**2)  # = 1.6416...
    rci = stats.reliable_change_index([18], [12], sd=3.5, reliability=0.89)
    assert rci[0] == pytest.approx((12 - 18) / s_diff)
    assert rci[0] == pytest.approx(-3.6549, abs=1e-4)


def test_classification_by_reliable_change_and_cut_off():
    classes = stats.classify([18, 18, 18, 12, 8], [12, 16, 26, 6, 3], sd=3.5,
                             reliability=0.89, cutoff=10)
    # 18→12: RCI −3.65, still ≥ 10: improved; 18→16: RCI −1.22: unchanged;
    # 18→26: deteriorated; 12→6: reliable and crossed the cut-off: recovered;
    # 8→3: reliable, but it started below the cut-off: improved.
    assert list(classes) == ["improved", "unchanged", "deteriorated", "recovered", "improved"]


def test_without_a_cut_off_nobody_is_recovered():
    classes = stats.classify([20], [2], sd=3.5, reliability=0.89, cutoff=None)
    assert list(classes) == ["improved"]


def test_paired_statistics_match_scipy_and_hand_computation():
    result = stats.paired_statistics(BEFORE, AFTER)
    diff = np.array(AFTER) - np.array(BEFORE)  # -4 -2 -6 0 -8 -6
    assert result.n == 6
    assert result.mean_before == pytest.approx(80 / 6)
    assert result.mean_after == pytest.approx(9.0)
    assert result.mean_change == pytest.approx(-26 / 6)
    sd = math.sqrt(sum((d + 26 / 6) ** 2 for d in diff) / 5)
    assert result.sd_change == pytest.approx(sd)
    half = scipy_stats.t.ppf(0.975, 5) * sd / math.sqrt(6)
    assert (result.change_low, result.change_high) == pytest.approx((-26 / 6 - half,
                                                                     -26 / 6 + half))
    # scipy's own paired t-test interval on the same data
    ci = scipy_stats.ttest_rel(AFTER, BEFORE).confidence_interval(0.95)
    assert (result.change_low, result.change_high) == pytest.approx((ci.low, ci.high))
    assert result.d == pytest.approx((-26 / 6) / sd)


def test_the_interval_of_d_is_the_exact_noncentral_t_interval():
    result = stats.paired_statistics(BEFORE, AFTER)
    n, t_obs = 6, result.d * math.sqrt(6)
    # At the interval's ends the observed t lies at the 97.5th and 2.5th percentile.
    assert scipy_stats.nct.cdf(t_obs, n - 1, result.d_low * math.sqrt(n)) == pytest.approx(
        0.975, abs=1e-6)
    assert scipy_stats.nct.cdf(t_obs, n - 1, result.d_high * math.sqrt(n)) == pytest.approx(
        0.025, abs=1e-6)
    assert result.d_low < result.d < result.d_high


def test_a_large_sample_falls_back_to_a_sensible_interval():
    rng = np.random.default_rng(4)
    before = rng.normal(15, 5, 20000)
    after = before - 3 + rng.normal(0, 4, 20000)
    result = stats.paired_statistics(before, after)
    se = math.sqrt(1 / 20000 + result.d**2 / 40000)
    assert result.d_low == pytest.approx(result.d - 1.96 * se, abs=2e-3)
    assert result.d_high == pytest.approx(result.d + 1.96 * se, abs=2e-3)


def test_too_few_pairs_give_no_interval():
    assert stats.paired_statistics([], []).n == 0
    one = stats.paired_statistics([3], [1])
    assert one.mean_change == -2 and one.change_low is None and one.d is None


# -- small cells ---------------------------------------------------------------------------

PUBLISHED = {"n": stats.CLASSES, "recovered": (stats.RECOVERED,),
             "improved": (stats.RECOVERED, stats.IMPROVED),
             "deteriorated": (stats.DETERIORATED,)}


def _derivable_counts(cells, published, shown):
    """Every count that follows from the released totals (brute force over the subsets of
    cells expressible as ± combinations of released totals with coefficients −1, 0, 1,
    and the sums/differences of pairs of such)."""
    import itertools

    names = list(cells)
    released = [set(published[key]) for key, value in shown.items() if value is not None]
    vectors = [tuple(1 if n in r else 0 for n in names) for r in released]
    found = set()
    for coefficients in itertools.product((-1, 0, 1), repeat=len(vectors)):
        combo = [sum(c * v[i] for c, v in zip(coefficients, vectors, strict=True))
                 for i in range(len(names))]
        if all(x in (0, 1) for x in combo) and any(combo):
            found.add(sum(cells[n] for n, x in zip(names, combo, strict=True) if x))
    return found


@given(st.fixed_dictionaries({c: st.integers(0, 40) for c in stats.CLASSES}))
def test_no_released_or_derivable_cell_is_under_five(cells):
    shown = stats.suppress_partition(cells, PUBLISHED, keep=("n",))
    for value in shown.values():
        assert value is None or stats.safe_count(value)
    for count in _derivable_counts(cells, PUBLISHED, shown):
        assert stats.safe_count(count), (cells, shown, count)


@given(st.dictionaries(st.integers(0, 10), st.integers(0, 30), min_size=1))
def test_a_distribution_never_releases_a_small_bin_nor_a_small_remainder(bins):
    shown = stats.suppress_histogram(bins)
    assert all(v is None or stats.safe_count(v) for v in shown.values())
    withheld = sum(bins[k] for k, v in shown.items() if v is None)
    total = sum(bins.values())
    if stats.safe_count(total):
        assert stats.safe_count(withheld) or all(v is None for v in shown.values())
