"""Demo screening: questionnaire responses for the children and parents of a chunk of demo
families, at intake (T0) and, for stays that lasted eight weeks or more, again during the
stay (T1) — the data issue 8 (outcomes) builds on.

Distributions follow what the publication reports for the shelter population: the
problem indicators with the prevalence of the Federatie Opvang table (49 % severe
behaviour problems, 40 % depressive complaints, 28 % anxiety, 31 % PTSD, 11 % physical
abuse), four to ten types of early-life stress per child, and high symptom levels in the
parents at intake that on average come down by T1. Every response is scored by the real
engine (services.scored_response); rows are written with bulk_create.
"""

import datetime
import random
from collections import Counter, defaultdict

from bloem.demo import bulk
from bloem.families.models import FamilyRole
from bloem.screening import engine
from bloem.screening.models import Informant, Moment, Response
from bloem.screening.services import scored_response

T1_AFTER = datetime.timedelta(weeks=8)
PREVALENCE = {"1": 0.49, "2": 0.40, "3": 0.28, "4": 0.31, "5": 0.11}
BATCH_SIZE = 2000


def _answer(rng: random.Random, values: list[int], severity: float) -> int:
    """A value of the scale near `severity` (0..1) of its range, with some noise."""
    low, high = min(values), max(values)
    wanted = low + severity * (high - low) + rng.gauss(0, (high - low) * 0.22)
    return min(values, key=lambda v: abs(v - wanted))


def _scaled(rng: random.Random, instrument: engine.Instrument, severity: float,
            answers: dict | None = None) -> dict:
    answers = dict(answers or {})
    for item in instrument.items:
        if item.get("scored", True) and item["id"] not in answers:
            answers[item["id"]] = _answer(rng, instrument.values(item), severity)
    return answers


def _phq9(rng: random.Random, severity: float) -> dict:
    answers = _scaled(rng, engine.get("phq-9"), severity)
    # Thoughts of death are rarer than the other symptoms.
    answers["9"] = _answer(rng, [0, 1, 2, 3], severity * 0.6) if rng.random() < 0.5 else 0
    return answers


def _cats(rng: random.Random, instrument: engine.Instrument, severity: float) -> dict:
    events = {f"e{i}": int(rng.random() < 0.12) for i in range(1, 16)}
    events["e6"] = 1  # seeing someone in the family get hit: every child in the shelter
    return _scaled(rng, instrument, severity, events)


def _early_life_stress(rng: random.Random) -> dict:
    answers = {"1": 2}  # every child in the shelter witnessed domestic violence
    for item in range(2, 11):
        roll = rng.random()
        answers[str(item)] = 2 if roll < 0.38 else 1 if roll < 0.55 else 0
    return answers


def _trauma_instrument(rng: random.Random, age: int) -> tuple[str, str] | None:
    if 3 <= age <= 6:
        return "cats-caregiver-3-6", Informant.CAREGIVER
    if 8 <= age <= 17 and rng.random() < 0.3:
        return "cries-8", Informant.SELF
    if 7 <= age <= 17:
        return "cats-7-17", Informant.SELF
    return None


def add_responses(batch, *, seed: int, today: datetime.date) -> Counter:
    """Responses for the families of one generator batch (already saved)."""
    rng = random.Random(seed)
    members = defaultdict(list)
    for person in batch.persons:
        members[id(person.family)].append(person)
    rows: list[Response] = []

    def add(person, code, answers, informant, moment, day, worker_id):
        response = scored_response(
            instrument=engine.get(code), person=person, answers=answers,
            informant=informant, moment=moment, administered_on=day, entered_by=None)
        response.entered_by_id = worker_id
        rows.append(response)

    for stay in batch.stays:
        last = min(stay.ended_on or today, today)
        t0 = min(stay.started_on + datetime.timedelta(days=rng.randint(2, 14)), last)
        t1 = stay.started_on + T1_AFTER + datetime.timedelta(days=rng.randint(0, 21))
        has_t1 = t1 <= last
        worker = stay.family_worker_id
        for person in members[id(stay.family)]:
            age = person.age_on(t0)
            if person.family_role == FamilyRole.PARENT and (age is None or age >= 18):
                severity = rng.betavariate(2.4, 2.2)
                recovery = max(-0.1, rng.gauss(0.15, 0.12))
                add(person, "phq-9", _phq9(rng, severity), Informant.SELF, Moment.T0, t0, worker)
                add(person, "pcl-5", _scaled(rng, engine.get("pcl-5"), severity),
                    Informant.SELF, Moment.T0, t0, worker)
                if rng.random() < 0.6:
                    add(person, "gad-7", _scaled(rng, engine.get("gad-7"), severity),
                        Informant.SELF, Moment.T0, t0, worker)
                if rng.random() < 0.5:
                    ace = _scaled(rng, engine.get("ace"), rng.betavariate(1.6, 2.2))
                    add(person, "ace", ace, Informant.SELF, Moment.T0, t0, worker)
                if has_t1:
                    later = min(1.0, max(0.0, severity - recovery))
                    add(person, "phq-9", _phq9(rng, later), Informant.SELF, Moment.T1, t1,
                        worker)
                    add(person, "pcl-5", _scaled(rng, engine.get("pcl-5"), later),
                        Informant.SELF, Moment.T1, t1, worker)
            elif person.family_role == FamilyRole.CHILD and person.date_of_birth:
                if age is None or not 0 <= age <= 17:
                    continue
                add(person, "early-life-stress", _early_life_stress(rng), Informant.WORKER,
                    Moment.T0, t0, worker)
                indicators = {k: int(rng.random() < p) for k, p in PREVALENCE.items()}
                add(person, "problem-indicators", indicators, Informant.WORKER, Moment.T0, t0,
                    worker)
                if has_t1 and engine.get("problem-indicators").accepts_age(
                        person.age_on(t1) or 0):  # rated again during the stay: fewer
                    again = {k: int(rng.random() < (0.7 if v else 0.1))
                             for k, v in indicators.items()}
                    add(person, "problem-indicators", again, Informant.WORKER, Moment.T1, t1,
                        worker)
                chosen = _trauma_instrument(rng, age)
                if chosen is None:
                    continue
                code, informant = chosen
                severity = rng.betavariate(1.8, 2.6) + (0.15 if indicators["4"] else 0)
                severity = min(severity, 1.0)
                answers = (_cats(rng, engine.get(code), severity) if code.startswith("cats")
                           else _scaled(rng, engine.get(code), severity))
                add(person, code, answers, informant, Moment.T0, t0, worker)
                if has_t1 and engine.get(code).accepts_age(person.age_on(t1) or 0):
                    later = min(1.0, max(0.0, severity - max(-0.1, rng.gauss(0.12, 0.12))))
                    answers = (_cats(rng, engine.get(code), later) if code.startswith("cats")
                               else _scaled(rng, engine.get(code), later))
                    add(person, code, answers, informant, Moment.T1, t1, worker)
    bulk.insert(rows)
    batch.responses = rows  # for the access log
    return Counter({"Response": len(rows)})
