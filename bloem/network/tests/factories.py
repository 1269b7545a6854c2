"""A small known directory for the network tests."""

import datetime

from bloem.accounts.models import Municipality
from bloem.network.models import (
    CertificationStatus,
    NetworkOrganisation,
    Population,
    Practitioner,
    PractitionerMethod,
)

AMSTERDAM, AMSTELVEEN, UTRECHT, GRONINGEN, ZAANSTAD = (
    "GM0363", "GM0362", "GM0344", "GM0014", "GM0479")
CERTIFIED_ON = datetime.date(2022, 5, 1)


def organisation(name: str = "Praktijk De Linde", bloem_organisation=None) -> NetworkOrganisation:
    return NetworkOrganisation.objects.get_or_create(
        name=name, defaults={"organisation": bloem_organisation})[0]


def practitioner(name: str, *, base: str = AMSTERDAM, methods=("emdr",),
                 population: str = Population.CHILDREN, open_places: int = 1,
                 waiting_weeks: int = 2, org: NetworkOrganisation | None = None,
                 supervisor: Practitioner | None = None, serves=(), serves_region: str = "",
                 **fields) -> Practitioner:
    person = Practitioner.objects.create(
        organisation=org or organisation(), name=name, population=population,
        base=Municipality.objects.get(code=base), open_places=open_places,
        waiting_weeks=waiting_weeks, serves_region=serves_region, **fields)
    person.serves.set(Municipality.objects.filter(code__in=serves))
    for method in methods:
        PractitionerMethod.objects.create(
            practitioner=person, method=method,
            status=CertificationStatus.IN_TRAINING if supervisor else CertificationStatus.CERTIFIED,
            supervisor=supervisor, certified_on=None if supervisor else CERTIFIED_ON)
    return person
