"""Who pays for a day of help: the residence rule and the shelter rules at their edges."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bloem.rules.financing import (
    JW_BRP,
    JW_SHELTER,
    JW_UNKNOWN,
    OVERRIDE,
    WMO_CENTRAL,
    ZVW_INSURER,
    DeterminePayer,
    Payer,
    responsible,
)

DAY = datetime.date(2026, 3, 15)
AMSTERDAM, ALMERE, HILVERSUM = "GM0363", "GM0034", "GM0402"


def test_shelter_under_the_wmo_is_paid_by_the_central_municipality_not_the_origin():
    answer = responsible(DeterminePayer("wmo", DAY, in_shelter=True, brp_before_stay=ALMERE,
                                        central_municipality=AMSTERDAM))
    assert (answer.payer, answer.municipality, answer.rule_id) == (
        Payer.MUNICIPALITY, AMSTERDAM, WMO_CENTRAL)


def test_wmo_without_a_known_central_municipality_is_undetermined():
    answer = responsible(DeterminePayer("wmo", DAY, in_shelter=True, brp_before_stay=ALMERE))
    assert answer.payer == Payer.UNDETERMINED and answer.municipality is None


def test_youth_care_for_a_child_in_the_shelter_is_paid_by_the_municipality_before_the_stay():
    answer = responsible(DeterminePayer("jeugdwet", DAY, in_shelter=True,
                                        brp_before_stay=ALMERE, brp_now=AMSTERDAM,
                                        central_municipality=AMSTERDAM))
    assert (answer.municipality, answer.rule_id) == (ALMERE, JW_SHELTER)


def test_youth_care_after_the_stay_follows_the_current_brp_municipality():
    answer = responsible(DeterminePayer("jeugdwet", DAY, in_shelter=False,
                                        brp_before_stay=ALMERE, brp_now=HILVERSUM))
    assert (answer.municipality, answer.rule_id) == (HILVERSUM, JW_BRP)


def test_youth_care_after_the_stay_without_a_brp_municipality_is_undetermined():
    answer = responsible(DeterminePayer("jeugdwet", DAY, in_shelter=False,
                                        brp_before_stay=ALMERE))
    assert (answer.payer, answer.rule_id) == (Payer.UNDETERMINED, JW_UNKNOWN)


@pytest.mark.parametrize(("day", "derived"), [
    (datetime.date(2021, 12, 31), False),  # the rule before 2022 is not encoded
    (datetime.date(2022, 1, 1), True),  # the new residence rule from its first day
])
def test_the_residence_rule_applies_from_1_january_2022(day, derived):
    answer = responsible(DeterminePayer("jeugdwet", day, in_shelter=True,
                                        brp_before_stay=ALMERE))
    assert (answer.municipality == ALMERE) is derived
    assert answer.rule_id == (JW_SHELTER if derived else JW_UNKNOWN)


def test_adult_ggz_is_paid_by_the_insurer_even_with_an_override():
    answer = responsible(DeterminePayer("zvw", DAY, in_shelter=True, override=AMSTERDAM))
    assert (answer.payer, answer.municipality, answer.rule_id) == (
        Payer.INSURER, None, ZVW_INSURER)


def test_an_override_takes_precedence_over_the_derived_municipality():
    answer = responsible(DeterminePayer("jeugdwet", datetime.date(2021, 6, 1), in_shelter=True,
                                        brp_before_stay=ALMERE, override=HILVERSUM))
    assert (answer.municipality, answer.rule_id) == (HILVERSUM, OVERRIDE)


def test_an_unknown_stream_is_refused():
    with pytest.raises(ValueError, match="stream"):
        responsible(DeterminePayer("wlz", DAY))


@given(stream=st.sampled_from(["wmo", "jeugdwet", "zvw"]), day=st.dates(),
       in_shelter=st.booleans(),
       codes=st.lists(st.sampled_from([None, AMSTERDAM, ALMERE, HILVERSUM]), min_size=4,
                      max_size=4))
def test_a_municipality_is_named_exactly_when_a_municipality_pays(stream, day, in_shelter,
                                                                   codes):
    answer = responsible(DeterminePayer(stream, day, in_shelter, *codes))
    assert (answer.municipality is not None) == (answer.payer == Payer.MUNICIPALITY)
    assert answer.municipality in (None, *codes)
