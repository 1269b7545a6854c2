"""Factories for tests: a small, complete world of organisations, workers and families."""

import datetime

import factory
from factory.django import DjangoModelFactory
from faker import Faker

from bloem.accounts.models import (
    Location,
    Membership,
    Municipality,
    Organisation,
    OrganisationKind,
    Role,
    Team,
    Unit,
    UnitKind,
    Worker,
)
from bloem.families.models import (
    Assignment,
    Family,
    FamilyRole,
    Gender,
    ParentChildRelation,
    Person,
    Phase,
    PhaseDecision,
    SafetyAssessment,
    SafetyLevel,
    Stay,
)

TODAY = datetime.date(2026, 11, 1)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = "Blijf Groep"
    kind = OrganisationKind.SHELTER


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Oranje Huis {n}")
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="GM0363"))


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("location", "name")

    location = factory.SubFactory(LocationFactory)
    name = "Crisisopvang"
    kind = UnitKind.CRISIS


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    location = factory.SubFactory(LocationFactory)


# The world's two families: tests assert that a page does not show them, so no other name
# may be drawn equal to theirs (a worker "Fem Jansen" once failed such a test).
WORLD_FAMILY_NAMES = frozenset({"Jansen", "De Vries"})
_names = Faker("nl_NL")


def other_surname() -> str:
    while (name := _names.last_name()) in WORLD_FAMILY_NAMES:
        pass
    return name


class WorkerFactory(DjangoModelFactory):
    class Meta:
        model = Worker
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"worker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.LazyFunction(other_surname)
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


def worker_with_role(username: str, role: str, team: Team, **kwargs) -> Worker:
    worker = WorkerFactory(username=username, organisation=team.organisation, **kwargs)
    Membership.objects.get_or_create(worker=worker, team=team, role=role)
    return worker


class FamilyFactory(DjangoModelFactory):
    class Meta:
        model = Family

    reference = factory.Sequence(lambda n: f"T{n:07d}")
    name = factory.LazyFunction(other_surname)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    family = factory.SubFactory(FamilyFactory)
    family_role = FamilyRole.CHILD
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.LazyAttribute(lambda o: o.family.name)
    date_of_birth = datetime.date(2019, 5, 4)
    gender = Gender.FEMALE
    address = "Geheime Gracht 1, Amsterdam"
    phone = "0612345678"


class StayFactory(DjangoModelFactory):
    class Meta:
        model = Stay

    family = factory.SubFactory(FamilyFactory)
    unit = factory.SubFactory(UnitFactory)
    location = factory.LazyAttribute(lambda o: o.unit.location)
    started_on = TODAY - datetime.timedelta(days=30)
    phase = Phase.DIRECT_SAFETY
    safety_level = SafetyLevel.ORANGE


def family_at(unit: Unit, family_worker: Worker, *, name: str = "Jansen",
              children: int = 2) -> Family:
    """A complete family in the shelter: mother, ex-partner, children with relations, a
    stay with its first phase decision and safety assessment, and the family worker."""
    family = FamilyFactory(name=name)
    mother = PersonFactory(family=family, family_role=FamilyRole.PARENT, first_name="Sanne",
                           date_of_birth=datetime.date(1990, 3, 2), new_address="Nieuwe Weg 9")
    father = PersonFactory(family=family, family_role=FamilyRole.OTHER_PARENT,
                           first_name="Mark", gender=Gender.MALE,
                           date_of_birth=datetime.date(1987, 7, 7))
    for i in range(children):
        child = PersonFactory(family=family, first_name=f"Kind{i}",
                              date_of_birth=datetime.date(2016 + i, 1, 15))
        ParentChildRelation.objects.create(parent=mother, child=child, has_authority=True)
        ParentChildRelation.objects.create(parent=father, child=child, has_authority=True)
    stay = StayFactory(family=family, unit=unit, family_worker=family_worker)
    PhaseDecision.objects.create(stay=stay, phase=Phase.DIRECT_SAFETY,
                                 decided_on=stay.started_on, decided_by=family_worker,
                                 reason="Start")
    SafetyAssessment.objects.create(stay=stay, level=SafetyLevel.ORANGE,
                                    assessed_on=stay.started_on, assessed_by=family_worker,
                                    explanation="Intake")
    Assignment.objects.create(family=family, worker=family_worker, role=Role.FAMILY_WORKER,
                              started_on=stay.started_on)
    return family
