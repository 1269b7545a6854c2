"""Demo data of issue 10: safety first, for the families `bloem demo` has just generated
(one chunk at a time, after it is saved).

Every safety assessment of the chunk gets its structured detail (the risk factors follow
its level) and each child its own signals; every open stay a safety plan with agreements,
contacts, reviews and, for orange and red, police or court measures (some expired without
follow-up, so the worklist shows the task); some families a Meldcode case in one of its
five steps, decided cases with the decision the framework allows. Everything with
bulk_create: a few queries per chunk, whatever its size."""

import datetime
from collections import Counter, defaultdict

from bloem.demo import bulk
from bloem.families.models import FamilyRole
from bloem.rules import safety as rules
from bloem.safety.models import (
    AgreementKind,
    AssessmentDetail,
    ChildConcern,
    ChildSignal,
    ConsultationKind,
    MeasureIssuer,
    MeasureKind,
    MeldcodeCase,
    MeldcodeConsultation,
    MeldcodeWeighing,
    PlanAgreement,
    PlanContact,
    PlanReview,
    ProtectiveMeasure,
    SafetyPlan,
)

MELDCODE_SHARE = 0.12
FIRST_STEPS = (2, 3, 4, 5, 6)  # the step a case is in; 6: decided
# How likely each risk factor is "yes" at each level (the rest: "no" or "unknown").
YES = {"green": 0.05, "orange": 0.35, "red": 0.75}
NOTES = {
    "green": ["Geen actuele dreiging; ex-partner houdt zich aan de afspraken."],
    "orange": ["Ex-partner stuurt berichten via de kinderen; moeder is alert.",
               "Incidenten in het verleden, nu geen direct gevaar."],
    "red": ["Ex-partner heeft gedreigd moeder te vinden; telefoon werd gevolgd.",
            "Politie betrokken na geweld bij de overdracht; huisverbod opgelegd."],
}
SIGNALS = {
    ChildConcern.NONE: "",
    ChildConcern.SOME: ["Schrikt van harde geluiden.", "Slaapt onrustig, wil niet alleen zijn."],
    ChildConcern.SERIOUS: ["Vertelt dat papa boos werd en sloeg.",
                           "Verstopt zich als er wordt aangebeld."],
    ChildConcern.UNKNOWN: "",
}
AGREEMENTS = [
    (AgreementKind.SCHOOL_PICKUP, True,
     "Alleen mama of oma Ria haalt de kinderen van school; de school weet dit."),
    (AgreementKind.CODE_WORD, True,
     "Codewoord 'zonnebloem' in een bericht betekent: bel meteen 112."),
    (AgreementKind.EX_PARTNER_APPEARS, False,
     "Als hij opduikt: niet opendoen, naar binnen gaan en het team of 112 bellen."),
    (AgreementKind.DIGITAL, False,
     "Locatie delen staat uit; nieuwe telefoon en nieuwe accounts, oude niet meer gebruiken."),
]
CONTACTS = [("Wijkagent", "Wijkagent {name}", "0900-8844"),
            ("School", "Juf {name}, intern begeleider", "020-6123456"),
            ("Vertrouwd netwerk", "Zus {name}", "06-12345678")]
