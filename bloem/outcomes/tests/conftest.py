import datetime

import pytest
from django.utils import timezone

from bloem.catalogue.models import HelpForm
from bloem.families.models import FamilyRole
from bloem.families.tests.factories import family_at
from bloem.screening import engine
from bloem.screening.models import Informant, Moment
from bloem.screening.services import scored_response

SHELTER_PETAL = "safety-stabilisation"


def phq_answers(total: int) -> dict:
    """PHQ-9 answers summing to `total` (item 9 stays 0 while it can)."""
    answers = {str(i): 0 for i in range(1, 10)}
    for i in range(total):
        item = str(i % 8 + 1) if i < 24 else "9"
        answers[item] += 1
    return answers


def add_phq(person, total: int, moment: str, day: datetime.date, worker) -> None:
    scored_response(instrument=engine.get("phq-9"), person=person, answers=phq_answers(total),
                    informant=Informant.SELF, moment=moment, administered_on=day,
                    entered_by=worker).save()


# (T0, T1) PHQ-9 totals of the mothers of the cohort at location A
PAIRS = [(18, 10), (20, 12), (15, 14), (22, 8), (12, 13), (16, 6), (19, 20), (14, 9)]


@pytest.fixture
def cohort(world):
    """The own family and seven more at location A, each mother with a PHQ-9 T0 and T1;
    the foreign family at B with a pair that must never count for A."""
    today = timezone.localdate()
    unit = world.own_family.stays.get().unit
    families = [world.own_family] + [
        family_at(unit, world.family_worker, name=f"Cohort{i}") for i in range(1, len(PAIRS))]
    mothers = []
    for family, (before, after) in zip(families, PAIRS, strict=True):
        mother = family.members.get(family_role=FamilyRole.PARENT)
        add_phq(mother, before, Moment.T0, today - datetime.timedelta(days=70),
                world.family_worker)
        add_phq(mother, after, Moment.T1, today - datetime.timedelta(days=10),
                world.family_worker)
        mothers.append(mother)
    foreign_mother = world.foreign_family.members.get(family_role=FamilyRole.PARENT)
    add_phq(foreign_mother, 27, Moment.T0, today - datetime.timedelta(days=70),
            world.other_family_worker)
    add_phq(foreign_mother, 0, Moment.T1, today - datetime.timedelta(days=10),
            world.other_family_worker)
    return mothers


def start_help(family, person, worker, started_on) -> HelpForm:
    return HelpForm.objects.create(family=family, person=person, petal_id=SHELTER_PETAL,
                                   responsible=worker, started_on=started_on)
