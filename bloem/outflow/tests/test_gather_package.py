"""gather_package returns only the chosen members and, of each, only the chosen parts, in
a fixed number of queries whatever the size of the file."""

import pytest
from django.utils import timezone

from bloem.outflow.services import gather_package
from bloem.planning.models import Goal
from bloem.safety.models import PlanAgreement, SafetyPlan

from .helpers import child_of, mother_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(world):
    from tests.helpers import prepare_world

    prepare_world(world)
    family = world.own_family  # with its outflow and handover (add_outflow_work)
    plan = SafetyPlan.objects.create(family=family)
    PlanAgreement.objects.create(family=family, plan=plan, kind="code_word", text="Codewoord",
                                 agreed_on=timezone.localdate(),
                                 recorded_by=world.family_worker)
    return family


def _gather(family, chosen, worker):
    return gather_package(family=family, outflow=family.outflows.get(), chosen=chosen,
                          receiving_party="Jeugdteam", prepared_by=worker,
                          today=timezone.localdate())


def test_only_the_chosen_members_and_parts(world, family):
    child, mother = child_of(family), mother_of(family)
    package = _gather(family, {child.pk: {"goals", "continuing_help"},
                               mother.pk: {"summary"}}, world.family_worker)
    assert [m.first_name for m in package.members] == [mother.first_name, child.first_name]
    kid = package.members[1]
    assert kid.parts == frozenset({"goals", "continuing_help"})
    assert [g.description for g in kid.goals] == ["Rust en ritme."]
    assert len(kid.continuing_help) == 1 and kid.consents == () and kid.scores == ()
    assert kid.parents[0].member == package.members[0].key  # the mother, in the package
    assert package.members[0].goals == ()
    assert package.summary  # the mother's summary part
    assert package.safety_level == "" and package.safety_agreements == ()
    assert package.receiving_party == "Jeugdteam"
    assert package.new_municipality_code == family.outflows.get().new_municipality_code


def test_safety_and_consents_when_chosen(world, family):
    child = child_of(family)
    package = _gather(family, {child.pk: {"safety", "consents"}}, world.family_worker)
    assert package.safety_level == "orange"
    assert [a.text for a in package.safety_agreements] == ["Codewoord"]
    assert len(package.members[0].consents) == 1
    assert package.members[0].goals == () and package.summary == ""


def test_a_part_outside_the_list_is_ignored(world, family):
    child = child_of(family)
    package = _gather(family, {child.pk: {"goals", "addresses"}}, world.family_worker)
    assert package.members[0].parts == frozenset({"goals"})


def test_the_number_of_queries_does_not_grow_with_the_file(world, family,
                                                            django_assert_max_num_queries):
    everything = {"summary", "safety", "screening", "outcomes", "goals", "continuing_help",
                  "consents"}
    chosen = {m.pk: everything for m in family.members.exclude(family_role="other_parent")}
    with django_assert_max_num_queries(12):
        _gather(family, chosen, world.family_worker)
    goal = Goal.objects.filter(family=family).first()
    for i in range(20):
        Goal.objects.create(plan=goal.plan, family=family, person=child_of(family, 1),
                            description=f"Doel {i}", responsible=world.family_worker,
                            organisation_id=world.family_worker.organisation_id,
                            started_on=goal.started_on, review_on=goal.review_on)
    with django_assert_max_num_queries(12):
        package = _gather(family, chosen, world.family_worker)
    assert sum(len(m.goals) for m in package.members) == 21