SURNAMES = ["De Boer", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos"]


def _weighing(rng) -> tuple[dict, str]:
    """Answers as a worker gives them, and what the framework says of them."""
    answers = {"suspicion": rules.Answer.YES}
    roll = rng.random()
    if roll < 0.35:
        answers["unsafety"] = rng.choice([rules.Unsafety.ACUTE, rules.Unsafety.STRUCTURAL,
                                          rules.Unsafety.BOTH])
    elif roll < 0.45:
        answers = {"suspicion": rules.Answer.NO}
    else:
        answers |= {"unsafety": rules.Unsafety.NONE, "can_help": rules.Answer.YES,
                    "help_accepted": rules.Answer.YES,
                    "help_works": rules.Answer.YES if rng.random() < 0.7 else rules.Answer.NO}
    facts = rules.Weighing(**answers)
    return {k: v.value for k, v in answers.items()}, rules.framework_outcome(facts).value


def add_safety(batch, *, seed: int, today: datetime.date) -> Counter:
    """Structured assessments, plans, measures and Meldcode cases for `batch` (saved)."""
    rng = batch.rng("safety", seed)
    children: dict[int, list] = defaultdict(list)
    for person in batch.persons:
        if person.family_role == FamilyRole.CHILD:
            children[person.family_id].append(person)
    stay_of = {stay.pk: stay for stay in batch.stays}
    details, signals = [], []
    for assessment in batch.safety_assessments:
        stay = stay_of[assessment.stay_id]
        chance = YES[assessment.level]
        factors = {name: rng.choices(["yes", "no", "unknown"],
                                     [chance, (1 - chance) * 0.8, (1 - chance) * 0.2])[0]
                   for name in AssessmentDetail.FACTORS}
        detail = AssessmentDetail(family_id=stay.family_id, assessment=assessment,
                                  notes=rng.choice(NOTES[assessment.level]), **factors)
        details.append(detail)
    bulk.insert(details)
    for detail in details:
        level = detail.assessment.level
        for child in children[detail.family_id]:
            concern = rng.choice({"green": [ChildConcern.NONE, ChildConcern.SOME],
                                  "orange": [ChildConcern.SOME, ChildConcern.UNKNOWN],
                                  "red": [ChildConcern.SOME, ChildConcern.SERIOUS]}[level])
            texts = SIGNALS[concern]
            signals.append(ChildSignal(family_id=detail.family_id, detail=detail, person=child,
                                       concern=concern, signals=rng.choice(texts) if texts
                                       else ""))
    bulk.insert(signals)

    plans, reviews, agreements, contacts, measures = [], [], [], [], []
    cases, consultations, weighings = [], [], []
    open_stays = [s for s in batch.stays if s.ended_on is None]
    reviewed = []
    for stay in open_stays:
        review_on = min(today, stay.started_on + datetime.timedelta(days=rng.randint(3, 14)))
        next_review = review_on + datetime.timedelta(days=rng.choice([14, 28, 42]))
        reviewed.append(review_on)
        plans.append(SafetyPlan(family_id=stay.family_id, next_review_on=next_review))
    bulk.insert(plans)
    for stay, plan, review_on in zip(open_stays, plans, reviewed, strict=True):
        worker = stay.family_worker_id
        reviews.append(PlanReview(family_id=stay.family_id, plan=plan, reviewed_on=review_on,
                                  reviewed_by_id=worker, note="Plan samen met moeder doorgelopen."))
        for kind, reveals, text in rng.sample(AGREEMENTS, rng.randint(2, 4)):
            agreements.append(PlanAgreement(family_id=stay.family_id, plan=plan, kind=kind,
                                            text=text, reveals_whereabouts=reveals,
                                            agreed_on=stay.started_on, recorded_by_id=worker))
        for role, name, phone in rng.sample(CONTACTS, 2):
            contacts.append(PlanContact(family_id=stay.family_id, plan=plan, role=role,
                                        name=name.format(name=rng.choice(SURNAMES)),
                                        phone=phone))
        if stay.safety_level in ("orange", "red") and rng.random() < 0.6:
            start = stay.started_on - datetime.timedelta(days=rng.randint(0, 5))
            kind, issuer, days = rng.choice([
                (MeasureKind.HOUSE_BAN, MeasureIssuer.MAYOR, 28),
                (MeasureKind.AREA_BAN, MeasureIssuer.COURT, 180),
                (MeasureKind.CONTACT_BAN, MeasureIssuer.POLICE, 90),
                (MeasureKind.PROTECTION_ORDER, MeasureIssuer.COURT, 365)])
            ends = start + datetime.timedelta(days=days)
            followed = ends < today and rng.random() < 0.7
            measures.append(ProtectiveMeasure(
                family_id=stay.family_id, kind=kind, issued_by=issuer, starts_on=start,
                ends_on=ends, reference=f"{issuer[:2].upper()}-{rng.randint(1000, 9999)}",
                conditions="Geen contact met moeder en de kinderen, ook niet via anderen.",
                followed_up_on=ends if followed else None,
                follow_up="Verlengd met zes maanden." if followed else "",
                recorded_by_id=stay.family_worker_id))
        if len(cases) < len(FIRST_STEPS) or rng.random() < MELDCODE_SHARE:
            # The first cases of a chunk show every step; then chance decides.
            step = (FIRST_STEPS[len(cases)] if len(cases) < len(FIRST_STEPS)
                    else rng.randint(2, 6))
            case, case_consultations, weighing = _meldcode(rng, stay, children, today, step)
            cases.append(case)
            consultations.extend(case_consultations)
            if weighing:
                weighings.append(weighing)
    bulk.insert(reviews)
    bulk.insert(agreements)
    bulk.insert(contacts)
    bulk.insert(measures)
    bulk.insert(cases)
    bulk.insert(consultations)
    bulk.insert(weighings)
    return Counter({"AssessmentDetail": len(details), "ChildSignal": len(signals),
                    "SafetyPlan": len(plans), "PlanAgreement": len(agreements),
                    "PlanContact": len(contacts), "PlanReview": len(reviews),
                    "ProtectiveMeasure": len(measures), "MeldcodeCase": len(cases),
                    "MeldcodeConsultation": len(consultations),
                    "MeldcodeWeighing": len(weighings)})


def _meldcode(rng, stay, children, today, step):
    """A case in `step` of its five steps (6: decided): steps done before today, each
    after the last."""
    worker = stay.family_worker_id
    kids = children[stay.family_id]
    start = max(stay.started_on, today - datetime.timedelta(days=rng.randint(5, 60)))
    day = [start]

    def later() -> datetime.date:
        day[0] = min(today, day[0] + datetime.timedelta(days=rng.randint(1, 7)))
        return day[0]

    case = MeldcodeCase(family_id=stay.family_id, person=rng.choice(kids) if kids else None,
                        opened_by_id=worker, signals_on=start,
                        signals="Kind vertelt op de groep over slaan thuis bij het bezoek aan "
                                "vader; blauwe plek op de bovenarm.")
    consultations = []
    if step >= 3:
        consultations.append(MeldcodeConsultation(
            family_id=stay.family_id, case=case, kind=ConsultationKind.COLLEAGUE,
            consulted_on=later(), consulted="Aandachtsfunctionaris van het team",
            advice="Signalen serieus; eerst het gesprek met moeder.", recorded_by_id=worker))
        if rng.random() < 0.5:
            consultations.append(MeldcodeConsultation(
                family_id=stay.family_id, case=case, kind=ConsultationKind.VEILIG_THUIS,
                consulted_on=later(), consulted="Veilig Thuis, adviesfunctie",
                advice="Bij acute onveiligheid melden; anders hulp inzetten en monitoren.",
                recorded_by_id=worker))
    if step >= 4:
        case.talked_on = later()
        case.talk_summary = "Moeder herkent de signalen en maakt zich zorgen over de omgang."
    weighing = None
    if step >= 5:
        answers, outcome = _weighing(rng)
        weighing = MeldcodeWeighing(family_id=stay.family_id, case=case, weighed_on=later(),
                                    weighed_by_id=worker, reasoning="Gewogen met de "
                                    "aandachtsfunctionaris.", outcome=outcome, **answers)
    if step == 6:
        case.decided_on, case.decided_by_id = later(), worker
        case.decision = {"report": "report", "help": "help", "no_suspicion": "close"}[
            weighing.outcome]
        case.decision_reasons = "Conform het afwegingskader."
        if case.decision == "report":
            case.reported_on = case.decided_on
            case.report_reference = f"VT-{today.year}-{rng.randint(10000, 99999)}"
    return case, consultations, weighing
