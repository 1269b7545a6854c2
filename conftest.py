"""Personas shared by every test (healthchecks' alice/bob/charlie): one world with two
locations, workers of every role, an own family at location A and a foreign family at B.
Every persona has an activated authenticator app (secret TEST_TOTP_SECRET) and recovery
codes, as every worker must (bloem/accounts/middleware.py)."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from bloem.accounts.mfa import enrol_totp
from bloem.accounts.models import Organisation, OrganisationKind, Role, Worker
from bloem.accounts.tests.helpers import TEST_TOTP_SECRET, fresh_login
from bloem.families.models import Assignment, Family, FamilyRole
from bloem.families.tests.factories import (
    TODAY,
    LocationFactory,
    OrganisationFactory,
    TeamFactory,
    UnitFactory,
    family_at,
    worker_with_role,
)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits and used one-time codes live in the cache: no test sees another's."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    shelter: Organisation
    youth_care: Organisation
    ggz: Organisation
    family_worker: Worker  # alice: the family worker of own_family (location A)
    other_family_worker: Worker  # bob: family worker at location B
    child_worker: Worker  # assigned to own_family
    youth_specialist: Worker  # assigned to own_family
    team_manager: Worker  # manages the shelter team at location A
    ex_partner_worker: Worker  # GGZ practitioner who only serves own_family's ex-partner
    unassigned_worker: Worker  # a family worker at A without families
    privacy_officer: Worker
    administrator: Worker
    finance_officer: Worker  # the finance role: amounts and product codes, no client files
    own_family: Family
    foreign_family: Family


@pytest.fixture
def world(db) -> World:
    shelter = OrganisationFactory(name="Blijf Groep", kind=OrganisationKind.SHELTER)
    youth_care = OrganisationFactory(name="Altra", kind=OrganisationKind.YOUTH_CARE)
    ggz = OrganisationFactory(name="GGZ-partner", kind=OrganisationKind.GGZ)
    location_a = LocationFactory(name="Oranje Huis A")
    location_b = LocationFactory(name="Oranje Huis B")
    unit_a = UnitFactory(location=location_a)
    unit_b = UnitFactory(location=location_b)
    shelter_a = TeamFactory(name="Blijf A", organisation=shelter, location=location_a)
    shelter_b = TeamFactory(name="Blijf B", organisation=shelter, location=location_b)
    altra_a = TeamFactory(name="Altra A", organisation=youth_care, location=location_a)
    ggz_a = TeamFactory(name="GGZ A", organisation=ggz, location=location_a)

    alice = worker_with_role("alice", Role.FAMILY_WORKER, shelter_a)
    bob = worker_with_role("bob", Role.FAMILY_WORKER, shelter_b)
    child_worker = worker_with_role("carla", Role.CHILD_WORKER, shelter_a)
    specialist = worker_with_role("dirk", Role.YOUTH_SPECIALIST, altra_a)
    manager = worker_with_role("erik", Role.TEAM_MANAGER, shelter_a)
    ggz_worker = worker_with_role("frank", Role.GGZ_PRACTITIONER, ggz_a)
    unassigned = worker_with_role("gina", Role.FAMILY_WORKER, shelter_a)
    privacy = worker_with_role("hanna", Role.PRIVACY_OFFICER, shelter_a)
    admin = worker_with_role("ivo", Role.ADMINISTRATOR, shelter_a)
    finance = worker_with_role("jan", Role.FINANCE_OFFICER, shelter_a)

    own = family_at(unit_a, alice, name="Jansen")
    foreign = family_at(unit_b, bob, name="De Vries")
    for worker, role in ((child_worker, Role.CHILD_WORKER), (specialist, Role.YOUTH_SPECIALIST)):
        Assignment.objects.create(family=own, worker=worker, role=role, started_on=TODAY)
    enrol_totp([alice, bob, child_worker, specialist, manager, ggz_worker, unassigned, privacy,
                admin, finance], secret=TEST_TOTP_SECRET)
    ex_partner = own.members.get(family_role=FamilyRole.OTHER_PARENT)
    Assignment.objects.create(family=own, worker=ggz_worker, role=Role.GGZ_PRACTITIONER,
                              person=ex_partner, started_on=TODAY)
    return World(
        shelter=shelter, youth_care=youth_care, ggz=ggz, family_worker=alice,
        other_family_worker=bob, child_worker=child_worker, youth_specialist=specialist,
        team_manager=manager, ex_partner_worker=ggz_worker, unassigned_worker=unassigned,
        privacy_officer=privacy, administrator=admin, finance_officer=finance,
        own_family=own, foreign_family=foreign,
    )


@pytest.fixture
def client_for(client):
    """Log a persona in, as just done (so re-authentication before a sensitive action is
    not asked yet): `client_for(world.family_worker)`."""

    def login(worker: Worker):
        return fresh_login(client, worker)

    return login
