"""Synthetic demo data: a reference world (organisations, Oranje Huizen, teams, workers with
their roles and qualifications, the demo logins) and any number of families in the
shelter, each with members, parent-child relations, one stay with its phase and safety
history, the workers involved, forms of help and journal notes.

Deterministic per seed: every random choice comes from one `random.Random(seed)` and
Faker (seeded too) only fills pools of names and addresses up front, because Faker is slow.
Rows are written in bulk (bulk.insert: executemany on SQLite, COPY on PostgreSQL), one
transaction per chunk of families, with a fixed number of queries per chunk, so that
100,000 families take minutes. The demo bypasses the services on purpose but keeps every
rule that the models' `clean()` enforces; the access log a year of work would have left
is generated too (access_log.py), as demo data."""

import datetime
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker
from tqdm import tqdm

from bloem.accounts.mfa import enrol_demo_totp
from bloem.accounts.models import (
    Location,
    Membership,
    Municipality,
    Organisation,
    OrganisationKind,
    Qualification,
    Role,
    Team,
    Unit,
    UnitKind,
    Worker,
)
from bloem.accounts.models import QualificationKind as Q
from bloem.catalogue.models import HelpForm, Petal
from bloem.demo import bulk
from bloem.demo import finance as demo_finance
from bloem.demo import network as demo_network
from bloem.demo import outcomes as demo_outcomes
from bloem.demo import outflow as demo_outflow
from bloem.demo import screening as demo_screening
from bloem.demo.access_log import add_access_log
from bloem.demo.consent import add_consents
from bloem.demo.logins import DEMO_LOGINS, demo_password
from bloem.demo.programmes import add_programmes
from bloem.demo.safety import add_safety
from bloem.demo.team import add_team_work
from bloem.families.models import (
    Assignment,
    Family,
    FamilyRole,
    Gender,
    JournalEntry,
    ParentChildRelation,
    Person,
    Phase,
    PhaseDecision,
    SafetyAssessment,
    SafetyLevel,
    Stay,
)

MAX_FAMILIES = 1_000_000
CHUNK_SIZE = 1000  # families per transaction
BATCH_SIZE = 2000  # rows per INSERT (the backend may lower it)
POOL_SIZE = 2000  # Faker values drawn per pool
WORLD_SEED = 2026  # the reference world is the same whatever --seed says
FEATURED = 12  # the first families: the demo logins' own caseload in Amsterdam
LOGIN_SHARE = 0.25  # share of the other Amsterdam families that goes to a demo login
MAX_STAY_DAYS = 400
# National scale (issue 12): beyond the four Noord-Holland shelters, one more Oranje Huis
# per FAMILIES_PER_LOCATION families (ten years of one shelter), in the largest other
# municipalities; and about OPEN_PER_LOCATION families living at each location at any time
# (the rest have left), so that a worker's caseload stays a caseload whatever the size.
FAMILIES_PER_LOCATION = 2000
OPEN_PER_LOCATION = 75
MAX_OPEN_SHARE = 0.75  # the small demo: most of its families are in the shelter now
EXTRA_JOINS_WITHIN = 60  # days after the start of the stay

# --- the reference world -------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    name: str
    municipality: str
    city: str
    weight: float


PLACES = (
    Place("Oranje Huis Amsterdam", "GM0363", "Amsterdam", 0.4),
    Place("Oranje Huis Almere", "GM0034", "Almere", 0.2),
    Place("Oranje Huis Hilversum", "GM0402", "Hilversum", 0.2),
    Place("Oranje Huis Alkmaar", "GM0361", "Alkmaar", 0.2),
)
AMSTERDAM = PLACES[0].name
EXTRA_PLACE_WEIGHT = 0.2
SHELTER, YOUTH_CARE, GGZ = "Blijf Groep", "Altra", "GGZ Noord-Holland"
ORGANISATIONS = (  # name, kind, team prefix
    (SHELTER, OrganisationKind.SHELTER, "Blijf"),
    (YOUTH_CARE, OrganisationKind.YOUTH_CARE, "Altra"),
    (GGZ, OrganisationKind.GGZ, "GGZ"),
)
UNITS = (("Crisisopvang", UnitKind.CRISIS, 12), ("Begeleid wonen", UnitKind.ASSISTED_LIVING, 20))
# Generated workers (no login) at every location: organisation, role, how many.
STAFF = (
    (SHELTER, Role.FAMILY_WORKER, 4),
    (SHELTER, Role.CHILD_WORKER, 2),
    (SHELTER, Role.TEAM_MANAGER, 1),
    (YOUTH_CARE, Role.YOUTH_SPECIALIST, 2),
    (YOUTH_CARE, Role.NIKA_COUNSELLOR, 1),
    (YOUTH_CARE, Role.TEAM_MANAGER, 1),
    (GGZ, Role.GGZ_PRACTITIONER, 2),
)
# ... and at Amsterdam only.
HEAD_OFFICE_STAFF = ((YOUTH_CARE, Role.PRIVACY_OFFICER, 1), (GGZ, Role.PRIVACY_OFFICER, 1))
ROLE_SLUGS = {
    Role.FAMILY_WORKER: "ghv", Role.CHILD_WORKER: "kw", Role.YOUTH_SPECIALIST: "js",
    Role.NIKA_COUNSELLOR: "nika", Role.GGZ_PRACTITIONER: "ggz", Role.TEAM_MANAGER: "tm",
    Role.PRIVACY_OFFICER: "pf", Role.ADMINISTRATOR: "ab",
}
JOB_TITLES = {  # free-text data in the users' language, not UI strings
    Role.FAMILY_WORKER: "Gezinshulpverlener", Role.CHILD_WORKER: "Kinderwerker",
    Role.YOUTH_SPECIALIST: "Jeugdspecialist", Role.NIKA_COUNSELLOR: "NIKA-ouderbegeleider",
    Role.GGZ_PRACTITIONER: "GGZ-behandelaar", Role.TEAM_MANAGER: "Teammanager",
    Role.PRIVACY_OFFICER: "Privacyfunctionaris", Role.ADMINISTRATOR: "Applicatiebeheerder",
    Role.FINANCE_OFFICER: "Medewerker financiën",
}
QUALIFICATIONS = {  # role → variants, picked by the worker's number; (kind, in training)
    Role.YOUTH_SPECIALIST: (
        ((Q.DIAGNOSTICS, False), (Q.EMDR, False), (Q.NIKA, False)),
        ((Q.DIAGNOSTICS, False), (Q.EMDR, True), (Q.TF_CBT, False)),
        ((Q.NIKA, True), (Q.NET, False)),
    ),
    Role.NIKA_COUNSELLOR: (((Q.NIKA_COUNSELLING, False),), ((Q.NIKA_COUNSELLING, True),)),
    Role.GGZ_PRACTITIONER: (
        ((Q.EMDR, False), (Q.TF_CBT, False)),
        ((Q.EMDR, False), (Q.NET, False), (Q.TF_CBT, True)),
    ),
}
LOGIN_QUALIFICATIONS = {
    "kinderwerker": ((Q.DRAMA_THERAPY, False),),
    "jeugdspecialist": ((Q.DIAGNOSTICS, False), (Q.EMDR, False), (Q.NIKA, False)),
    "nika-ouderbegeleider": ((Q.NIKA_COUNSELLING, False),),
    "ggz-behandelaar": ((Q.EMDR, False), (Q.TF_CBT, False), (Q.NET, True)),
}

