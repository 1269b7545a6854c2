"""Demo data of issue 4: consent and the other preconditions of help, for the forms of help
`bloem demo` has just generated (one chunk of families at a time, after it is saved).

Who must consent is asked of the rule engine itself (bloem.rules), so the demo never
contradicts the rules. Most consents are complete; some help waits as *proposed* for the
father's consent; some consent was withdrawn and its help *paused*. Help that brings
contact with the ex-partner gets the mother's recorded agreement, and a child's trauma
treatment a stability judgement by a youth-care worker with the diagnostics qualification.
Everything with bulk_create / bulk_update: a few queries per chunk."""

import datetime
from collections import Counter, defaultdict

from bloem.accounts.models import Qualification, QualificationKind
from bloem.catalogue.models import HelpForm, HelpFormStatus
from bloem.consent.models import Consent, ConsentForm, ContactAgreement, StabilityJudgement
from bloem.demo import bulk
from bloem.families.models import FamilyRole
from bloem.rules import consent_status
from bloem.rules import facts as f
from bloem.rules.care import CONTACT_PETALS, TRAUMA_PETALS

MISSING_FATHER = 0.08  # help waits for the other parent's consent
WITHDRAWN = 0.03  # a consent was withdrawn: the help is paused
SCOPES = {
    "safety-stabilisation": "Opvang, veiligheid en dagritme in het Oranje Huis.",
    "toontje-veerkracht": "Deelname aan de kindergroep en Veerkracht-begeleiding.",
    "nika": "NIKA: video-opnames van ouder en kind, feedback en gesprekken.",
    "child-trauma-treatment": "Traumabehandeling (EMDR of TF-CGT) op locatie.",
    "supervised-contact": "Begeleide omgang met de andere ouder op locatie.",
    "school-guidance": "Contact en advies aan school over traumasensitief handelen.",
}


def _judges() -> list[int]:
    return list(Qualification.objects.filter(
        kind=QualificationKind.DIAGNOSTICS, in_training=False,
        worker__organisation__kind="youth_care", worker__is_active=True,
    ).values_list("worker_id", flat=True).order_by("worker_id"))


def add_consents(batch, *, seed: int, today: datetime.date) -> Counter:
    """Consents, agreements and judgements for the help forms of `batch` (saved)."""
    rng = batch.rng("consent", seed)
    parents: dict[int, list] = defaultdict(list)
    for relation in batch.relations:
        parents[relation.child.pk].append(relation)
    judges = _judges()
    recorder = {family.pk: None for family in batch.families}
    for stay in batch.stays:
        recorder[stay.family_id] = stay.family_worker_id
    consents, agreements, judgements, changed = [], [], [], []
    # The first open help to a child whose father must consent shows each case for sure
    # (the first families of a run are the demo logins' own); then chance decides.
    examples = ["withdrawn", "missing"]
    agreed_families: set[int] = set()
    for help_form in batch.help_forms:
        if help_form.ended_on is not None:
            help_form.status = HelpFormStatus.ENDED
            changed.append(help_form)
        person = help_form.person
        worker = recorder.get(help_form.family_id) or help_form.responsible_id
        mother = None
        if help_form.petal_id in CONTACT_PETALS:
            mother = next((r.parent for r in parents[person.pk]
                           if r.parent.family_role == FamilyRole.PARENT), None)
        if help_form.petal_id in CONTACT_PETALS and help_form.family_id not in agreed_families \
                and mother is not None:
            agreed_families.add(help_form.family_id)
            agreements.append(ContactAgreement(
                family_id=help_form.family_id, client=mother, agrees=True,
                decided_on=help_form.started_on - datetime.timedelta(days=3),
                scope="Begeleide omgang op locatie, ophalen en brengen via het team.",
                recorded_by_id=worker))
        if help_form.petal_id in TRAUMA_PETALS and judges:
            judgements.append(StabilityJudgement(
                family_id=help_form.family_id, child=person,
                judged_on=help_form.started_on - datetime.timedelta(days=rng.randint(3, 20)),
                sufficient=True, basis="Na NIKA-diagnostiek: moeder reageert sensitiever, "
                "het kind zoekt troost bij haar.", judged_by_id=rng.choice(judges),
                recorded_by_id=worker))
        if person.family_role != FamilyRole.CHILD:
            continue
        day = help_form.started_on if help_form.ended_on else max(help_form.started_on, today)
        status = consent_status(f.ConsentFacts(
            child_id=person.pk, child_name="", date_of_birth=person.date_of_birth, day=day,
            parents=tuple(f.Parent(r.parent.pk, "", r.has_authority)
                          for r in parents[person.pk])))
        given_on = help_form.started_on - datetime.timedelta(days=rng.randint(1, 10))
        chance = rng.random()
        open_help = help_form.ended_on is None
        fathers = {r.parent.pk for r in parents[person.pk]
                   if r.parent.family_role == FamilyRole.OTHER_PARENT}
        if open_help and examples and fathers & {r.person_id for r in status.required}:
            chance = {"missing": 0.0, "withdrawn": MISSING_FATHER}[examples.pop()]
        for requirement in status.required:
            is_father = requirement.person_id in fathers
            if open_help and is_father and chance < MISSING_FATHER:
                help_form.status = HelpFormStatus.PROPOSED
                changed.append(help_form)
                continue
            withdrawn = None
            if open_help and is_father and MISSING_FATHER <= chance < MISSING_FATHER + WITHDRAWN:
                withdrawn = min(today, help_form.started_on + datetime.timedelta(
                    days=rng.randint(5, 40)))
                help_form.status = HelpFormStatus.PAUSED
                changed.append(help_form)
            consents.append(Consent(
                family_id=help_form.family_id, child=person, petal_id=help_form.petal_id,
                given_by_id=requirement.person_id, scope=SCOPES.get(
                    help_form.petal_id, "De afgesproken hulp voor dit kind."),
                given_on=given_on, form=rng.choice((ConsentForm.WRITTEN, ConsentForm.WRITTEN,
                                                    ConsentForm.VERBAL)),
                recorded_by_id=worker, withdrawn_on=withdrawn,
                withdrawal_note="Vader wil eerst zelf met de hulpverlener praten."
                if withdrawn else ""))
    HelpForm.objects.bulk_update(changed, ["status"], batch_size=500)
    bulk.insert(consents)
    bulk.insert(agreements)
    bulk.insert(judgements)
    return Counter({"Consent": len(consents), "ContactAgreement": len(agreements),
                    "StabilityJudgement": len(judgements)})
