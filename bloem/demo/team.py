"""Demo data of issue 6, working as one team, for the families `bloem demo` has just saved
(one chunk at a time): referrals to youth care with their stamped steps, the joint analysis
(with the workers and the mother who took part), the family action plan with goals per
family member, child work plans, reviews and the mother's agreement, and families on the
agenda of the next case discussion. Everything follows what the generator made: a child
with youth-care help was referred, taken on and analysed first; a family with a youth-care
worker but no youth-care help yet waits on the worklist. bulk_create only: a few queries
per chunk."""

import datetime
import random
from collections import Counter, defaultdict

from django.utils import timezone

from bloem.accounts.models import Role, Worker
from bloem.demo import bulk
from bloem.families.models import FamilyRole
from bloem.planning.models import (
    ActionPlan,
    CaseDiscussion,
    CaseItem,
    ChildWorkPlan,
    Goal,
    GoalReview,
    GoalStatus,
    HgdPhase,
    JointAnalysis,
    PlanAgreement,
    Progress,
    Receiver,
    Referral,
    ReferralStatus,
    ReferralStep,
    Urgency,
)

PLAN_CHANCE = 0.8
AGREED_CHANCE = 0.7
CASE_CHANCE = 0.1
QUESTIONS = (
    "Kind is onrustig, slaapt slecht en schrikt van harde geluiden sinds de vlucht.",
    "Moeder maakt zich zorgen over de hechting; kind klampt zich vast of trekt zich terug.",
    "Kind praat over de situatie thuis; vraag om traumascreening en behandeladvies.",
)
SIGNALS = ("Nachtmerries en bedplassen.", "Boosheidsbuien op school.",
           "Trekt zich terug in de groep.")
TRIED = "Vaste dagstructuur in de opvang, gesprekken met de kindbegeleider."
PARENT_GOALS = (
    ("Moeder heeft rust en overzicht in haar financiën.", "Schuldhulp aanvragen; budgetplan."),
    ("Moeder heeft een veiligheidsplan dat zij kent en kan uitvoeren.",
     "Veiligheidsplan opstellen en oefenen met de gezinshulpverlener."),
    ("Moeder heeft zicht op passende woonruimte na de opvang.",
     "Urgentieaanvraag en inschrijving woningnet."),
)
CHILD_GOALS = (
    ("Kind slaapt weer door en voelt zich veilig in de opvang.", "Vast avondritueel."),
    ("Kind gaat weer met plezier naar school.", "Overleg met de leerkracht; vaste maatjes."),
    ("Kind kan zijn gevoelens benoemen.", "Deelname aan de kindergroep; gevoelenskaarten."),
)
OBSERVATIONS = (
    "Speelt vooral alleen; zoekt in spel vaak de rol van beschermer.",
    "Reageert schrikachtig op harde stemmen; ontspant bij knutselen.",
    "Zoekt veel contact met de begeleider; vertelt spontaan over thuis.",
)
REVIEW_TEXTS = {
    Progress.NONE: "Nog geen verandering zichtbaar; afspraken aangescherpt.",
    Progress.SOME: "Eerste stappen gezet; doel blijft staan.",
    Progress.GOOD: "Gaat duidelijk beter; volgende stap besproken.",
}
YOUTH_ROLES = (Role.YOUTH_SPECIALIST, Role.NIKA_COUNSELLOR)