# --- Dutch texts (data, not UI strings) ------------------------------------------------

PHASE_REASONS = {
    Phase.DIRECT_SAFETY: (
        "Gezin met spoed opgevangen; eerst veiligheid en rust.",
        "Intake afgerond; focus op directe veiligheid en basisbehoeften.",
        "Start opvang na aanmelding via Veilig Thuis.",
    ),
    Phase.RISK_DRIVEN: (
        "Dagritme staat; samen met Altra de risicofactoren in kaart brengen.",
        "Situatie gestabiliseerd; gezamenlijke analyse van schulden en relatieproblemen.",
        "Basis op orde; nu zicht krijgen op wat het geweld in stand houdt.",
    ),
    Phase.RECOVERY: (
        "Ouder-kindrelatie voldoende stabiel; start herstelgerichte zorg.",
        "Risico's in beeld en afspraken lopen; ruimte voor traumabehandeling.",
        "Gezin klaar voor groepsprogramma en hechtingsgerichte hulp.",
    ),
}
SAFETY_EXPLANATIONS = {
    SafetyLevel.GREEN: (
        "Er is geweld geweest, maar met eenvoudige maatregelen is de veiligheid te herstellen.",
        "Ex-partner houdt zich aan de afspraken; geen nieuwe incidenten gemeld.",
    ),
    SafetyLevel.ORANGE: (
        "Hulp nodig om de situatie te doorbreken; veiligheidsplan opgesteld.",
        "Ex-partner zoekt nog contact via sociale media; afspraken over melden gemaakt.",
        "Spanning blijft hoog bij overdrachten; omgang voorlopig alleen begeleid.",
    ),
    SafetyLevel.RED: (
        "Ernstige dreiging; politie is betrokken en er geldt een contactverbod.",
        "Ex-partner probeerde de verblijfplaats te achterhalen; extra maatregelen genomen.",
    ),
}
AUTHORITY_NOTES = (
    "Gezag beëindigd door rechter",
    "Eenhoofdig gezag bij de andere ouder",
    "Nooit gezamenlijk gezag aangevraagd",
)
NETWORK = (  # relation, gender, youngest and oldest age
    ("oma", Gender.FEMALE, 50, 80), ("opa", Gender.MALE, 50, 80),
    ("tante", Gender.FEMALE, 25, 65), ("oom", Gender.MALE, 25, 65),
    ("buurvrouw", Gender.FEMALE, 25, 75), ("vriendin", Gender.FEMALE, 20, 50),
    ("zus", Gender.FEMALE, 18, 50), ("broer", Gender.MALE, 18, 50),
)
FAMILY_NOTES = (
    "Gezinsgesprek gevoerd over de dagstructuur; afspraken over bedtijden gemaakt.",
    "Huisregels van de opvang samen met het gezin doorgenomen.",
    "Veiligheidsplan besproken; {ouder_l} weet wie te bellen als het misgaat.",
    "Gezamenlijke analyse met de jeugdspecialist gepland voor volgende week.",
    "Netwerkberaad voorbereid; twee mensen uit het netwerk willen meedenken.",
    "Gezinsactieplan geëvalueerd; de doelen voor de komende periode zijn aangescherpt.",
    "Budgetcoach ingeschakeld voor de schulden; een eerste overzicht is gemaakt.",
)
PARENT_NOTES = (
    "{ouder} vertelt dat {ze} beter slaapt sinds de verhuizing naar de crisisopvang.",
    "{ouder} voelt zich schuldig tegenover de kinderen; dit samen besproken.",
    "{ouder} was gespannen na een bericht van de ex-partner; rustmomenten gepland.",
    "{ouder} heeft zelf contact opgenomen met de school van de kinderen.",
    "{ouder} oefent met een vast avondritueel en merkt dat dit rust geeft.",
    "{ouder} wil aan de slag met de Krachtwerk-doelen rond werk en inkomen.",
)
CHILD_NOTES = (
    "{kind} speelde ontspannen mee in de groep en maakte contact met leeftijdsgenoten.",
    "{kind} schrikt nog van harde geluiden; observatie gedeeld met {ouder_l}.",
    "{kind} vertelt in het spel over thuis; besproken in het kindwerkoverleg.",
    "{kind} heeft moeite met inslapen; {ouder_l} krijgt tips voor een slaapritueel.",
    "{kind} gaat sinds deze week weer naar school en vindt dat spannend.",
    "{kind} was boos tijdens de activiteit en kwam met hulp weer tot rust.",
    "Kindwerkplan van {kind} besproken met {ouder_l}; doel is meer voorspelbaarheid.",
)
EX_PARTNER_NOTES = (
    "Gesprek met de ex-partner over zijn of haar rol als ouder; staat open voor hulp.",
    "Ex-partner is gestart met de training impulscontrole.",
    "Ex-partner heeft de afspraak afgezegd; een nieuwe afspraak is gepland.",
    "Ex-partner erkent dat er thuis geweld was en wil werken aan herstel.",
    "Met de ex-partner besproken dat contact met de kinderen alleen begeleid gaat.",
)
FOLLOW_UPS = (
    "", "", "Volgende stap besproken in het teamoverleg.", "Wordt vervolgd.",
    "Afgestemd met de gezinshulpverlener.", "Terugkoppeling in het volgende gesprek.",
)
GOALS = {
    "safety-stabilisation": "Een veilige plek en een stabiel dagritme.",
    "daily-life-guidance": "Zelfstandig het huishouden en de opvoeding vormgeven.",
    "stress-reduction": "Overzicht over schulden, inkomen en woonruimte.",
    "toontje-veerkracht": "Spelenderwijs leren omgaan met boosheid en herinneringen.",
    "nika": "Een veilige gehechtheidsrelatie tussen ouder en kind.",
    "child-trauma-treatment": "Minder herbelevingen en beter slapen.",
    "school-guidance": "School weet hoe ze traumasensitief met het kind omgaat.",
    "supervised-contact": "Veilig contact met de andere ouder onder begeleiding.",
    "parent-trauma-treatment": "Minder traumaklachten zodat de ouder er kan zijn voor het kind.",
    "forensic-ggz": "Geen herhaling van geweld; zicht op risicofactoren.",
    "impulse-control": "Emoties herkennen en reguleren zonder geweld.",
}

