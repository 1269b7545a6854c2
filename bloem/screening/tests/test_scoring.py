"""Scoring of every shipped instrument: the published cut-offs and bands at every
boundary (±1), missing answers, conditional and reverse items, age and informant edges.
The engine is a pure function: no database."""

import pytest

from bloem.screening import engine


def inst(code: str) -> engine.Instrument:
    return engine.get(code)


def spread(instrument: engine.Instrument, total: int, ids: list[str] | None = None) -> dict:
    """Answers that add up to `total`, filling items one by one with their highest
    value (only for scales whose values are 0..max in steps of 1)."""
    ids = ids or instrument.scored_ids()
    answers = {}
    left = total
    for item_id in ids:
        values = sorted(instrument.values(instrument.items_by_id[item_id]))
        value = max(v for v in values if v <= left)
        answers[item_id] = value
        left -= value
    assert left == 0, f"cannot reach {total}"
    return answers


def cries_answers(n: int, total: int) -> dict:
    """CRIES answers (0, 1, 3, 5) adding up to `total`."""
    answers, left = {}, total
    for item in range(1, n + 1):
        value = max(v for v in (0, 1, 3, 5) if v <= left and (left - v) <= 5 * (n - item))
        answers[str(item)] = value
        left -= value
    assert left == 0
    return answers


# -- PHQ-9 ---------------------------------------------------------------------------------

PHQ9_BANDS = [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
              (14, "moderate"), (15, "moderately-severe"), (19, "moderately-severe"),
              (20, "severe"), (27, "severe")]


@pytest.mark.parametrize(("total", "band"), PHQ9_BANDS)
def test_phq9_band_on_both_sides_of_every_cut_off(total, band):
    result = engine.score(inst("phq-9"), spread(inst("phq-9"), total), age=40, informant="self")
    assert (result.total, result.band, result.complete) == (total, band, True)


def test_phq9_published_example_all_items_several_days_is_mild_and_flags_item_9():
    # Every item "several days" (1): 9 points, mild; item 9 above zero raises the alert.
    result = engine.score(inst("phq-9"), {str(i): 1 for i in range(1, 10)})
    assert result.as_dict() == {"instrument": "phq-9", "version": "1.0", "total": 9,
                                "subscales": {}, "band": "mild",
                                "flags": ["suicidal-thoughts"], "complete": True}
    assert "suicidal-thoughts" in inst("phq-9").alert_flags()


def test_phq9_item_9_at_zero_raises_no_alert():
    answers = {str(i): 3 for i in range(1, 9)} | {"9": 0}
    result = engine.score(inst("phq-9"), answers)
    assert (result.total, result.band, result.flags) == (24, "severe", [])


def test_phq9_missing_item_makes_the_result_incomplete_but_keeps_the_suicide_alert():
    answers = {str(i): 2 for i in range(1, 9)} | {"9": 2}
    del answers["3"]
    result = engine.score(inst("phq-9"), answers)
    assert (result.total, result.band, result.complete) == (None, None, False)
    assert result.flags == ["suicidal-thoughts"]


def test_phq9_null_is_a_missing_answer():
    answers = {str(i): 0 for i in range(1, 10)} | {"5": None}
    assert engine.score(inst("phq-9"), answers).complete is False


# -- GAD-7 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("total", "band", "evaluate"), [
    (0, "minimal", False), (4, "minimal", False), (5, "mild", False), (9, "mild", False),
    (10, "moderate", True), (14, "moderate", True), (15, "severe", True),
    (21, "severe", True)])
def test_gad7_bands_and_the_cut_off_of_10(total, band, evaluate):
    result = engine.score(inst("gad-7"), spread(inst("gad-7"), total))
    assert (result.total, result.band) == (total, band)
    assert ("further-evaluation" in result.flags) is evaluate


# -- PCL-5 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("total", "probable"), [(0, False), (32, False), (33, True),
                                                  (34, True), (80, True)])
