"""Demo access log (issue 12): the NEN 7513 events a year of real work around the demo's
families would have left, so that the audit search and its indexes meet millions of rows.

Per family, spread over the days each worker is involved (never after now): the family
worker opens the family page often and the other workers now and then; the members'
person pages; the journal read and every note written; every questionnaire entered; some
exports of the safety plan; and a privacy officer's searches and access reports for a few
members. About 60 events per family on average. Rows are tuples written in one statement
per chunk (bulk.write: COPY on PostgreSQL); the table is append-only, inserts are all it
takes. Actors are described as `services.record` describes them (username, roles as
`services.roles_text` writes them, organisation), from one query per chunk."""

import datetime
import random
from collections import Counter, defaultdict

from django.db.models import Q
from django.utils import timezone

from bloem.accounts.models import Membership, Role
from bloem.audit.models import AccessEvent, Action, Channel
from bloem.audit.services import roles_text
from bloem.demo import bulk
from bloem.families.models import FamilyRole

COLUMNS = ("at", "actor_id", "actor_username", "actor_roles", "actor_organisation", "action",
           "channel", "family_id", "person_id", "record_type", "record_id", "subject_count",
           "ip_address", "session", "reason", "break_glass")
FAMILY_WORKER_VIEWS = (15, 30)  # family page views by the family worker, fewest and most
OTHER_VIEWS = (4, 10)  # ... by every other worker involved
PERSON_VIEWS = (1, 4)  # person page views per member, by the family worker
JOURNAL_VIEWS = (1, 5)
EXPORT_SHARE = 0.3  # families whose safety plan is printed
ACCESS_REPORT_SHARE = 0.01  # families of which a member asks who saw their file
API_SHARE = 0.05
UTC = datetime.UTC


class Actors:
    """Who did it, as the access log describes a worker."""

    def __init__(self, worker_ids: set[int]) -> None:
        roles, self.names, self.organisations = defaultdict(set), {}, {}
        self.privacy_officers: list[int] = []
        for worker_id, role, username, organisation in Membership.objects.filter(
                Q(worker_id__in=worker_ids) | Q(role=Role.PRIVACY_OFFICER)).values_list(
                "worker_id", "role", "worker__username", "worker__organisation__name"
        ).order_by("worker_id", "role"):
            roles[worker_id].add(role)
            self.names[worker_id] = username
            self.organisations[worker_id] = organisation or ""
            if role == Role.PRIVACY_OFFICER and worker_id not in self.privacy_officers:
                self.privacy_officers.append(worker_id)
        self.roles = {worker: roles_text(names) for worker, names in roles.items()}


class Log:
    """The rows of one chunk, with the randomness that fills in when and from where."""

    def __init__(self, rng: random.Random, actors: Actors, now: datetime.datetime) -> None:
        self.rng, self.actors, self.now, self.rows = rng, actors, now, []
        self.moment = bulk.moment_converter()

    def at(self, first: datetime.date, last: datetime.date) -> datetime.datetime:
        """A working-hours moment between two days (UTC, naive), not after now."""
        rng = self.rng
        days = max(0, (last - first).days)
        moment = datetime.datetime.combine(
            first + datetime.timedelta(days=rng.randint(0, days)),
            datetime.time(rng.randint(7, 17), rng.randint(0, 59), rng.randint(0, 59)))
        earlier = self.now - datetime.timedelta(seconds=rng.randint(60, 4 * 3600))
        return earlier if moment > self.now else moment  # later today: this morning instead

    def add(self, at: datetime.datetime, actor: int, action: str, record_type: str,
            record_id: int | None, family_id: int | None, person_id: int | None = None,
            count: int = 1, reason: str = "") -> None:
        rng, actors = self.rng, self.actors
        channel = Channel.API if rng.random() < API_SHARE else Channel.UI
        self.rows.append((
            self.moment(at), actor, actors.names.get(actor, ""), actors.roles.get(actor, ""),
            actors.organisations.get(actor, ""), action, channel, family_id, person_id,
            record_type, "" if record_id is None else str(record_id), count,
            f"10.{actor % 250}.{rng.randint(0, 3)}.{rng.randint(2, 254)}",
            f"{rng.getrandbits(64):016x}", reason, False))


def add_access_log(batch, *, seed: int, today: datetime.date) -> Counter:
    """The access events of the families of `batch` (saved, with their notes and
    questionnaire responses)."""
    rng = batch.rng("access", seed)
    workers = {a.worker_id for a in batch.assignments}
    log = Log(rng, Actors(workers), timezone.now().astimezone(UTC).replace(tzinfo=None))
    members = batch.members()
    team: dict[int, list] = defaultdict(list)
    for assignment in batch.assignments:
        team[assignment.family_id].append(assignment)
    for stay in batch.stays:
        _family(log, stay, members[stay.family_id], team[stay.family_id], today)
    for note in batch.journal:
        written = note.written_at.astimezone(UTC).replace(tzinfo=None)
        log.add(written, note.author_id, Action.CREATE, "families.journalentry", note.pk,
                note.family_id, note.person_id)
    for response in batch.responses:
        log.add(log.at(response.administered_on, response.administered_on),
                response.entered_by_id, Action.CREATE, "screening.response", response.pk,
                response.family_id, response.person_id)
    bulk.write(AccessEvent, COLUMNS, log.rows)
    return Counter({"AccessEvent": len(log.rows)})


def _family(log: Log, stay, members: list, team: list, today: datetime.date) -> None:
    rng, family = log.rng, stay.family_id
    last = min(stay.ended_on or today, today)
    worker = stay.family_worker_id
    for assignment in team:
        views = FAMILY_WORKER_VIEWS if assignment.worker_id == worker else OTHER_VIEWS
        end = min(assignment.ended_on or last, last)
        for _ in range(rng.randint(*views)):
            log.add(log.at(assignment.started_on, end), assignment.worker_id, Action.VIEW,
                    "families.family", family, family)
        if assignment.person_id is not None:  # own client: that person's page
            for _ in range(rng.randint(*PERSON_VIEWS)):
                log.add(log.at(assignment.started_on, end), assignment.worker_id,
                        Action.VIEW, "families.person", assignment.person_id, family,
                        assignment.person_id)
    for person in members:
        if person.family_role == FamilyRole.NETWORK and rng.random() < 0.5:
            continue
        for _ in range(rng.randint(*PERSON_VIEWS)):
            log.add(log.at(stay.started_on, last), worker, Action.VIEW, "families.person",
                    person.pk, family, person.pk)
    for _ in range(rng.randint(*JOURNAL_VIEWS)):
        log.add(log.at(stay.started_on, last), worker, Action.VIEW, "families.journalentry",
                None, family, count=len(members))
    if rng.random() < EXPORT_SHARE:
        log.add(log.at(stay.started_on, last), worker, Action.EXPORT, "safety.safetyplan",
                family, family)
    if log.actors.privacy_officers and members and rng.random() < ACCESS_REPORT_SHARE:
        officer, person = rng.choice(log.actors.privacy_officers), rng.choice(members)
        moment = log.at(stay.started_on, today)
        log.add(moment, officer, Action.LIST, "families.person", None, None,
                count=rng.randint(1, 8), reason="access report")
        log.add(moment + datetime.timedelta(minutes=1), officer, Action.EXPORT,
                "families.person", person.pk, family, person.pk, reason="access report")