PHASES = (Phase.DIRECT_SAFETY, Phase.RISK_DRIVEN, Phase.RECOVERY)
PHASE_WEIGHTS = (35, 35, 30)
MIN_DAYS = {Phase.DIRECT_SAFETY: 0, Phase.RISK_DRIVEN: 14, Phase.RECOVERY: 45}
LEVELS = (SafetyLevel.GREEN, SafetyLevel.ORANGE, SafetyLevel.RED)
LEVEL_WEIGHTS = (25, 55, 20)
PREFERRED_PROVINCES = frozenset({"Noord-Holland", "Flevoland"})
# Extra work around a family: key → role, chance (for the ~40 % that get extra help).
EXTRA_WORK = (
    ("child", Role.CHILD_WORKER, 0.6),
    ("youth", Role.YOUTH_SPECIALIST, 0.5),
    ("nika", Role.NIKA_COUNSELLOR, 0.2),
    ("ggz_ex", Role.GGZ_PRACTITIONER, 0.35),
    ("ggz_parent", Role.GGZ_PRACTITIONER, 0.15),
)
EXTRA_ROLES = {key: role for key, role, _ in EXTRA_WORK} | {"family": Role.FAMILY_WORKER}


@dataclass(frozen=True)
class WorkerSpec:
    username: str
    first_name: str
    last_name: str
    organisation: str
    location: str
    role: str
    qualifications: tuple[tuple[str, bool], ...] = ()
    login: bool = False
    is_staff: bool = False


@dataclass(frozen=True)
class StaffRef:
    """A worker as the family generator needs it: id and organisation kind."""

    id: int
    kind: str


@dataclass
class World:
    location_ids: list[int]
    location_weights: list[float]
    amsterdam_id: int
    units: dict[int, dict[str, int]]  # location id → unit kind → unit id
    staff: dict[tuple[str, int], list[StaffRef]]  # (role, location id) → no-login workers
    logins: dict[str, StaffRef]  # demo login per caseload role, all at Amsterdam
    petals: dict[str, str]  # petal code → provider kind
    municipalities: list[str]
    municipality_weights: list[float]
    new_workers: int = 0
    open_share: float = MAX_OPEN_SHARE