def test_pcl5_probable_ptsd_from_33(total, probable):
    result = engine.score(inst("pcl-5"), spread(inst("pcl-5"), total))
    assert result.total == total and result.band is None
    assert ("probable-ptsd" in result.flags) is probable


def test_pcl5_cluster_scores_sum_to_the_total():
    answers = {str(i): i % 5 for i in range(1, 21)}
    result = engine.score(inst("pcl-5"), answers)
    assert result.subscales == {"intrusion": 1 + 2 + 3 + 4 + 0, "avoidance": 1 + 2,
                                "cognition-mood": 3 + 4 + 0 + 1 + 2 + 3 + 4,
                                "arousal-reactivity": 0 + 1 + 2 + 3 + 4 + 0}
    assert sum(result.subscales.values()) == result.total == 40


def _dsm5(b: int, c: int, d: int, e: int) -> dict:
    """PCL-5 answers with exactly b, c, d, e items rated 2 in each cluster, others 1."""
    answers = {str(i): 1 for i in range(1, 21)}
    for start, count in ((1, b), (6, c), (8, d), (15, e)):
        for i in range(start, start + count):
            answers[str(i)] = 2
    return answers


@pytest.mark.parametrize(("clusters", "met"), [
    ((1, 1, 2, 2), True), ((0, 1, 2, 2), False), ((1, 0, 2, 2), False),
    ((1, 1, 1, 2), False), ((1, 1, 2, 1), False), ((5, 2, 7, 6), True)])
def test_pcl5_dsm5_rule_needs_1_b_1_c_2_d_2_e_items_rated_2_or_more(clusters, met):
    result = engine.score(inst("pcl-5"), _dsm5(*clusters))
    assert ("dsm5-provisional-ptsd" in result.flags) is met


def test_pcl5_rating_1_is_not_a_symptom():
    result = engine.score(inst("pcl-5"), {str(i): 1 for i in range(1, 21)})
    assert result.total == 20 and result.flags == []


# -- ACE -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "high"), [(0, False), (3, False), (4, True), (5, True),
                                              (10, True)])
def test_ace_counts_yes_answers_and_flags_four_or_more(count, high):
    answers = {str(i): int(i <= count) for i in range(1, 11)}
    result = engine.score(inst("ace"), answers, age=18)
    assert result.total == count
    assert ("ace-4-or-more" in result.flags) is high


# -- CRIES ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "n", "total", "positive"), [
    ("cries-13", 13, 29, False), ("cries-13", 30, 30, True), ("cries-13", 13, 31, True),
    ("cries-8", 8, 16, False), ("cries-8", 8, 17, True), ("cries-8", 8, 18, True),
    ("cries-13", 13, 65, True), ("cries-8", 8, 0, False)])
def test_cries_cut_offs_30_and_17(code, n, total, positive):
    n = 13 if code == "cries-13" else 8
    result = engine.score(inst(code), cries_answers(n, total), age=12, informant="self")
    assert result.total == total
    assert ("probable-ptsd" in result.flags) is positive
    assert result.band is None


@pytest.mark.parametrize("value", [2, 4, 6, -1])
def test_cries_answers_are_0_1_3_or_5_only(value):
    with pytest.raises(engine.InvalidAnswers) as error:
        engine.score(inst("cries-8"), {"1": value})
    assert error.value.errors == {"1": "must be one of 0, 1, 3, 5"}


@pytest.mark.parametrize(("age", "ok"), [(7, False), (8, True), (18, True), (19, False)])
def test_cries_is_for_ages_8_to_18(age, ok):
    answers = cries_answers(8, 10)
    if ok:
        assert engine.score(inst("cries-8"), answers, age=age).total == 10
    else:
        with pytest.raises(engine.InvalidAnswers) as error:
            engine.score(inst("cries-8"), answers, age=age)
        assert set(error.value.errors) == {"age"}


# -- CATS ----------------------------------------------------------------------------------

