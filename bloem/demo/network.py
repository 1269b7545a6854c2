"""Demo data of the trauma-practitioner network (issue 9, M-71): a few hundred
practitioners over municipalities across the country (more where more people live), with
the organisations that work in Bloem and external practices; methods certified over the
past years, some practitioners in training under a supervisor with supervised cases; and,
per chunk of families, a few network referrals for children whose trauma treatment
continues after the stay. Names are invented (Faker, seeded); contact details use the
reserved example.org domain. Deterministic per seed; bulk inserts, a few queries."""

import datetime
import random
from collections import Counter

from django.utils import translation
from faker import Faker

from bloem.accounts.models import Municipality, Organisation
from bloem.families.models import FamilyRole
from bloem.network import services
from bloem.network.models import (
    CertificationStatus,
    Method,
    NetworkOrganisation,
    NetworkReferral,
    Population,
    Practitioner,
    PractitionerMethod,
    SupervisedCase,
)

PRACTITIONERS = 400
PRACTICES = 60
TRAINEE_SHARE = 0.2
HISTORY_YEARS = 8
# Children referred on per chunk of families: a fixed number, because each proposal is one
# matching query and the demo costs a fixed number of queries per chunk.
REFERRALS_PER_CHUNK = 4
PRACTICE_WORDS = ("Praktijk", "Centrum", "Traumapraktijk", "Psychologenpraktijk", "Kindpraktijk")
METHOD_WEIGHTS = {Method.EMDR: 5, Method.TF_CBT: 3, Method.NET: 1, Method.NIKA: 2,
                  Method.NIKA_COUNSELLING: 2}
POPULATION_WEIGHTS = {Population.CHILDREN: 4, Population.ADULTS: 3, Population.BOTH: 3}


def ensure_network(*, seed: int, today: datetime.date) -> Counter:
    """The network, once (idempotent: nothing when it already has practitioners)."""
    if Practitioner.objects.exists():
        return Counter()
    rng = random.Random(f"network-{seed}")
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    municipalities = list(Municipality.objects.order_by("code"))
    weights = [m.inhabitants for m in municipalities]
    organisations = [NetworkOrganisation(name=o.name, organisation=o)
                     for o in Organisation.objects.order_by("name")]
    names = set()
    while len(names) < PRACTICES:
        names.add(f"{rng.choice(PRACTICE_WORDS)} {fake.last_name()}")
    organisations += [NetworkOrganisation(name=name, website=f"https://{i}.example.org")
                      for i, name in enumerate(sorted(names))]
    organisations = NetworkOrganisation.objects.bulk_create(organisations)
    practitioners = []
    for number in range(PRACTITIONERS):
        base = rng.choices(municipalities, weights)[0]
        population = rng.choices(list(POPULATION_WEIGHTS), list(POPULATION_WEIGHTS.values()))[0]
        practitioners.append(Practitioner(
            organisation=rng.choice(organisations), name=f"{fake.name()} ({number + 1})",
            population=population, base=base,
            serves_region=base.youth_region if rng.random() < 0.3 else "",
            max_age=rng.choice((None, 12, 18)) if population == Population.CHILDREN else None,
            open_places=rng.choice((0, 0, 1, 1, 2, 3, 5)),
            waiting_weeks=rng.choice((0, 1, 2, 3, 4, 6, 8, 12)),
            email=f"behandelaar{number + 1}@example.org",
            phone=f"020-{rng.randrange(1000000, 9999999)}"))
    practitioners = Practitioner.objects.bulk_create(practitioners)
    methods, certified_by_method = [], {m: [] for m in Method.values}
    trainees = []
    for practitioner in practitioners:
        chosen = rng.sample(list(METHOD_WEIGHTS), k=rng.choice((1, 1, 2, 3)))
        for method in chosen:
            if rng.random() < TRAINEE_SHARE:
                trainees.append((practitioner, method))
                continue
            day = today - datetime.timedelta(days=rng.randrange(30, 365 * HISTORY_YEARS))
            methods.append(PractitionerMethod(
                practitioner=practitioner, method=method, status=CertificationStatus.CERTIFIED,
                certified_on=day, training_started_on=day - datetime.timedelta(days=365)))
            certified_by_method[method].append(practitioner)
    for practitioner, method in trainees:
        supervisors = [p for p in certified_by_method[method] if p.pk != practitioner.pk]
        if not supervisors:
            continue
        methods.append(PractitionerMethod(
            practitioner=practitioner, method=method, status=CertificationStatus.IN_TRAINING,
            supervisor=rng.choice(supervisors),
            training_started_on=today - datetime.timedelta(days=rng.randrange(30, 700))))
    methods = PractitionerMethod.objects.bulk_create(methods)
    cases = [
        SupervisedCase(method=row, supervisor=row.supervisor,
                       treated_on=row.training_started_on + datetime.timedelta(
                           days=rng.randrange(0, max(1, (today - row.training_started_on).days))))
        for row in methods if row.status == CertificationStatus.IN_TRAINING
        for _ in range(rng.randrange(1, 7))
    ]
    SupervisedCase.objects.bulk_create(cases)
    practitioners_serving = [p for p in practitioners if rng.random() < 0.15]
    Practitioner.serves.through.objects.bulk_create([
        Practitioner.serves.through(practitioner_id=p.pk, municipality_id=m.code)
        for p in practitioners_serving for m in rng.sample(municipalities, 2)])
    return Counter({"network organisations": len(organisations),
                    "practitioners": len(practitioners), "supervised cases": len(cases)})


def add_referrals(batch, *, seed: int, today: datetime.date) -> Counter:
    """A few children of `batch` (saved; REFERRALS_PER_CHUNK) whose treatment continues near
    the family's municipality of origin: the best proposal of the matching, as a worker
    would choose."""
    if not batch.families:
        return Counter()
    rng = batch.rng("network-referrals", seed)
    municipalities = Municipality.objects.in_bulk(
        {f.municipality_id for f in batch.families if f.municipality_id})
    worker_of = {stay.family_id: stay.family_worker_id for stay in batch.stays}
    children = {}
    for person in batch.persons:
        if person.family_role == FamilyRole.CHILD:
            children.setdefault(person.family_id, person)
    referrals, attempts = [], 0
    with translation.override("nl"):
        for family in batch.families:
            child = children.get(family.pk)
            place = municipalities.get(family.municipality_id)
            chosen_by = worker_of.get(family.pk)
            if attempts == REFERRALS_PER_CHUNK:
                break
            if child is None or place is None or chosen_by is None:
                continue
            attempts += 1
            method = rng.choice((Method.EMDR, Method.TF_CBT))
            age = child.age_on(today)
            matches = [] if age is None else services.match(method=method, age=age,
                                                             municipality=place)
            if not matches:
                continue
            best = matches[0]
            referrals.append(NetworkReferral(
                family=family, person=child, practitioner_id=best.candidate.id,
                practitioner_name=f"{best.candidate.name} ({best.candidate.organisation})",
                method=method, municipality_code=place.code, reasons="\n".join(best.reasons),
                chosen_by_id=chosen_by, chosen_on=today - datetime.timedelta(
                    days=rng.randrange(0, 60))))
    NetworkReferral.objects.bulk_create(referrals)
    return Counter({"network referrals": len(referrals)})