def places_for(families: int) -> tuple[Place, ...]:
    """The shelter locations of a world holding `families` families: the four Noord-Holland
    places, then one in each next-largest municipality (by inhabitants) per
    FAMILIES_PER_LOCATION families."""
    extra = -(-families // FAMILIES_PER_LOCATION) - len(PLACES)
    if extra <= 0:
        return PLACES
    taken = {place.municipality for place in PLACES}
    largest = (Municipality.objects.exclude(code__in=taken)
               .order_by("-inhabitants", "code").values_list("code", "name")[:extra])
    return PLACES + tuple(Place(f"Oranje Huis {name}", code, name, EXTRA_PLACE_WEIGHT)
                          for code, name in largest)


def open_share(families: int, locations: int) -> float:
    """The chance that a (not featured) family still lives in the shelter today."""
    return min(MAX_OPEN_SHARE, OPEN_PER_LOCATION * locations / families)


def worker_specs(places: tuple[Place, ...] = PLACES) -> list[WorkerSpec]:
    """Every worker of the reference world: the demo logins, then generated staff."""
    fake = Faker("nl_NL")
    fake.seed_instance(WORLD_SEED)
    specs = [
        WorkerSpec(login.username, login.first_name, login.last_name, login.organisation,
                   login.location, login.role, LOGIN_QUALIFICATIONS.get(login.username, ()),
                   login=True, is_staff=login.is_staff)
        for login in DEMO_LOGINS
    ]
    for place in places:
        rows = STAFF + (HEAD_OFFICE_STAFF if place.name == AMSTERDAM else ())
        for organisation, role, count in rows:
            specs.extend(
                WorkerSpec(
                    f"{ROLE_SLUGS[role]}.{organisation.split()[0].lower()}."
                    f"{slugify(place.city)}.{number}",
                    fake.first_name(), fake.last_name(), organisation, place.name, role,
                    _variant(QUALIFICATIONS.get(role, ()), number),
                )
                for number in range(1, count + 1)
            )
    return specs


def _variant(variants: tuple, number: int) -> tuple:
    return variants[number % len(variants)] if variants else ()


def ensure_world(today: datetime.date, families: int = 0) -> World:
    """Create the reference world of a run of `families` families where it is missing
    (idempotent) and describe it."""
    places = places_for(families)
    with transaction.atomic():
        organisations = {
            name: Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0]
            for name, kind, _prefix in ORGANISATIONS
        }
        locations = {
            place.name: Location.objects.get_or_create(
                name=place.name, defaults={"municipality_id": place.municipality}
            )[0]
            for place in places
        }
        units = _ensure_units(locations.values())
        teams = {
            (name, place.name): Team.objects.get_or_create(
                name=f"{prefix} {place.city}",
                defaults={"organisation": organisations[name],
                          "location": locations[place.name]},
            )[0]
            for name, _kind, prefix in ORGANISATIONS
            for place in places
        }
        specs = worker_specs(places)
        ids, created = _ensure_workers(specs, organisations)
        Membership.objects.bulk_create(
            [Membership(worker_id=ids[s.username], team=teams[s.organisation, s.location],
                        role=s.role) for s in specs],
            ignore_conflicts=True,
        )
        _ensure_qualifications(specs, ids, today)
        # Every worker needs a second factor; demo logins share the fixed demo secret.
        enrol_demo_totp(Worker.objects.filter(username__in=[x.username for x in DEMO_LOGINS]))
    world = _describe_world(specs, ids, organisations, locations, units, created, places)
    world.open_share = open_share(max(families, 1), len(places))
    return world


def _ensure_units(locations) -> dict[int, dict[str, int]]:
    units: dict[int, dict[str, int]] = {}
    for location in locations:
        for name, kind, capacity in UNITS:
            unit = Unit.objects.get_or_create(
                location=location, name=name, defaults={"kind": kind, "capacity": capacity}
            )[0]
            units.setdefault(location.pk, {})[kind] = unit.pk
    return units


def _ensure_workers(specs: list[WorkerSpec], organisations) -> tuple[dict[str, int], int]:
    ids = dict(
        Worker.objects.filter(username__in=[s.username for s in specs])
        .values_list("username", "pk")
    )
    missing = [s for s in specs if s.username not in ids]
    # Argon2 is slow on purpose: hash the one demo password once for all logins.
    login_hash = make_password(demo_password()) if any(s.login for s in missing) else ""
    new = [
        Worker(
            username=s.username, first_name=s.first_name, last_name=s.last_name,
            email=f"{s.username}@example.org", organisation=organisations[s.organisation],
            job_title=JOB_TITLES[s.role], is_staff=s.is_staff,
            password=login_hash if s.login else make_password(None),
        )
        for s in missing
    ]
    Worker.objects.bulk_create(new, batch_size=BATCH_SIZE)
    ids.update((worker.username, worker.pk) for worker in new)
    return ids, len(new)


def _ensure_qualifications(specs: list[WorkerSpec], ids: dict[str, int],
                           today: datetime.date) -> None:
    rng = random.Random(WORLD_SEED)
    rows = [
        Qualification(
            worker_id=ids[spec.username], kind=kind, in_training=in_training,
            obtained_on=None if in_training
            else today - datetime.timedelta(days=rng.randint(200, 4000)),
        )
        for spec in specs
        for kind, in_training in spec.qualifications
    ]
    Qualification.objects.bulk_create(rows, ignore_conflicts=True)


