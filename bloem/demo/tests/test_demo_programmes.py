"""The demo's groups and treatment follow the rules, and one child's timeline shows every
kind of help."""

from io import StringIO

import pytest
from django.core.management import call_command

from bloem.families.models import Person
from bloem.programmes import selectors
from bloem.programmes.models import (
    Attendance,
    Enrolment,
    EnrolmentStatus,
    GroupRun,
    NikaJudgement,
    SupervisedContact,
    TeacherAdvice,
    TraumaEpisode,
)
from bloem.rules import evaluate
from bloem.rules import facts as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("demo", families=60, seed=5, stdout=StringIO())


def test_the_demo_has_groups_within_the_rules_and_a_child_with_every_kind_of_help(demo):
    assert GroupRun.objects.exists()
    for run in GroupRun.objects.all():
        assert run.enrolments.filter(status=EnrolmentStatus.ENROLLED).count() <= run.capacity
    for e in Enrolment.objects.filter(person__family_role="child").select_related("run",
                                                                                   "person"):
        assert not evaluate(f.EnrolProgramme(e.run.programme_id, "", e.person.date_of_birth,
                                             e.run.starts_on)).blocked
    assert Attendance.objects.exists()
    children = (set(Enrolment.objects.values_list("person_id", flat=True))
                & set(NikaJudgement.objects.values_list("trajectory__child_id", flat=True))
                & set(TraumaEpisode.objects.values_list("person_id", flat=True))
                & set(SupervisedContact.objects.values_list("child_id", flat=True))
                & set(TeacherAdvice.objects.values_list("school__child_id", flat=True)))
    assert children, "a demo child with every kind of help"
    child_id = min(children)
    episode = TraumaEpisode.objects.get(person_id=child_id)
    judgement = NikaJudgement.objects.filter(trajectory__child_id=child_id).get()
    assert judgement.stability.sufficient and judgement.judged_on <= episode.started_on
    kinds = {e.kind for e in selectors.timeline(Person.objects.get(pk=child_id))}
    assert len(kinds) >= 6  # group, NIKA, trauma, contact, school, forms of help
