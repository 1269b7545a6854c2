"""Enrolment asks the rule engine: the child's age on the programme's start date (an
exception needs a reason and stays visible) and the consent for the programme; a full group
puts a child on the waiting list, and a place that comes free goes to it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bloem.consent.checks import RulesRefusedError
from bloem.families.models import FamilyRole, ParentChildRelation
from bloem.families.tests.factories import PersonFactory
from bloem.programmes import services
from bloem.programmes.models import Enrolment, EnrolmentStatus, GroupKind
from bloem.rules.care import PROGRAMMES

from .helpers import consent_of_both, members, plan, request_as, today


def birthday_years_before(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year - years)


def child_born(family, born):
    child = PersonFactory(family=family, family_role=FamilyRole.CHILD, first_name="Edge",
                          date_of_birth=born)
    mother, father, _ = members(family)
    for parent in (mother, father):
        ParentChildRelation.objects.create(parent=parent, child=child, has_authority=True)
    return child


@pytest.mark.parametrize("code", sorted(PROGRAMMES))
@pytest.mark.parametrize(("edge", "allowed"), [
    ("min_birthday", True), ("day_before_min", False),
    ("last_day_at_max", True), ("turns_max_plus_one", False),
])
def test_age_on_the_start_date_decides_at_the_edges(world, code, edge, allowed):
    programme = PROGRAMMES[code]
    starts_on = today() + datetime.timedelta(days=10)
    born = {
        "min_birthday": birthday_years_before(starts_on, programme.min_age),
        "day_before_min": birthday_years_before(starts_on, programme.min_age)
        + datetime.timedelta(days=1),
        "last_day_at_max": birthday_years_before(starts_on, programme.max_age + 1)
        + datetime.timedelta(days=1),
        "turns_max_plus_one": birthday_years_before(starts_on, programme.max_age + 1),
    }[edge]
    if born > today():
        pytest.skip("a child not yet born cannot be enrolled")
    family = world.own_family
    run = plan(family, world.team_manager, world.child_worker, code=code, starts_on=starts_on)
    child = child_born(family, born)
    consent_of_both(family, child, world.family_worker)
    request = request_as(world.family_worker)
    if allowed:
        enrolment = services.enrol(request=request, run=run, person=child, enrolled_on=today())
        assert enrolment.status == EnrolmentStatus.ENROLLED
    else:
        with pytest.raises(RulesRefusedError) as refused:
            services.enrol(request=request, run=run, person=child, enrolled_on=today())
        assert "startdatum" in " ".join(refused.value.messages)
        # With a reason, the exception is allowed and kept.
        enrolment = services.enrol(request=request, run=run, person=child, enrolled_on=today(),
                                   age_exception="Broertje in dezelfde groep.")
        assert enrolment.age_exception == "Broertje in dezelfde groep."


def test_without_consent_of_both_parents_enrolment_is_refused_and_names_them(world):
    family = world.own_family
    mother, father, child = members(family)
    run = plan(family, world.team_manager, world.child_worker)
    with pytest.raises(RulesRefusedError) as refused:
        services.enrol(request=request_as(world.family_worker), run=run, person=child,
                       enrolled_on=today())
    text = " ".join(refused.value.messages)
    assert mother.first_name in text and father.first_name in text
    assert not Enrolment.objects.exists()


def test_the_ui_explains_a_refusal_and_enrols_with_consent(world, client_for):
    family = world.own_family
    _, _, child = members(family)
    run = plan(family, world.team_manager, world.child_worker)
    client = client_for(world.family_worker)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "nl"
    url = reverse("programmes:enrol", args=[family.pk])
    data = {"person": child.pk, "run": run.pk, "enrolled_on": today().isoformat()}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Toestemming ontbreekt" in response.content.decode()
    consent_of_both(family, child, world.family_worker)
    response = client.post(url, data)
    assert response.status_code == 302
    assert Enrolment.objects.get(person=child).status == EnrolmentStatus.ENROLLED


def test_a_full_group_puts_a_child_on_the_waiting_list_and_a_drop_out_frees_the_place(world):
    family = world.own_family
    children = list(family.members.filter(family_role=FamilyRole.CHILD).order_by("pk"))
    run = plan(family, world.team_manager, world.child_worker, capacity=1)
    request = request_as(world.family_worker)
    for child in children:
        consent_of_both(family, child, world.family_worker)
    first = services.enrol(request=request, run=run, person=children[0], enrolled_on=today())
    second = services.enrol(request=request, run=run, person=children[1], enrolled_on=today())
    assert (first.status, second.status) == (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING)
    with pytest.raises(ValidationError):
        services.enrolment_end(request=request, enrolment=first, version=first.version,
                               status=EnrolmentStatus.DROPPED_OUT, ended_on=today())
    services.enrolment_end(request=request, enrolment=first, version=first.version,
                           status=EnrolmentStatus.DROPPED_OUT, ended_on=today(),
                           reason="Verhuisd naar een andere opvang.")
    second.refresh_from_db()
    assert second.status == EnrolmentStatus.ENROLLED


def test_a_parents_group_takes_the_parent_not_the_child(world):
    family = world.own_family
    mother, father, child = members(family)
    run = plan(family, world.team_manager, world.child_worker, kind=GroupKind.PARENTS,
               name="Moedergroep")
    request = request_as(world.family_worker)
    assert services.enrol(request=request, run=run, person=mother,
                          enrolled_on=today()).status == EnrolmentStatus.ENROLLED
    for person in (child, father):
        with pytest.raises(ValidationError):
            services.enrol(request=request, run=run, person=person, enrolled_on=today())


def test_a_foreign_familys_group_and_enrolment_page_answer_404(world, client_for):
    run = plan(world.foreign_family, world.other_family_worker, world.other_family_worker,
               name="Groep B")
    client = client_for(world.family_worker)
    assert client.get(reverse("programmes:run", args=[run.pk])).status_code == 404
    assert client.get(reverse("programmes:enrol",
                              args=[world.foreign_family.pk])).status_code == 404