def _describe_world(specs, ids, organisations, locations, units, created, places) -> World:
    kinds = {name: organisation.kind for name, organisation in organisations.items()}
    staff: dict[tuple[str, int], list[StaffRef]] = {}
    logins: dict[str, StaffRef] = {}
    for spec in specs:
        ref = StaffRef(ids[spec.username], kinds[spec.organisation])
        if spec.login:
            logins[spec.role] = ref
        else:
            staff.setdefault((spec.role, locations[spec.location].pk), []).append(ref)
    municipalities = list(Municipality.objects.values_list("code", "province", "inhabitants"))
    return World(
        location_ids=[locations[place.name].pk for place in places],
        location_weights=[place.weight for place in places],
        amsterdam_id=locations[AMSTERDAM].pk,
        units=units,
        staff=staff,
        logins=logins,
        petals=dict(Petal.objects.values_list("code", "provider_kind")),
        municipalities=[code for code, _province, _n in municipalities],
        municipality_weights=[
            n * (8 if province in PREFERRED_PROVINCES else 1)
            for _code, province, n in municipalities
        ],
        new_workers=created,
    )


# --- families ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pools:
    """Faker values drawn once per seed; the generator samples from them."""

    female: tuple[str, ...]
    male: tuple[str, ...]
    last: tuple[str, ...]
    streets: tuple[str, ...]
    cities: tuple[str, ...]
    phones: tuple[str, ...]


def make_pools(seed: int, size: int = POOL_SIZE) -> Pools:
    fake = Faker("nl_NL")
    fake.seed_instance(seed)

    def draw(method) -> tuple[str, ...]:
        return tuple(method() for _ in range(size))

    return Pools(
        female=draw(fake.first_name_female), male=draw(fake.first_name_male),
        last=draw(fake.last_name), streets=draw(fake.street_address),
        cities=draw(fake.city), phones=draw(fake.phone_number),
    )


@dataclass
class Batch:
    """The unsaved rows of a chunk of families, per model in insert order."""

    families: list = field(default_factory=list)
    persons: list = field(default_factory=list)
    relations: list = field(default_factory=list)
    stays: list = field(default_factory=list)
    phase_decisions: list = field(default_factory=list)
    safety_assessments: list = field(default_factory=list)
    assignments: list = field(default_factory=list)
    help_forms: list = field(default_factory=list)
    journal: list = field(default_factory=list)
    responses: list = field(default_factory=list)  # saved by demo_screening

    MODELS = (
        ("families", Family), ("persons", Person), ("relations", ParentChildRelation),
        ("stays", Stay), ("phase_decisions", PhaseDecision),
        ("safety_assessments", SafetyAssessment), ("assignments", Assignment),
        ("help_forms", HelpForm), ("journal", JournalEntry),
    )

    def save(self) -> Counter:
        """Insert everything; the rows get their primary keys (bulk.insert), so later rows
        reach earlier ones through their instances."""
        counts: Counter = Counter()
        for attribute, model in self.MODELS:
            counts[model.__name__] += bulk.insert(getattr(self, attribute))
        return counts

    def rng(self, purpose: str, seed: int) -> random.Random:
        """The randomness of one demo module for this chunk: the same for the same seed and
        families, whatever the other modules draw."""
        first = self.families[0].reference if self.families else ""
        return random.Random(f"{purpose}-{seed}-{first}")

    def members(self) -> dict[int, list]:
        """The chunk's persons per family id (saved rows)."""
        by_family: dict[int, list] = defaultdict(list)
        for person in self.persons:
            by_family[person.family_id].append(person)
        return by_family


@dataclass
class Household:
    parent: Person
    ex_partner: Person | None
    children: list[tuple[Person, int]]  # (child, age in years)
    words: dict[str, str]  # for the journal texts


@dataclass
class Work:
    """One worker's assignment to the family, as the help forms and notes need it."""

    assignment: Assignment
    worker: StaffRef