CATS_7_17 = [(0, "normal"), (14, "normal"), (15, "moderate"), (20, "moderate"),
             (21, "probable-ptsd"), (22, "probable-ptsd"), (60, "probable-ptsd")]
CATS_3_6 = [(0, "normal"), (11, "normal"), (12, "moderate"), (14, "moderate"),
            (15, "probable-ptsd"), (16, "probable-ptsd"), (48, "probable-ptsd")]


@pytest.mark.parametrize("code", ["cats-7-17", "cats-caregiver-7-17"])
@pytest.mark.parametrize(("total", "band"), CATS_7_17)
def test_cats_7_17_bands(code, total, band):
    instrument = inst(code)
    answers = {"e4": 1} | spread(instrument, total)
    result = engine.score(instrument, answers, age=10)
    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize(("total", "band"), CATS_3_6)
def test_cats_caregiver_3_6_bands(total, band):
    instrument = inst("cats-caregiver-3-6")
    result = engine.score(instrument, {"e6": 1} | spread(instrument, total), age=4,
                          informant="caregiver")
    assert (result.total, result.band) == (total, band)


def test_cats_symptoms_are_not_asked_without_an_event():
    instrument = inst("cats-7-17")
    no_events = {f"e{i}": 0 for i in range(1, 16)}
    result = engine.score(instrument, no_events)
    assert (result.total, result.band, result.complete) == (0, "normal", True)
    with pytest.raises(engine.InvalidAnswers) as error:
        engine.score(instrument, no_events | {"3": 2})
    assert set(error.value.errors) == {"3"}


def test_cats_symptoms_without_the_event_checklist_are_scored():
    instrument = inst("cats-7-17")
    result = engine.score(instrument, {str(i): 1 for i in range(1, 21)})
    assert (result.total, result.band) == (20, "moderate")


def test_cats_with_an_event_and_a_missing_symptom_is_incomplete():
    instrument = inst("cats-7-17")
    answers = {"e1": 1} | {str(i): 1 for i in range(1, 20)}
    assert engine.score(instrument, answers).complete is False


@pytest.mark.parametrize(("code", "age", "ok"), [
    ("cats-caregiver-3-6", 2, False), ("cats-caregiver-3-6", 3, True),
    ("cats-caregiver-3-6", 6, True), ("cats-caregiver-3-6", 7, False),
    ("cats-7-17", 6, False), ("cats-7-17", 7, True), ("cats-7-17", 17, True),
    ("cats-7-17", 18, False)])
def test_cats_age_edges(code, age, ok):
    instrument = inst(code)
    answers = {str(i): 0 for i in range(1, 17)}
    if ok:
        assert engine.score(instrument, answers, age=age).complete in (True, False)
    else:
        with pytest.raises(engine.InvalidAnswers):
            engine.score(instrument, answers, age=age)


@pytest.mark.parametrize(("age", "informant", "code"), [
    (4, "caregiver", "cats-caregiver-3-6"), (6, "caregiver", "cats-caregiver-3-6"),
    (7, "caregiver", "cats-caregiver-7-17"), (12, "self", "cats-7-17"), (5, "self", None),
    (18, "self", None)])
def test_age_and_informant_pick_the_cats_version(age, informant, code):
    chosen = engine.choose("cats", age=age, informant=informant)
    assert (chosen.code if chosen else None) == code


def test_the_informant_must_fit_the_instrument():
    with pytest.raises(engine.InvalidAnswers) as error:
        engine.score(inst("cats-7-17"), {}, informant="caregiver")
    assert set(error.value.errors) == {"informant"}


# -- early-life stress and problem indicators ----------------------------------------------


def test_early_life_stress_counts_confirmed_and_confirmed_or_suspected_types():
    answers = {"1": 2, "2": 2, "3": 1, "4": 0, "5": 2, "6": 1, "7": 0, "8": 0, "9": 2,
               "10": 0}
    result = engine.score(inst("early-life-stress"), answers, age=5, informant="worker")
    assert result.total == 4
    assert result.subscales == {"confirmed-or-suspected": 6}


