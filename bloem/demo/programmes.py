"""Demo data of issue 7: group programmes and specialist treatment, for the families that
`bloem demo` has just generated (one chunk at a time, after consents are added).

- every location runs Tijd voor Toontje (children's group and the parallel mothers' group)
  and En nu ik..!, started three weeks ago with weekly sessions; children whose group help
  (the Toontje/Veerkracht petal) runs with complete consent are enrolled when the rule
  engine allows their age — up to the places, then a short waiting list — and attendance
  is recorded for the sessions held;
- running NIKA help gets a trajectory (diagnostics, video feedback, counselling), running
  trauma treatment an episode with sessions and the child's questionnaires linked, running
  supervised contact a held and a planned contact, running school guidance the school and
  advice given;
- in the first chunk of a run, one child of a family at the demo logins' location gets
  every kind of help (with the consents the rule engine asks for), so that its timeline
  shows them all.

Everything with bulk_create: a few queries per chunk whatever its size."""

import datetime
from collections import Counter, defaultdict

from django.db.models import Count
from django.utils import timezone

from bloem.accounts.models import Location, Membership, Qualification, Role
from bloem.catalogue.models import HelpForm, HelpFormStatus
from bloem.consent.models import Consent, ConsentForm, ContactAgreement, StabilityJudgement
from bloem.demo import bulk
from bloem.families.models import FamilyRole
from bloem.programmes.models import (
    Attendance,
    ContactStatus,
    Enrolment,
    EnrolmentStatus,
    Facilitator,
    FacilitatorRole,
    GroupKind,
    GroupRun,
    GroupSession,
    NikaJudgement,
    NikaSession,
    NikaStatus,
    NikaStepKind,
    NikaTrajectory,
    Programme,
    SchoolContact,
    SchoolKind,
    SupervisedContact,
    TeacherAdvice,
    TraumaEpisode,
    TraumaMethod,
    TraumaSession,
)
from bloem.rules import consent_status, evaluate
from bloem.rules import facts as f
from bloem.screening.models import Response

GROUP_PETAL = "toontje-veerkracht"
SHOWCASE_PETALS = (GROUP_PETAL, "nika", "child-trauma-treatment", "supervised-contact",
                   "school-guidance")
WEEKS = 8
WAITING_LIST = 4
RUNS = (  # programme, kind, name, places
    ("tijd-voor-toontje", GroupKind.CHILDREN, "Toontje kindergroep", 8),
    ("tijd-voor-toontje", GroupKind.PARENTS, "Toontje moedergroep", 8),
    ("en-nu-ik", GroupKind.CHILDREN, "En nu ik..! groep", 8),
)
NOTES = ("Speelde mee, vertelde over thuis.", "Stil vandaag, zat dicht bij de begeleider.",
         "Tekende een boze draak en vertelde erover.", "Had plezier in het toneelspel.")
SCHOOLS = ("Basisschool De Regenboog", "OBS Het Kompas", "Kinderdagverblijf Het Nest",
           "CBS De Wegwijzer")
METHOD_OF = (("emdr", TraumaMethod.EMDR), ("tf_cbt", TraumaMethod.TF_CBT),
             ("net", TraumaMethod.NET))


def _name(name: str, group: int) -> str:
    return name if group == 1 else f"{name} {group}"


