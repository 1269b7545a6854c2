"""The ranking rule (bloem.network.matching.rank) on a known small directory: the exact
order, ties and exclusions."""

from bloem.network.matching import Candidate, Place, great_circle_km, rank

AMSTERDAM = Place("GM0363", "Amsterdam-Amstelland", 52.37, 4.90)
ZAANSTAD = Place("GM0479", "Zaanstreek-Waterland", 52.46, 4.81)
UTRECHT = Place("GM0344", "Utrecht Stad", 52.09, 5.12)
GRONINGEN = Place("GM0014", "Groningen", 53.22, 6.57)


class Texts:
    def km(self, km):
        return f"{km} km"

    def serves_here(self):
        return "hier"

    def waiting(self, weeks):
        return f"wachttijd {weeks} weken"

    def no_place(self):
        return "geen plek vrij"

    def in_training(self, supervisor):
        return f"in opleiding onder supervisie van {supervisor}"


def candidate(id, name, base, *, places=1, weeks=2, serves=(), region="", training=False):
    return Candidate(id=id, name=name, organisation="Praktijk", base=base,
                     serves_codes=frozenset(serves), serves_region=region, open_places=places,
                     waiting_weeks=weeks, in_training=training,
                     supervisor="Anna" if training else "")


def ranked(candidates, place=AMSTERDAM, **kwargs):
    return rank(candidates, place=place, method_reason="biedt EMDR",
                population_reason="werkt met kinderen", texts=Texts(), **kwargs)


def names(matches):
    return [m.candidate.name for m in matches]


def test_great_circle_distance_amsterdam_utrecht_is_about_35_km():
    assert 34 < great_circle_km(AMSTERDAM, UTRECHT) < 36


def test_nearest_first_then_waiting_time_then_certified_then_name():
    directory = [
        candidate(1, "Utrecht kort", UTRECHT, weeks=1),
        candidate(2, "Zaanstad lang", ZAANSTAD, weeks=8),
        candidate(3, "Amsterdam lang", AMSTERDAM, weeks=6),
        candidate(4, "Amsterdam kort", AMSTERDAM, weeks=1),
        candidate(5, "Amsterdam kort opleiding", AMSTERDAM, weeks=1, training=True),
        candidate(6, "Amsterdam kort B", AMSTERDAM, weeks=1),
        candidate(7, "Zaanstad kort", ZAANSTAD, weeks=3),
    ]
    assert names(ranked(directory)) == [
        "Amsterdam kort", "Amsterdam kort B", "Amsterdam kort opleiding", "Amsterdam lang",
        "Zaanstad kort", "Zaanstad lang", "Utrecht kort"]


def test_serving_the_municipality_or_its_region_counts_as_distance_zero():
    directory = [
        candidate(1, "In Amsterdam", AMSTERDAM, weeks=5),
        candidate(2, "Utrecht, bedient Amsterdam", UTRECHT, weeks=1, serves={"GM0363"}),
        candidate(3, "Zaanstad, bedient de regio", ZAANSTAD, weeks=2,
                  region="Amsterdam-Amstelland"),
    ]
    matches = ranked(directory)
    assert names(matches) == ["Utrecht, bedient Amsterdam", "Zaanstad, bedient de regio",
                              "In Amsterdam"]
    assert [m.distance_km for m in matches] == [0, 0, 0]


def test_no_open_place_is_shown_last_with_the_reason():
    directory = [candidate(1, "Vol", AMSTERDAM, places=0, weeks=0),
                 candidate(2, "Ver maar vrij", UTRECHT, weeks=9)]
    matches = ranked(directory)
    assert names(matches) == ["Ver maar vrij", "Vol"]
    assert "geen plek vrij" in matches[1].reasons


def test_farther_than_the_radius_is_left_out():
    directory = [candidate(1, "Groningen", GRONINGEN), candidate(2, "Utrecht", UTRECHT)]
    assert names(ranked(directory)) == ["Utrecht"]
    assert names(ranked(directory, radius_km=20)) == []


def test_the_reasons_say_method_population_distance_waiting_time_and_supervision():
    [match] = ranked([candidate(1, "Zaanstad", ZAANSTAD, weeks=3, training=True)])
    assert match.reasons == ("biedt EMDR", "werkt met kinderen", "12 km", "wachttijd 3 weken",
                             "in opleiding onder supervisie van Anna")


def test_full_ties_keep_a_stable_order_by_name_then_id():
    directory = [candidate(9, "Bea", AMSTERDAM), candidate(3, "Bea", AMSTERDAM),
                 candidate(1, "Ada", AMSTERDAM)]
    assert [m.candidate.id for m in ranked(directory)] == [1, 3, 9]