@pytest.mark.parametrize(("age", "ok"), [(0, True), (17, True), (18, False)])
def test_early_life_stress_is_for_children(age, ok):
    answers = {str(i): 0 for i in range(1, 11)}
    if ok:
        assert engine.score(inst("early-life-stress"), answers, age=age).total == 0
    else:
        with pytest.raises(engine.InvalidAnswers):
            engine.score(inst("early-life-stress"), answers, age=age)


def test_problem_indicators_count_signalled_indicators():
    result = engine.score(inst("problem-indicators"), {"1": 1, "2": 0, "3": 1, "4": 1, "5": 0})
    assert result.total == 3


# -- input validation ---------------------------------------------------------------------


@pytest.mark.parametrize("value", [True, 1.5, "2", [1], {"a": 1}])
def test_values_must_be_whole_numbers_of_the_scale(value):
    with pytest.raises(engine.InvalidAnswers) as error:
        engine.score(inst("gad-7"), {"1": value})
    assert list(error.value.errors) == ["1"]


def test_every_bad_item_is_named():
    with pytest.raises(engine.InvalidAnswers) as error:
        engine.score(inst("gad-7"), {"1": 9, "8": 1, "2": 1}, age=-3)
    assert set(error.value.errors) == {"1", "8", "age"}


def test_answers_must_be_an_object():
    with pytest.raises(engine.InvalidAnswers) as error:
        engine.score(inst("gad-7"), [1, 2, 3])
    assert set(error.value.errors) == {"answers"}


@pytest.mark.parametrize(("age", "ok"), [(17, False), (18, True), (130, True), (131, False)])
def test_adult_instruments_start_at_18(age, ok):
    answers = {str(i): 0 for i in range(1, 8)}
    if ok:
        assert engine.score(inst("gad-7"), answers, age=age).total == 0
    else:
        with pytest.raises(engine.InvalidAnswers):
            engine.score(inst("gad-7"), answers, age=age)


# -- generic engine rules (a definition of our own) -----------------------------------------

SYNTHETIC = {
    "code": "synthetic", "version": "t", "family": "synthetic", "name": {"en": "Synthetic"},
    "informants": ["self"], "age": {"min": 0}, "licence": "test", "source": "test",
    "response_scales": {"likert": [{"value": v, "label": {"en": str(v)}} for v in range(1, 5)]},
    "items": [{"id": str(i), "scale": "likert", **({"reverse": True} if i in (2, 4) else {})}
              for i in range(1, 6)],
    "scoring": {"total": {"method": "sum"}, "missing": {"prorate_max": 1},
                "subscales": [{"id": "mean", "label": {"en": "Mean"}, "method": "mean",
                               "items": ["1", "2", "3", "4", "5"], "decimals": 2}]},
}


def synthetic() -> engine.Instrument:
    assert engine.validate(SYNTHETIC) == []
    return engine.Instrument(SYNTHETIC, "synthetic.json")


def test_reverse_items_are_scored_as_lowest_plus_highest_minus_the_answer():
    result = engine.score(synthetic(), {"1": 4, "2": 1, "3": 4, "4": 1, "5": 4})
    assert result.total == 20  # items 2 and 4: 1 + 4 - 1 = 4
    assert result.subscales == {"mean": 4.0}


def test_one_missing_answer_is_prorated_rounded_half_up():
    # answered 1 + 2 + 2 + 2 = 7 over 4 items; × 5 ÷ 4 = 8.75 → 9
    result = engine.score(synthetic(), {"1": 1, "2": 3, "3": 2, "4": 3})
    assert (result.total, result.complete) == (9, True)
    assert "prorated" in result.flags


def test_two_missing_answers_exceed_the_prorating_limit():
    result = engine.score(synthetic(), {"1": 1, "2": 3, "3": 2})
    assert (result.total, result.complete) == (None, False)