def _day(start: datetime.date, end: datetime.date, rng: random.Random) -> datetime.date:
    if end <= start:
        return start
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def add_team_work(batch, *, seed: int, today: datetime.date) -> Counter:
    """Referrals, analyses and plans for the stays of `batch` (saved), and case items for
    its open ones. A family that has left had its team work during its stay: its goals
    ended, achieved or stopped, by the day it left."""
    rng = batch.rng("team", seed)
    members: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for person in batch.persons:
        members[person.family_id][person.family_role].append(person)
    youth_workers: dict[int, int] = {}
    for assignment in batch.assignments:
        if assignment.role in YOUTH_ROLES and assignment.person_id is None:
            youth_workers.setdefault(assignment.family_id, assignment.worker_id)
    youth_help: dict[int, list] = defaultdict(list)
    help_by_person: dict[int, list] = defaultdict(list)
    for help_form in batch.help_forms:
        help_by_person[help_form.person_id].append(help_form)
        if help_form.responsible_id == youth_workers.get(help_form.family_id):
            youth_help[help_form.family_id].append(help_form)
    worker_ids = {s.family_worker_id for s in batch.stays} | set(youth_workers.values())
    organisation = dict(Worker.objects.filter(pk__in=worker_ids)
                        .values_list("pk", "organisation_id"))

    referrals, steps, analyses, plans = [], [], [], []
    goals, reviews, child_plans, agreements, case_rows = [], [], [], [], []
    analysis_workers, analysis_members = [], []
    for stay in batch.stays:
        # Everything of a family that left happened by the day it left.
        last, left = stay.ended_on or today, stay.ended_on is not None
        family_id, worker = stay.family_id, stay.family_worker_id
        parent = (members[family_id][FamilyRole.PARENT] or [None])[0]
        children = members[family_id][FamilyRole.CHILD]
        youth = youth_workers.get(family_id)
        analysis = None
        if youth and children:
            helped = youth_help.get(family_id)
            child = helped[0].person if helped else rng.choice(children)
            referred = (_day(stay.started_on, min(last, helped[0].started_on), rng)
                        if helped else _day(max(stay.started_on, last - datetime.timedelta(
                            days=20)), last, rng))
            referral = Referral(family_id=family_id, person=child, receiver=Receiver.YOUTH_CARE,
                                question=rng.choice(QUESTIONS), signals=rng.choice(SIGNALS),
                                urgency=rng.choice((Urgency.NORMAL, Urgency.NORMAL,
                                                    Urgency.HIGH)),
                                tried=TRIED, referred_on=referred, referred_by_id=worker)
            flow = [(ReferralStatus.REFERRED, referred, worker)]
            if helped:
                accepted = _day(referred, min(last, referred + datetime.timedelta(days=5)), rng)
                planned = _day(accepted, min(last, accepted + datetime.timedelta(days=10)),
                               rng)
                flow += [(ReferralStatus.ACCEPTED, accepted, youth),
                         (ReferralStatus.ANALYSIS_PLANNED, planned, worker)]
                analysis = JointAnalysis(
                    family_id=family_id, referral=referral, planned_on=planned,
                    held_on=planned, phase=HgdPhase.ADVICE,
                    economic_insecurity=rng.random() < 0.6,
                    parental_distress=rng.random() < 0.7, partner_conflict=True,
                    disrupted_parenting=rng.random() < 0.4,
                    stressors="Huiselijk geweld meegemaakt; verhuizing naar de opvang.",
                    relationship="Moeder is betrokken; de relatie staat onder druk.",
                    stress_pattern="Reageert met terugtrekken en schrikreacties.",
                    conclusions="Hulp voor het kind naast de begeleiding van moeder.",
                    advice="Jeugdhulp inzetten volgens de gekozen blaadjes.")
                analyses.append(analysis)
                analysis_workers += [(analysis, worker), (analysis, youth)]
                if parent is not None:
                    analysis_members.append((analysis, parent))
            elif rng.random() < 0.5:
                flow.append((ReferralStatus.ACCEPTED,
                             _day(referred, last, rng), youth))
            referral.status = flow[-1][0]
            referrals.append(referral)
            steps += [ReferralStep(referral=referral, status=s, at=_moment(d), by_id=by)
                      for s, d, by in flow]
        # The first open family of each chunk is always on the agenda (it shows).
        if not left and (not case_rows or rng.random() < CASE_CHANCE):
            case_rows.append((stay.location_id, family_id, worker))
        if parent is None or rng.random() >= PLAN_CHANCE:
            continue
        plan = ActionPlan(family_id=family_id, analysis=analysis)
        plans.append(plan)
        own_goals = []
        for person, options in [(parent, PARENT_GOALS)] + [(c, CHILD_GOALS) for c in children]:
            help_forms = help_by_person.get(person.pk) or []
            description, actions = rng.choice(options)
            started = _day(stay.started_on, last, rng)
            responsible = help_forms[0].responsible_id if help_forms else worker
            review_on = last + datetime.timedelta(days=rng.randint(-10, 30))
            if left:
                review_on = min(review_on, last)
                status = GoalStatus.ACHIEVED if rng.random() < 0.7 else GoalStatus.STOPPED
            else:
                status = GoalStatus.IN_PROGRESS if help_forms else GoalStatus.PLANNED
            goal = Goal(plan=plan, family_id=family_id, person=person,
                        petal_id=help_forms[0].petal_id if help_forms else None,
                        description=description, actions=actions,
                        responsible_id=responsible,
                        organisation_id=organisation.get(responsible) or organisation[worker],
                        started_on=started, review_on=max(review_on, started),
                        status=status)
            goals.append(goal)
            own_goals.append(goal)
            if help_forms and rng.random() < 0.5 and started < last:
                progress = rng.choice(Progress.values)
                reviews.append(GoalReview(
                    goal=goal, reviewed_on=_day(started, last, rng), progress=progress,
                    status=goal.status, evaluation=REVIEW_TEXTS[progress],
                    next_review_on=goal.review_on, reviewed_by_id=responsible))
        child_plans += [ChildWorkPlan(plan=plan, family_id=family_id, child=child,
                                      observations=rng.choice(OBSERVATIONS),
                                      discussed_with_parent="Observaties met moeder besproken.")
                        for child in children]
        if rng.random() < AGREED_CHANCE:
            plan.changed_since_agreement = False
            agreements.append(PlanAgreement(
                plan=plan, number=1, parent=parent, agrees=True,
                agreed_on=_day(analysis.planned_on if analysis else stay.started_on, last,
                               rng),
                snapshot={"goals": [{"person": g.person.first_name, "goal": g.description}
                                    for g in own_goals]},
                recorded_by_id=worker, recorded_at=timezone.now()))
            if referrals and referrals[-1].family_id == family_id and analysis is not None:
                referrals[-1].status = ReferralStatus.PLAN_AGREED
                steps.append(ReferralStep(referral=referrals[-1],
                                          status=ReferralStatus.PLAN_AGREED,
                                          at=_moment(agreements[-1].agreed_on), by_id=worker))

    bulk.insert(referrals)
    bulk.insert(steps)
    bulk.insert(analyses)
    JointAnalysis.workers.through.objects.bulk_create(
        [JointAnalysis.workers.through(jointanalysis_id=a.pk, worker_id=w)
         for a, w in analysis_workers], ignore_conflicts=True)
    JointAnalysis.members.through.objects.bulk_create(
        [JointAnalysis.members.through(jointanalysis_id=a.pk, person_id=p.pk)
         for a, p in analysis_members])
    bulk.insert(plans)
    bulk.insert(goals)
    bulk.insert(reviews)
    bulk.insert(child_plans)
    bulk.insert(agreements)
    # The team meets on Tuesdays: the families go on the agenda of the next one.
    meeting = today + datetime.timedelta(days=(1 - today.weekday()) % 7 or 7)
    locations = {row[0] for row in case_rows}
    discussions = {d.location_id: d for d in CaseDiscussion.objects.filter(
        held_on=meeting, location_id__in=locations)}
    new = [CaseDiscussion(held_on=meeting, location_id=location_id)
           for location_id in locations - set(discussions)]
    bulk.insert(new)
    discussions.update((d.location_id, d) for d in new)
    items = [CaseItem(discussion=discussions[location_id], family_id=family_id,
                      question="Voortgang kind en moeder op elkaar afstemmen; is er meer "
                               "nodig?", added_by_id=worker)
             for location_id, family_id, worker in case_rows]
    bulk.insert(items)
    return Counter({"Referral": len(referrals), "JointAnalysis": len(analyses),
                    "ActionPlan": len(plans), "Goal": len(goals), "CaseItem": len(items)})