class FamilyBuilder:
    """Builds the unsaved rows of one family at a time; all randomness from `rng`."""

    def __init__(self, *, world: World, pools: Pools, rng: random.Random,
                 today: datetime.date, now: datetime.datetime) -> None:
        self.world = world
        self.pools = pools
        self.rng = rng
        self.today = today
        self.now = now
        self.tz = timezone.get_current_timezone()

    def add(self, index: int, number: int, batch: Batch) -> None:
        featured = index < FEATURED
        family = Family(reference=f"G{number:07d}", name="", municipality_id=self._municipality())
        household = self._household(family, batch, force_ex_partner=featured and index % 3 == 1)
        family.name = household.parent.last_name
        batch.families.append(family)
        stay, last_day, family_worker = self._stay(family, index, featured, batch)
        team = self._team(family, household, stay, family_worker, index, featured, batch)
        self._help_forms(household, stay, last_day, team, batch)
        self._journal(family, household, last_day, team, batch)

    # members

    def _municipality(self) -> str | None:
        if not self.world.municipalities:
            return None
        return self.rng.choices(self.world.municipalities, self.world.municipality_weights)[0]

    def _born(self, age: int) -> datetime.date:
        """A date of birth for someone who is `age` years old today."""
        year = self.today.year - age
        try:
            birthday = self.today.replace(year=year)
        except ValueError:  # 29 February
            birthday = self.today.replace(year=year, day=28)
        return birthday - datetime.timedelta(days=self.rng.randint(0, 364))

    def _person(self, family: Family, role: str, gender: str, last_name: str, age: int,
                **fields) -> Person:
        names = self.pools.female if gender == Gender.FEMALE else self.pools.male
        return Person(family=family, family_role=role, first_name=self.rng.choice(names),
                      last_name=last_name, date_of_birth=self._born(age), gender=gender,
                      **fields)

    def _address(self) -> str:
        return f"{self.rng.choice(self.pools.streets)}, {self.rng.choice(self.pools.cities)}"

    def _household(self, family: Family, batch: Batch, *, force_ex_partner: bool) -> Household:
        rng = self.rng
        father_in_shelter = rng.random() < 0.05
        gender = Gender.MALE if father_in_shelter else Gender.FEMALE
        age = rng.randint(20, 45)
        address = self._address()
        new_address = self._address() if rng.random() < 0.3 else ""
        parent = self._person(family, FamilyRole.PARENT, gender, rng.choice(self.pools.last),
                              age, address=address, phone=rng.choice(self.pools.phones),
                              new_address=new_address)
        members = [parent]
        ex_partner = None
        if force_ex_partner or rng.random() < 0.85:
            ex_gender = Gender.FEMALE if father_in_shelter else Gender.MALE
            ex_age = min(max(age + rng.randint(-3, 8), 18), 70)
            ex_partner = self._person(family, FamilyRole.OTHER_PARENT, ex_gender,
                                      rng.choice(self.pools.last), ex_age)
            members.append(ex_partner)
        surname = ex_partner.last_name if ex_partner and rng.random() < 0.6 else parent.last_name
        children = [
            self._child(family, surname, age - 16, address, new_address)
            for _ in range(rng.choices((1, 2, 3, 4), (35, 35, 20, 10))[0])
        ]
        members.extend(child for child, _age in children)
        members.extend(self._network_member(family) for _ in range(rng.choice((0, 0, 1, 1, 2))))
        batch.persons.extend(members)
        self._relations(parent, ex_partner, children, batch)
        word = "Vader" if father_in_shelter else "Moeder"
        return Household(parent, ex_partner, children,
                         {"ouder": word, "ouder_l": word.lower(),
                          "ze": "hij" if father_in_shelter else "ze"})

    def _child(self, family: Family, surname: str, oldest: int, address: str,
               new_address: str) -> tuple[Person, int]:
        rng = self.rng
        age = rng.randint(0, 3) if rng.random() < 0.4 else rng.randint(4, 17)
        age = min(age, oldest)
        gender = Gender.FEMALE if rng.random() < 0.5 else Gender.MALE
        phone = rng.choice(self.pools.phones) if age >= 12 and rng.random() < 0.8 else ""
        child = self._person(family, FamilyRole.CHILD, gender, surname, age, address=address,
                             phone=phone, new_address=new_address)
        return child, age

    def _network_member(self, family: Family) -> Person:
        relation, gender, youngest, oldest = self.rng.choice(NETWORK)
        return self._person(family, FamilyRole.NETWORK, gender, self.rng.choice(self.pools.last),
                            self.rng.randint(youngest, oldest), network_relation=relation)

    def _relations(self, parent: Person, ex_partner: Person | None, children, batch) -> None:
        for child, _age in children:
            batch.relations.append(ParentChildRelation(parent=parent, child=child))
            if ex_partner is None:
                continue
            authority = self.rng.random() < 0.7
            batch.relations.append(ParentChildRelation(
                parent=ex_partner, child=child, has_authority=authority,
                authority_note="" if authority else self.rng.choice(AUTHORITY_NOTES),
            ))

    # the stay and its history

    def _phase_and_level(self, index: int) -> tuple[str, str]:
        if index < len(PHASES) * len(LEVELS):  # every combination among the first families
            return PHASES[index % len(PHASES)], LEVELS[index // len(PHASES) % len(LEVELS)]
        return (self.rng.choices(PHASES, PHASE_WEIGHTS)[0],
                self.rng.choices(LEVELS, LEVEL_WEIGHTS)[0])

    def _dates(self, phase: str, featured: bool) -> tuple[datetime.date, datetime.date | None]:
        rng, minimum = self.rng, MIN_DAYS[phase]
        if not featured and rng.random() >= self.world.open_share:
            days_ago = rng.randint(minimum + 14, MAX_STAY_DAYS)
            started = self.today - datetime.timedelta(days=days_ago)
            return started, started + datetime.timedelta(days=rng.randint(minimum + 7, days_ago))
        return self.today - datetime.timedelta(days=rng.randint(minimum, MAX_STAY_DAYS)), None

    def _stay(self, family: Family, index: int, featured: bool,
              batch: Batch) -> tuple[Stay, datetime.date, StaffRef]:
        world, rng = self.world, self.rng
        phase, level = self._phase_and_level(index)
        location = (world.amsterdam_id if featured
                    else rng.choices(world.location_ids, world.location_weights)[0])
        unit_kind = UnitKind.CRISIS if rng.random() < 0.6 else UnitKind.ASSISTED_LIVING
        started, ended = self._dates(phase, featured)
        worker = self._pick(Role.FAMILY_WORKER, location, featured)
        stay = Stay(family=family, location_id=location, unit_id=world.units[location][unit_kind],
                    started_on=started, ended_on=ended, family_worker_id=worker.id,
                    phase=phase, safety_level=level)
        batch.stays.append(stay)
        last_day = ended or self.today
        self._phase_history(stay, last_day, batch)
        self._safety_history(stay, last_day, batch)
        return stay, last_day, worker

    def _later_days(self, start: datetime.date, last_day: datetime.date,
                    count: int) -> list[datetime.date]:
        """`count` distinct ascending days after `start`, up to `last_day`."""
        span = (last_day - start).days
        offsets = sorted(self.rng.sample(range(1, span + 1), max(0, min(count, span))))
        return [start + datetime.timedelta(days=offset) for offset in offsets]

    def _phase_history(self, stay: Stay, last_day: datetime.date, batch: Batch) -> None:
        phases = PHASES[: PHASES.index(stay.phase) + 1]
        days = [stay.started_on, *self._later_days(stay.started_on, last_day, len(phases) - 1)]
        batch.phase_decisions.extend(
            PhaseDecision(stay=stay, phase=phase, decided_on=day,
                          decided_by_id=stay.family_worker_id,
                          reason=self.rng.choice(PHASE_REASONS[phase]))
            for phase, day in zip(phases, days, strict=True)
        )

    def _safety_history(self, stay: Stay, last_day: datetime.date, batch: Batch) -> None:
        later = self._later_days(stay.started_on, last_day, self.rng.randint(0, 2))
        days = [stay.started_on, *later]
        levels = [self.rng.choice(LEVELS) for _ in days[:-1]] + [stay.safety_level]
        batch.safety_assessments.extend(
            SafetyAssessment(stay=stay, level=level, assessed_on=day,
                             assessed_by_id=stay.family_worker_id,
                             explanation=self.rng.choice(SAFETY_EXPLANATIONS[level]))
            for level, day in zip(levels, days, strict=True)
        )

    # the workers involved

    def _pick(self, role: str, location: int, featured: bool,
              exclude: StaffRef | None = None, login: bool = True) -> StaffRef:
        demo_login = self.world.logins.get(role) if login else None
        if demo_login and location == self.world.amsterdam_id and (
            featured or self.rng.random() < LOGIN_SHARE
        ):
            return demo_login
        pool = [ref for ref in self.world.staff[role, location] if ref != exclude]
        return self.rng.choice(pool)

    def _extra_keys(self, index: int, household: Household, featured: bool) -> list[str]:
        if featured:
            wanted = {"child": index % 2 == 0, "youth": index % 3 == 0,
                      "nika": index % 4 == 2, "ggz_ex": index % 3 == 1}
            return [key for key, chosen in wanted.items() if chosen]
        if self.rng.random() >= 0.4:
            return []
        keys = [key for key, _role, chance in EXTRA_WORK if self.rng.random() < chance]
        if household.ex_partner is None and "ggz_ex" in keys:
            keys.remove("ggz_ex")
        return keys or ["youth"]

    def _team(self, family: Family, household: Household, stay: Stay,
              family_worker: StaffRef, index: int, featured: bool,
              batch: Batch) -> dict[str, Work]:
        team = {"family": self._assign(family, stay, "family", family_worker, stay.started_on)}
        for key in self._extra_keys(index, household, featured):
            exclude = team["ggz_ex"].worker if "ggz_ex" in team else None
            # The ggz-behandelaar login serves ex-partners only.
            worker = self._pick(EXTRA_ROLES[key], stay.location_id, featured, exclude=exclude,
                                login=key != "ggz_parent")
            # Extra help joins within the first weeks of the stay.
            last_day = min(stay.ended_on or self.today,
                           stay.started_on + datetime.timedelta(days=EXTRA_JOINS_WITHIN))
            start = (self._later_days(stay.started_on, last_day, 1) or [stay.started_on])[0]
            person = {"ggz_ex": household.ex_partner, "ggz_parent": household.parent}.get(key)
            team[key] = self._assign(family, stay, key, worker, start, person=person)
        batch.assignments.extend(work.assignment for work in team.values())
        return team

    @staticmethod
    def _assign(family: Family, stay: Stay, key: str, worker: StaffRef,
                started_on: datetime.date, person: Person | None = None) -> Work:
        assignment = Assignment(family=family, worker_id=worker.id, person=person,
                                role=EXTRA_ROLES[key], started_on=started_on,
                                ended_on=stay.ended_on)
        return Work(assignment, worker)

    # help and notes

    def _help_forms(self, household: Household, stay: Stay, last_day: datetime.date,
                    team: dict[str, Work], batch: Batch) -> None:
        rng = self.rng
        wanted: list[tuple[Person, str, Work]] = [
            (household.parent, code, team["family"])
            for code, chance in (("safety-stabilisation", 0.9), ("daily-life-guidance", 0.5),
                                 ("stress-reduction", 0.4))
            if rng.random() < chance
        ]
        if "ggz_parent" in team:
            wanted.append((household.parent, "parent-trauma-treatment", team["ggz_parent"]))
        youth = team.get("nika") or team.get("youth")
        for child, age in household.children:
            if age <= 10 and rng.random() < 0.4:
                wanted.append((child, "toontje-veerkracht", team.get("child", team["family"])))
            if youth and age < 6 and rng.random() < 0.6:
                wanted.append((child, "nika", youth))
            if "youth" in team:
                wanted.extend(self._youth_care(child, age, stay, household, team["youth"]))
        if "ggz_ex" in team:
            code = rng.choice(("forensic-ggz", "impulse-control"))
            wanted.append((household.ex_partner, code, team["ggz_ex"]))
        for person, code, work in wanted:
            self._help_form(person, code, work, stay, last_day, batch)

    def _youth_care(self, child: Person, age: int, stay: Stay, household: Household,
                    work: Work) -> list[tuple[Person, str, Work]]:
        rng = self.rng
        chosen = (
            ("child-trauma-treatment",
             age >= 4 and stay.phase == Phase.RECOVERY and rng.random() < 0.5),
            ("school-guidance", age >= 4 and rng.random() < 0.3),
            ("supervised-contact", household.ex_partner is not None and rng.random() < 0.25),
        )
        return [(child, code, work) for code, yes in chosen if yes]

    def _help_form(self, person: Person, code: str, work: Work, stay: Stay,
                   last_day: datetime.date, batch: Batch) -> None:
        provider = self.world.petals.get(code)
        if provider is None:  # the catalogue was changed: skip petals that are gone
            return
        if provider != work.worker.kind:
            raise ValueError(f"{code} needs a worker of a {provider} organisation.")
        begin = work.assignment.started_on
        started = (self._later_days(begin, last_day, 1) or [begin])[0]
        ended = None
        if stay.ended_on or self.rng.random() < 0.2:
            ended = (self._later_days(started, last_day, 1) or [started])[0]
        batch.help_forms.append(HelpForm(
            family=person.family, person=person, petal_id=code, responsible_id=work.worker.id,
            started_on=started, ended_on=ended, goal=GOALS.get(code, ""),
        ))

    def _journal(self, family: Family, household: Household, last_day: datetime.date,
                 team: dict[str, Work], batch: Batch) -> None:
        keys = ["family", "family", *team]  # the family worker writes most
        for _ in range(self.rng.randint(2, 8)):
            key = self.rng.choice(keys)
            work = team[key]
            person, text = self._note(key, household)
            day = (self._later_days(work.assignment.started_on, last_day, 1)
                   or [work.assignment.started_on])[0]
            moment = datetime.datetime.combine(
                day, datetime.time(self.rng.randint(8, 17), self.rng.randint(0, 59)),
                tzinfo=self.tz,
            )
            # A note from later today: earlier this morning instead. Drawn always, so that
            # the time of day of the run does not change the rest (same seed, same data).
            earlier = self.now - datetime.timedelta(minutes=self.rng.randint(1, 240))
            moment = earlier if moment > self.now else moment
            batch.journal.append(JournalEntry(family=family, person=person,
                                              author_id=work.worker.id, written_at=moment,
                                              text=text))

    def _note(self, key: str, household: Household) -> tuple[Person | None, str]:
        rng = self.rng
        if key == "ggz_ex":
            person, texts = household.ex_partner, EX_PARTNER_NOTES
        elif key == "ggz_parent" or (key != "child" and rng.random() < 0.4):
            person, texts = household.parent, PARENT_NOTES
        elif key in ("child", "youth", "nika") or rng.random() < 0.3:
            person, _age = rng.choice(household.children)
            texts = CHILD_NOTES
        else:
            person, texts = None, FAMILY_NOTES
        words = {**household.words, "kind": person.first_name if person else ""}
        text = f"{rng.choice(texts).format(**words)} {rng.choice(FOLLOW_UPS)}".strip()
        return person, text


# --- the run -----------------------------------------------------------------------------


@dataclass
class Summary:
    families: int
    seed: int
    counts: Counter
    new_workers: int
    seconds: float

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def next_reference_number() -> int:
    last = (Family.objects.filter(reference__regex=r"^G[0-9]{7}$")
            .aggregate(last=Max("reference"))["last"])
    return int(last[1:]) + 1 if last else 1


def _analyze() -> None:
    """Fresh planner statistics after a bulk load: without them PostgreSQL planned a search
    of 6 million access events as a scan of them all (10 s instead of 10 ms, bench/), and
    SQLite keeps none until asked. PostgreSQL also vacuums, which marks the new pages
    all-visible: until then an index-only scan (the policy's scopes, counts) still read
    every row from the table (a count of 18,000 persons 23 → 13 ms), until autovacuum came
    by. (VACUUM cannot run inside a transaction, as in a test: there only ANALYZE.)"""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")


def generate(*, families: int, seed: int, progress: bool = False,
             chunk_size: int = CHUNK_SIZE) -> Summary:
    """Create the reference world if needed and `families` new families, written one
    chunk of `chunk_size` families at a time."""
    if not 1 <= families <= MAX_FAMILIES:
        raise ValueError(families)
    started = time.monotonic()
    today = timezone.localdate()
    world = ensure_world(today, families)
    demo_outcomes.ensure_schedules()
    counts: Counter = demo_network.ensure_network(seed=seed, today=today)
    builder = FamilyBuilder(world=world, pools=make_pools(seed), rng=random.Random(seed),
                            today=today, now=timezone.now())
    first = next_reference_number()
    with tqdm(total=families, unit=" families", disable=not progress) as bar:
        for chunk_start in range(0, families, chunk_size):
            chunk = range(chunk_start, min(chunk_start + chunk_size, families))
            batch = Batch()
            for index in chunk:
                builder.add(index, first + index, batch)
            with transaction.atomic():
                counts.update(batch.save())
                counts.update(demo_screening.add_responses(batch, seed=seed + chunk_start,
                                                           today=today))
                counts.update(add_consents(batch, seed=seed, today=today))
                counts.update(add_safety(batch, seed=seed, today=today))
                counts.update(add_team_work(batch, seed=seed + chunk_start, today=today))
                counts.update(add_programmes(batch, seed=seed, today=today,
                                             showcase=not chunk_start,
                                             group=chunk_start // chunk_size + 1))
                counts.update(demo_finance.add_finance(batch, seed=seed, today=today))
                counts.update(demo_outflow.add_outflow(batch, seed=seed, today=today))
                counts.update(demo_network.add_referrals(batch, seed=seed, today=today))
                counts.update(add_access_log(batch, seed=seed, today=today))
            bar.update(len(chunk))
    _analyze()
    return Summary(families, seed, counts, world.new_workers, time.monotonic() - started)
