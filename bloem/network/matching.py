"""The ranking rule of the practitioner matching (M-71), pure Python (no Django, no
database): candidates in, an ordered list with reasons out.

The rule, in order of the sort key:
1. Practitioners with an open place come first; those without one are NOT left out but
   shown last, marked "geen plek vrij": a worker may still ring them (places open up, a
   waiting list may be acceptable) and hiding them would make the network look smaller
   than it is.
2. Distance in whole kilometres, nearest first: the great-circle distance between the
   practitioner's base municipality and the target municipality (their centroids). It is
   0 when the practitioner works in the target municipality, names it among the
   municipalities served, or serves its youth-care region: youth care is commissioned per
   region, so a practitioner who serves the region is "local" for every municipality in
   it.
3. Waiting time in weeks, shortest first.
4. Certified before in training (same distance and wait: the experienced one first).
5. Name, then id: a stable order for full ties.
Whole kilometres (rounded) keep a 0.3 km difference from beating a week of waiting time.

Candidates farther than `radius_km` are left out (the database pre-selects a bounding box
of that radius; this function applies the exact distance)."""

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088
DEFAULT_RADIUS_KM = 60


@dataclass(frozen=True)
class Place:
    code: str
    youth_region: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    organisation: str
    base: Place
    serves_codes: frozenset[str]
    serves_region: str
    open_places: int
    waiting_weeks: int
    in_training: bool = False
    supervisor: str = ""


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    distance_km: int
    reasons: tuple[str, ...]


def great_circle_km(a: Place, b: Place) -> float:
    """Haversine distance between two points on the earth, in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude,
                                                b.latitude, b.longitude))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def serves(candidate: Candidate, place: Place) -> bool:
    return (candidate.base.code == place.code or place.code in candidate.serves_codes
            or (bool(candidate.serves_region) and candidate.serves_region == place.youth_region))


def distance_km(candidate: Candidate, place: Place) -> int:
    """0 when the candidate serves the place, else the rounded great-circle distance."""
    return 0 if serves(candidate, place) else round(great_circle_km(candidate.base, place))


def rank(candidates, *, place: Place, method_reason: str, population_reason: str,
         texts, radius_km: float = DEFAULT_RADIUS_KM) -> list[Match]:
    """The candidates within `radius_km` of `place`, ordered by the rule above, each with
    the reasons shown to the worker. `texts` makes the reason texts (translated by the
    caller): an object with `km(n)`, `serves_here()`, `waiting(weeks)`, `no_place()` and
    `in_training(supervisor)`."""
    matches = []
    for candidate in candidates:
        km = distance_km(candidate, place)
        if km > radius_km:
            continue
        reasons = [method_reason, population_reason,
                   texts.serves_here() if km == 0 else texts.km(km),
                   texts.waiting(candidate.waiting_weeks)]
        if candidate.open_places <= 0:
            reasons.append(texts.no_place())
        if candidate.in_training:
            reasons.append(texts.in_training(candidate.supervisor))
        matches.append(Match(candidate, km, tuple(reasons)))
    return sorted(matches, key=lambda m: (
        m.candidate.open_places <= 0, m.distance_km, m.candidate.waiting_weeks,
        m.candidate.in_training, m.candidate.name, m.candidate.id))