def _runs(today: datetime.date, group: int = 1,
          location_ids: set[int] | None = None) -> dict[tuple[int, str, str], GroupRun]:
    """The demo's runs at `location_ids` (default: every location), made where missing
    (with sessions and facilitators: the child workers of the location). A fixed number of
    lookups. Every chunk of families gets its own parallel `group` of runs (Toontje
    kindergroep 2, ...), so that enrolments and attendance grow with the families."""
    if location_ids is None:
        location_ids = set(Location.objects.values_list("pk", flat=True))
    existing = {(r.location_id, r.programme_id, r.kind): r for r in GroupRun.objects.filter(
        name__in=[_name(name, group) for _, _, name, _ in RUNS])}
    starts_on = today - datetime.timedelta(weeks=3)
    themes = defaultdict(list)
    for programme in Programme.objects.prefetch_related("themes"):
        themes[programme.code] = list(programme.themes.all())
    facilitators = defaultdict(list)
    for worker_id, location_id in Membership.objects.filter(
            role=Role.CHILD_WORKER).values_list("worker_id", "team__location_id").order_by(
            "worker_id"):
        facilitators[location_id].append(worker_id)
    new = []
    for kinds in ((GroupKind.CHILDREN,), (GroupKind.PARENTS, GroupKind.MOTHER_CHILD)):
        batch = []
        for location_id in sorted(location_ids):
            for code, kind, name, places in RUNS:
                if kind in kinds and (location_id, code, kind) not in existing:
                    run = GroupRun(
                        programme_id=code, location_id=location_id, kind=kind,
                        name=_name(name, group),
                        starts_on=starts_on,
                        ends_on=starts_on + datetime.timedelta(weeks=WEEKS - 1),
                        capacity=places,
                        parallel_to=existing.get((location_id, code, GroupKind.CHILDREN))
                        if kind == GroupKind.PARENTS else None)
                    batch.append(run)
                    existing[location_id, code, kind] = run
        bulk.insert(batch)
        new.extend(batch)
    zone = timezone.get_current_timezone()
    GroupSession.objects.bulk_create([
        GroupSession(run=run, number=n + 1, minutes=75, room="Speelkamer",
                     starts_at=datetime.datetime.combine(
                         run.starts_on + datetime.timedelta(weeks=n), datetime.time(15, 30),
                         tzinfo=zone),
                     theme=(themes[run.programme_id][n * len(themes[run.programme_id]) // WEEKS]
                            if themes[run.programme_id] else None))
        for run in new for n in range(WEEKS)])
    Facilitator.objects.bulk_create([
        Facilitator(run=run, worker_id=worker_id,
                    role=FacilitatorRole.DRAMA_THERAPIST if i == 0 else (
                        FacilitatorRole.PARENT_GROUP if run.kind == GroupKind.PARENTS
                        else FacilitatorRole.CHILD_WORKER))
        for run in new for i, worker_id in enumerate(facilitators[run.location_id][:2])])
    return existing


def _allowed_age(code: str, child, starts_on: datetime.date) -> bool:
    return not evaluate(f.EnrolProgramme(programme=code, child_name="",
                                         date_of_birth=child.date_of_birth,
                                         starts_on=starts_on)).blocked


def _showcase(batch, today: datetime.date) -> tuple[list, list]:
    """One child who receives every kind of help: the missing forms of help are added,
    with the consents the rule engine asks for (and the mother's agreement to contact and
    a judgement of the relationship). Returns the new help forms and the child."""
    practitioner = Qualification.objects.filter(
        worker__username="jeugdspecialist", kind="nika", in_training=False).values_list(
        "worker_id", flat=True).first()
    if practitioner is None:
        return [], []
    stays = {s.family_id: s for s in batch.stays if s.ended_on is None}
    parents = defaultdict(list)
    for relation in batch.relations:
        parents[relation.child.pk].append(relation)
    login_location = Membership.objects.filter(worker_id=practitioner).values_list(
        "team__location_id", flat=True).first()
    for child in batch.persons:
        stay = stays.get(child.family_id)
        age = child.age_on(today)
        mother = next((r.parent for r in parents[child.pk]
                       if r.parent.family_role == FamilyRole.PARENT), None)
        father = next((r.parent for r in parents[child.pk]
                       if r.parent.family_role == FamilyRole.OTHER_PARENT), None)
        if (child.family_role != FamilyRole.CHILD or stay is None or age is None
                or not 5 <= age <= 9 or mother is None or father is None
                or stay.location_id != login_location or stay.safety_level == "red"
                or stay.started_on > today - datetime.timedelta(days=45)
                or any(h.person_id == child.pk and h.petal_id in SHOWCASE_PETALS
                       for h in batch.help_forms)):
            continue
        started = today - datetime.timedelta(days=40)
        # Trauma treatment starts after the NIKA judgement (30 days into NIKA, M-32).
        forms = [HelpForm(family_id=child.family_id, person=child, petal_id=code,
                          responsible_id=practitioner if code != GROUP_PETAL
                          else stay.family_worker_id,
                          started_on=today - datetime.timedelta(days=5)
                          if code == "child-trauma-treatment" else started,
                          goal="Herstel van veiligheid en hechting.")
                 for code in SHOWCASE_PETALS]
        bulk.insert(forms)
        status = consent_status(f.ConsentFacts(
            child_id=child.pk, child_name="", date_of_birth=child.date_of_birth, day=today,
            parents=tuple(f.Parent(r.parent.pk, "", r.has_authority)
                          for r in parents[child.pk])))
        Consent.objects.bulk_create([
            Consent(family_id=child.family_id, child=child, petal_id=h.petal_id,
                    given_by_id=r.person_id, scope="De afgesproken hulp voor dit kind.",
                    given_on=started - datetime.timedelta(days=2), form=ConsentForm.WRITTEN,
                    recorded_by_id=stay.family_worker_id)
            for h in forms for r in status.required])
        ContactAgreement.objects.create(
            family_id=child.family_id, client=mother, agrees=True,
            decided_on=started - datetime.timedelta(days=3),
            scope="Begeleide omgang op locatie.", recorded_by_id=stay.family_worker_id)
        return forms, [child]
    return [], []


def add_programmes(batch, *, seed: int, today: datetime.date, showcase: bool = False,
                   group: int = 1) -> Counter:
    """Groups, NIKA, trauma treatment, supervised contact and schools for `batch`."""
    rng = batch.rng("programmes", seed)
    counts: Counter = Counter()
    featured = _showcase(batch, today)[1] if showcase else []
    open_stays = {s.family_id: s for s in batch.stays if s.ended_on is None}
    family_ids = [family.pk for family in batch.families]
    help_forms = list(HelpForm.objects.filter(
        family_id__in=family_ids, status=HelpFormStatus.ACTIVE, ended_on__isnull=True)
        .select_related("person").order_by("pk"))
    # Groups only where families of this chunk live now (at national scale most have left).
    runs = _runs(today, group, {stay.location_id for stay in batch.stays
                                if stay.ended_on is None})
    now = timezone.now()
    taken: dict[int, int] = Counter()  # places taken per run
    queued: dict[int, int] = Counter()  # the waiting list per run
    for run_id, status, n in Enrolment.objects.filter(
            run__in=[r.pk for r in runs.values()]).values("run", "status").annotate(
            n=Count("pk")).values_list("run", "status", "n"):
        (queued if status == EnrolmentStatus.WAITING else taken)[run_id] += n
    mothers = {p.family_id: p for p in batch.persons if p.family_role == FamilyRole.PARENT}
    fathers = {p.family_id: p for p in batch.persons if p.family_role == FamilyRole.OTHER_PARENT}
    enrolments = []

    def enrol(run, person, status, recorder):
        enrolments.append(Enrolment(run=run, family_id=person.family_id, person=person,
                                    status=status, enrolled_on=run.starts_on
                                    - datetime.timedelta(days=rng.randint(3, 14)),
                                    recorded_by_id=recorder))
        (queued if status == EnrolmentStatus.WAITING else taken)[run.pk] += 1

    # The showcase child first: it gets its place.
    for h in sorted(help_forms, key=lambda h: h.person not in featured):
        stay = open_stays.get(h.family_id)
        if h.petal_id != GROUP_PETAL or stay is None or h.person.family_role != FamilyRole.CHILD:
            continue
        for code in ("en-nu-ik", "tijd-voor-toontje"):
            run = runs.get((stay.location_id, code, GroupKind.CHILDREN))
            if run is None or not _allowed_age(code, h.person, run.starts_on):
                continue
            if code == "en-nu-ik" and rng.random() < 0.5 and h.person not in featured:
                continue
            if taken[run.pk] < run.capacity:
                enrol(run, h.person, EnrolmentStatus.ENROLLED, stay.family_worker_id)
                parents_run = runs.get((stay.location_id, code, GroupKind.PARENTS))
                mother = mothers.get(h.family_id)
                if parents_run and mother and taken[parents_run.pk] < \
                        parents_run.capacity and not any(
                        e.person is mother and e.run is parents_run for e in enrolments):
                    enrol(parents_run, mother, EnrolmentStatus.ENROLLED, stay.family_worker_id)
            elif queued[run.pk] < WAITING_LIST:
                enrol(run, h.person, EnrolmentStatus.WAITING, stay.family_worker_id)
            break
    bulk.insert(enrolments)
    sessions = defaultdict(list)
    for s in GroupSession.objects.filter(run__in=[r.pk for r in runs.values()],
                                         starts_at__lte=now):
        sessions[s.run_id].append(s)
    attendance = [
        Attendance(session=s, enrolment=e, present=rng.random() < 0.85,
                   note=rng.choice(NOTES) if rng.random() < 0.3 else "",
                   recorded_by_id=e.recorded_by_id)
        for e in enrolments if e.status == EnrolmentStatus.ENROLLED
        for s in sessions[e.run_id]]
    bulk.insert(attendance)
    counts.update(Enrolment=len(enrolments), Attendance=len(attendance))
    counts.update(_treatment(help_forms, family_ids, mothers, fathers, rng, today, now))
    return counts


def _treatment(help_forms, family_ids, mothers, fathers, rng, today, now) -> Counter:
    # Every lookup by the chunk's families (never an empty list: a fixed number of
    # queries whatever the data).
    quals = defaultdict(set)
    for worker_id, kind in Qualification.objects.filter(
            worker_id__in=HelpForm.objects.filter(family_id__in=family_ids).values(
                "responsible_id"), in_training=False).values_list("worker_id", "kind"):
        quals[worker_id].add(kind)
    judgements = {j.child_id: j for j in StabilityJudgement.objects.filter(
        family_id__in=family_ids).order_by("judged_on", "pk")}
    responses = defaultdict(list)
    for r in Response.objects.filter(family_id__in=family_ids).only("pk", "person_id"):
        responses[r.person_id].append(r)
    trajectories, nika_sessions, new_judgements, episodes, contacts = [], [], [], [], []
    schools, advice, trauma_sessions = [], [], []
    links = []
    for h in help_forms:
        child, worker, start = h.person, h.responsible_id, h.started_on
        mother = mothers.get(h.family_id)
        if h.petal_id == "nika" and mother and child.family_role == FamilyRole.CHILD \
                and "nika" in quals[worker]:
            t = NikaTrajectory(family_id=h.family_id, child=child, parent=mother,
                               practitioner_id=worker, started_on=start,
                               status=NikaStatus.TREATMENT)
            trajectories.append(t)
            nika_sessions.append((t, NikaStepKind.DIAGNOSTICS, start, dict(
                disorganised_signs="Bevriest even als moeder de kamer binnenkomt.",
                disruptive_behaviour="Moeder schrikt en trekt zich terug bij huilen.",
                supportive_behaviour="Moeder zingt en benoemt wat het kind doet.")))
            for days, kind in ((14, NikaStepKind.UNLEARN), (28, NikaStepKind.LEARN)):
                day = start + datetime.timedelta(days=days)
                if day <= today:
                    nika_sessions.append((t, kind, day, dict(
                        video_recorded_on=day - datetime.timedelta(days=3),
                        feedback="Samen teruggekeken: moeder ziet het moment waarop het kind "
                                 "troost zoekt.")))
        elif h.petal_id == "child-trauma-treatment":
            method = next((m for q, m in METHOD_OF if q in quals[worker]), None)
            if method is None:
                continue
            e = TraumaEpisode(family_id=h.family_id, person=child, method=method,
                              practitioner_id=worker, started_on=start, recorded_by_id=worker)
            episodes.append(e)
            trauma_sessions.extend(
                TraumaSession(episode=e, held_on=start + datetime.timedelta(weeks=w),
                              note="Veilige plek geoefend; spanning daalt.", recorded_by_id=worker)
                for w in range(3) if start + datetime.timedelta(weeks=w) <= today)
            links.extend((e, r) for r in responses[child.pk])
        elif h.petal_id == "parent-trauma-treatment":
            episodes.append(TraumaEpisode(family_id=h.family_id, person=child,
                                          method=TraumaMethod.GGZ, practitioner_id=worker,
                                          started_on=start, recorded_by_id=worker))
        elif h.petal_id == "supervised-contact" and fathers.get(h.family_id):
            when = datetime.datetime.combine(start + datetime.timedelta(days=7),
                                             datetime.time(10), tzinfo=now.tzinfo)
            contacts.append(SupervisedContact(
                family_id=h.family_id, child=child, other_parent=fathers[h.family_id],
                starts_at=when, place="Omgangshuis, neutrale ruimte", supervisor_id=worker,
                status=ContactStatus.HELD if when < now else ContactStatus.PLANNED,
                course="Vader was op tijd; samen gespeeld met lego." if when < now else "",
                child_reaction="Eerst afwachtend, later ontspannen." if when < now else "",
                recorded_by_id=worker))
            contacts.append(SupervisedContact(
                family_id=h.family_id, child=child, other_parent=fathers[h.family_id],
                starts_at=max(now, when) + datetime.timedelta(days=14),
                place="Omgangshuis, neutrale ruimte", supervisor_id=worker,
                recorded_by_id=worker))
        elif h.petal_id == "school-guidance":
            s = SchoolContact(family_id=h.family_id, child=child, kind=SchoolKind.SCHOOL
                              if child.age_on(today) and child.age_on(today) >= 4
                              else SchoolKind.DAY_CARE, name=rng.choice(SCHOOLS),
                              contact_person="Intern begeleider", recorded_by_id=worker)
            schools.append(s)
            advice.append(TeacherAdvice(
                school=s, given_on=max(start, today - datetime.timedelta(days=7)),
                advice="Voorspelbaarheid: kondig veranderingen aan; een vaste plek bij de "
                       "juf; bij boosheid eerst nabijheid, dan woorden.", given_by_id=worker))
    bulk.insert(trajectories)
    NikaSession.objects.bulk_create([NikaSession(trajectory=t, kind=k, held_on=d,
                                                 recorded_by_id=t.practitioner_id, **extra)
                                     for t, k, d, extra in nika_sessions])
    # Each trajectory's judgement is the child's stability judgement (one per trajectory):
    # the latest one recorded for the child when no trajectory uses it yet, else a new one.
    used = set(NikaJudgement.objects.filter(stability__family_id__in=family_ids).values_list(
        "stability_id", flat=True))
    pairs = []
    for t in trajectories:
        judgement = judgements.get(t.child_id)
        if (judgement is None or judgement.pk in used or judgement.judged_on < t.started_on
                or any(j is judgement for _, j in pairs)):
            judgement = StabilityJudgement(
                family_id=t.family_id, child_id=t.child_id,
                judged_on=min(today, t.started_on + datetime.timedelta(days=30)),
                sufficient=True, basis="Na NIKA: moeder reageert sensitiever.",
                judged_by_id=t.practitioner_id, recorded_by_id=t.practitioner_id)
            new_judgements.append(judgement)
        pairs.append((t, judgement))
    bulk.insert(new_judgements)
    NikaJudgement.objects.bulk_create([
        NikaJudgement(trajectory=t, judged_on=j.judged_on, parent_can_change=True, stability=j)
        for t, j in pairs])
    bulk.insert(episodes)
    bulk.insert(trauma_sessions)
    TraumaEpisode.measurements.through.objects.bulk_create([
        TraumaEpisode.measurements.through(traumaepisode_id=e.pk, response_id=r.pk)
        for e, r in links])
    bulk.insert(contacts)
    bulk.insert(schools)
    bulk.insert(advice)
    return Counter(NikaTrajectory=len(trajectories), TraumaEpisode=len(episodes),
                   SupervisedContact=len(contacts), SchoolContact=len(schools))

