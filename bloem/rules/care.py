"""The method's rules of care (shared/docs/method.md): contact with the ex-partner (M-02),
the chain phases (M-10), programme ages (M-28), the order of trauma treatment (M-32) and
who may deliver what (M-37)."""

from dataclasses import dataclass

from .engine import Finding, Rule, Severity, Text, check, finding, register
from .facts import (
    AssignWork,
    ContactAgreement,
    ContactExPartner,
    EnrolProgramme,
    KeepPhase,
    StabilityJudgement,
    StartHelp,
    StartTraumaTreatment,
    Worker,
    age_on,
)

# -- contact with the ex-partner (M-02) ------------------------------------------------------

CONTACT = "contact.ex-partner"
# The petals whose help brings the family into contact with the (ex-)partner.
CONTACT_PETALS = frozenset({"supervised-contact", "separation-contact", "relationship-therapy"})

register(Rule(
    id=CONTACT,
    title=Text(nl="Contact met de ex-partner: alleen met instemming en als het veilig is",
               en="Contact with the ex-partner: only when agreed and safe"),
    explanation=Text(
        nl="Contact met de (ex-)partner gebeurt alleen als de cliënte ermee heeft ingestemd "
           "(vastgelegd) en het huidige veiligheidsniveau niet rood is. Veiligheid maak je "
           "samen. Dit geldt ook voor hulp die contact met hem meebrengt: begeleide omgang, "
           "hulp bij scheiding en omgang, relatietherapie.",
        en="Contact with the (ex-)partner happens only with the client's recorded agreement "
           "and when the current safety level is not red. Safety is made together. This "
           "also holds for help that brings contact with him: supervised contact, help with "
           "separation and contact, relationship therapy."),
    source="Method M-02 (Oranje Huis: Veiligheid maak je samen), M-11",
    applies_to=(ContactExPartner, StartHelp),
    messages={
        "no_agreement": Text(
            nl="De cliënte heeft niet (of niet meer) ingestemd met contact met de ex-partner.",
            en="The client has not agreed (or no longer agrees) to contact with the "
               "ex-partner."),
        "record_agreement": Text(
            nl="Bespreek het met de cliënte en leg haar instemming vast.",
            en="Discuss it with the client and record her agreement."),
        "red": Text(nl="Het veiligheidsniveau is rood.", en="The safety level is red."),
        "reassess": Text(
            nl="Eerst een nieuwe veiligheidstaxatie die niet rood is.",
            en="First a new safety assessment that is not red."),
        "no_level": Text(nl="Er is geen huidig veiligheidsniveau vastgelegd.",
                         en="No current safety level is recorded."),
        "assess": Text(nl="Leg een veiligheidstaxatie vast.",
                       en="Record a safety assessment."),
    },
))


def contact_findings(day, safety_level: str | None,
                     agreements: tuple[ContactAgreement, ...]) -> list[Finding]:
    findings = []
    if not any(a.in_force_on(day) for a in agreements):
        findings.append(finding(CONTACT, "no_agreement", unblock="record_agreement"))
    if safety_level is None:
        findings.append(finding(CONTACT, "no_level", unblock="assess"))
    elif safety_level == "red":
        findings.append(finding(CONTACT, "red", unblock="reassess"))
    return findings


@check(ContactExPartner)
def contact_ex_partner(action: ContactExPartner) -> list[Finding]:
    return contact_findings(action.day, action.safety_level, action.agreements)


@check(StartHelp)
def contact_help(action: StartHelp) -> list[Finding]:
    if action.petal not in CONTACT_PETALS:
        return []
    return contact_findings(action.day, action.safety_level, action.contact_agreements)


# -- chain phases (M-10) ---------------------------------------------------------------------

PHASE = "phase.recovery-before-safety"
# Recovery-oriented care (method.md, the care chain): group programmes, attachment work,
# trauma treatment. (Tijd voor Toontje / Veerkracht is left out: Veerkracht is the
# shelter's method for children from the first day.)
RECOVERY_PETALS = frozenset({"nika", "child-trauma-treatment", "parent-trauma-treatment"})

register(Rule(
    id=PHASE,
    title=Text(nl="Herstelgerichte hulp in de fase directe veiligheid",
               en="Recovery-oriented help in the direct-safety phase"),
    explanation=Text(
        nl="De keten werkt eerst aan veiligheid, dan aan risicogestuurde zorg, dan aan "
           "herstel. Herstelgerichte hulp (hechting, traumabehandeling) starten terwijl het "
           "gezin nog in de fase directe veiligheid is, mag, maar de medewerker bevestigt "
           "de waarschuwing bewust.",
        en="The chain works on safety first, then on risk-driven care, then on recovery. "
           "Starting recovery-oriented help (attachment work, trauma treatment) while the "
           "family is still in the direct-safety phase is allowed, but the worker must "
           "acknowledge the warning."),
    source="Method M-10 (Van Arum & Vogtländer 2016, the care chain)",
    applies_to=(StartHelp,),
    messages={
        "early": Text(nl="Het gezin is nog in de fase directe veiligheid; {petal} is "
                         "herstelgerichte hulp.",
                      en="The family is still in the direct-safety phase; {petal} is "
                         "recovery-oriented help."),
        "acknowledge": Text(nl="Bevestig de waarschuwing, of neem eerst een fasebesluit.",
                            en="Acknowledge the warning, or first record a phase decision."),
    },
))


@check(StartHelp)
def recovery_phase(action: StartHelp) -> list[Finding]:
    if action.petal in RECOVERY_PETALS and action.family_phase == "direct_safety":
        return [finding(PHASE, "early", severity=Severity.WARN, unblock="acknowledge",
                        petal=action.petal_name or action.petal)]
    return []


REVIEW = "phase.review-overdue"

register(Rule(
    id=REVIEW,
    title=Text(nl="Fasebesluit over tijd", en="Phase decision overdue"),
    explanation=Text(
        nl="De fase van een gezin is altijd zichtbaar en een fasewissel is een vastgelegd "
           "besluit. Heeft de organisatie een termijn voor het herzien van de fase "
           "ingesteld (BLOEM_PHASE_REVIEW_DAYS), dan komt een gezin waarvan het laatste "
           "fasebesluit ouder is dan die termijn op de werklijst. Zonder termijn niet.",
        en="A family's phase is always visible and moving phase is a recorded decision. "
           "When the organisation has set a review period for the phase "
           "(BLOEM_PHASE_REVIEW_DAYS), a family whose last phase decision is older than "
           "that period appears on the worklist. Without a period it does not."),
    source="Method M-10; the review period is the organisation's own agreement",
    applies_to=(KeepPhase,),
    messages={
        "overdue": Text(nl="Het laatste fasebesluit is van {decided_on} ({days} dagen "
                           "geleden; termijn {review_days} dagen).",
                        en="The last phase decision dates from {decided_on} ({days} days "
                           "ago; review period {review_days} days)."),
        "decide": Text(nl="Neem een fasebesluit (dezelfde of een volgende fase).",
                       en="Record a phase decision (the same or the next phase)."),
    },
))


@check(KeepPhase)
def phase_review(action: KeepPhase) -> list[Finding]:
    days = (action.day - action.decided_on).days
    if action.review_days <= 0 or days <= action.review_days:
        return []
    return [finding(REVIEW, "overdue", severity=Severity.WARN, unblock="decide",
                    decided_on=action.decided_on.isoformat(), days=days,
                    review_days=action.review_days)]


# -- programme ages (M-28) -------------------------------------------------------------------

PROGRAMME_AGE = "programme.age"


@dataclass(frozen=True)
class Programme:
    name: str
    min_age: int
    max_age: int  # inclusive: the age on the programme's start date


PROGRAMMES = {
    "tijd-voor-toontje": Programme("Tijd voor Toontje", 0, 10),
    "en-nu-ik": Programme("En nu ik..!", 7, 11),
    "kan-iemand-mij-horen": Programme("Kan iemand mij horen?", 12, 15),
}

register(Rule(
    id=PROGRAMME_AGE,
    title=Text(nl="Leeftijden van de groepsprogramma's",
               en="Ages of the group programmes"),
    explanation=Text(
        nl="Tijd voor Toontje is voor kinderen van 0 tot en met 10 jaar (met de "
           "moeder-kindgroep voor de jongsten), En nu ik..! voor 7 tot en met 11, Kan iemand "
           "mij horen? voor 12 tot en met 15. De leeftijd telt op de startdatum van het "
           "programma. Een uitzondering kan, met een reden, en blijft zichtbaar.",
        en="Tijd voor Toontje is for children aged 0 to 10 (with the mother–child group for "
           "the youngest), En nu ik..! for 7 to 11, Kan iemand mij horen? for 12 to 15. The "
           "age counts on the programme's start date. An exception is possible, with a "
           "reason, and stays visible."),
    source="Method M-28 (the publication's group programmes)",
    applies_to=(EnrolProgramme,),
    messages={
        "outside": Text(nl="{child} is {age} jaar op de startdatum; {programme} is voor "
                           "{min_age} tot en met {max_age} jaar.",
                        en="{child} is {age} on the start date; {programme} is for ages "
                           "{min_age} to {max_age}."),
        "give_reason": Text(nl="Een uitzondering kan alleen met een reden.",
                            en="An exception needs a reason."),
        "exception": Text(nl="Uitzondering op de leeftijd van {programme}: {reason}",
                          en="Exception to the age of {programme}: {reason}"),
        "unknown": Text(nl="De geboortedatum van {child} is niet bekend.",
                        en="The date of birth of {child} is not known."),
        "record_birth": Text(nl="Leg de geboortedatum vast.",
                             en="Record the date of birth."),
    },
))


@check(EnrolProgramme)
def programme_age(action: EnrolProgramme) -> list[Finding]:
    programme = PROGRAMMES[action.programme]
    if action.date_of_birth is None:
        return [finding(PROGRAMME_AGE, "unknown", unblock="record_birth",
                        child=action.child_name)]
    age = age_on(action.date_of_birth, action.starts_on)
    if programme.min_age <= age <= programme.max_age:
        return []
    reason = action.exception_reason.strip()
    if reason:
        return [finding(PROGRAMME_AGE, "exception", severity=Severity.NOTE,
                        programme=programme.name, reason=reason)]
    return [finding(PROGRAMME_AGE, "outside", unblock="give_reason", child=action.child_name,
                    age=age, programme=programme.name, min_age=programme.min_age,
                    max_age=programme.max_age)]


# -- who may deliver what (M-37) -------------------------------------------------------------


@dataclass(frozen=True)
class Work:
    name: "Text"
    accepted: tuple[str, ...]  # qualification kinds, any of which will do
    # Kinds for which a worker in training may do the work, under a named supervisor who
    # holds that qualification (not in training).
    training: tuple[str, ...] = ()

    @property
    def training_allowed(self) -> bool:
        return bool(self.training)


WORK = {
    "nika": Work(Text(nl="NIKA-diagnostiek en -behandeling",
                      en="NIKA diagnostics and treatment"), ("nika",), training=("nika",)),
    "emdr": Work(Text(nl="EMDR", en="EMDR"), ("emdr",)),
    "nika-parent-counselling": Work(Text(nl="NIKA-ouderbegeleiding",
                                         en="NIKA parent counselling"), ("nika_counselling",)),
    "diagnostics": Work(Text(nl="diagnostiek", en="diagnostics"), ("diagnostics",)),
    # The child's trauma treatment is EMDR, trauma-focused CBT or narrative exposure
    # therapy (M-34): a practitioner of one of them.
    "child-trauma-treatment": Work(Text(nl="traumabehandeling van het kind",
                                        en="trauma treatment of the child"),
                                   ("emdr", "tf_cbt", "net")),
    # The NIKA petal of the flower is the whole trajectory (M-33): diagnostics and
    # treatment by a NIKA practitioner, then parent counselling by a NIKA counsellor. Its
    # responsible worker is one of them; the single steps are the works above.
    "nika-trajectory": Work(Text(nl="NIKA (hechting): behandeling of ouderbegeleiding",
                                 en="NIKA (attachment): treatment or parent counselling"),
                            ("nika", "nika_counselling"), training=("nika",)),
}
# The work a form of help from these petals is.
PETAL_WORK = {"nika": "nika-trajectory", "child-trauma-treatment": "child-trauma-treatment"}
QUALIFICATION = "qualification.required"
QUALIFICATION_NAMES = {
    "diagnostics": Text(nl="post-master met diagnostiekbevoegdheid",
                        en="post-master with diagnostics qualification"),
    "emdr": Text(nl="EMDR-practitioner", en="EMDR practitioner"),
    "nika": Text(nl="NIKA-behandelaar", en="NIKA practitioner"),
    "nika_counselling": Text(nl="NIKA-ouderbegeleider", en="NIKA parent counsellor"),
    "tf_cbt": Text(nl="TF-CGT", en="trauma-focused CBT"),
    "net": Text(nl="NET", en="narrative exposure therapy"),
}

register(Rule(
    id=QUALIFICATION,
    title=Text(nl="Wie mag wat doen: bevoegdheden", en="Who may deliver what: qualifications"),
    explanation=Text(
        nl="NIKA-diagnostiek en -behandeling door een NIKA-behandelaar, of iemand in "
           "opleiding onder een genoemde, bevoegde supervisor; EMDR door een "
           "EMDR-practitioner; NIKA-ouderbegeleiding door een opgeleide ouderbegeleider; "
           "diagnostiek door een post-master met diagnostiekbevoegdheid; traumabehandeling "
           "van een kind door een practitioner van EMDR, TF-CGT of NET; de NIKA-hulpvorm (het "
           "hele traject) door een NIKA-behandelaar of een NIKA-ouderbegeleider. Werk "
           "toewijzen aan iemand zonder die bevoegdheid kan niet.",
        en="NIKA diagnostics and treatment by a NIKA practitioner, or one in training under "
           "a named, qualified supervisor; EMDR by an EMDR practitioner; NIKA parent "
           "counselling by a trained counsellor; diagnostics by a post-master worker with "
           "the diagnostics qualification; a child's trauma treatment by a practitioner of "
           "EMDR, TF-CBT or NET. Assigning work to someone without the qualification is "
           "blocked."),
    source="Method M-05, M-33, M-34, M-37",
    applies_to=(AssignWork, StartHelp),
    messages={
        "unqualified": Text(nl="{worker} heeft geen bevoegdheid voor {work} (nodig: "
                               "{needed}).",
                            en="{worker} is not qualified for {work} (needed: {needed})."),
        "assign_qualified": Text(nl="Wijs het werk toe aan iemand met die bevoegdheid.",
                                 en="Assign the work to someone with that qualification."),
        "no_supervisor": Text(nl="{worker} is in opleiding voor {work}; er is geen bevoegde "
                                 "supervisor genoemd.",
                              en="{worker} is in training for {work}; no qualified "
                                 "supervisor is named."),
        "name_supervisor": Text(nl="Noem een supervisor die zelf bevoegd is.",
                                en="Name a supervisor who is qualified."),
        "no_worker": Text(nl="Er is niemand aangewezen voor {work}.",
                          en="Nobody is assigned to {work}."),
        "assign": Text(nl="Wijs een bevoegde medewerker aan.",
                       en="Assign a qualified worker."),
    },
))


def qualification_findings(work_key: str, worker: Worker | None,
                           supervisor: Worker | None) -> list[Finding]:
    work = WORK[work_key]
    if worker is None:
        return [finding(QUALIFICATION, "no_worker", unblock="assign", work=work.name)]
    if any(worker.holds(kind) for kind in work.accepted):
        return []
    if any(worker.training_for(kind) for kind in work.training):
        if supervisor is not None and supervisor.id != worker.id and any(
                supervisor.holds(kind) for kind in work.training):
            return []
        return [finding(QUALIFICATION, "no_supervisor", unblock="name_supervisor",
                        worker=worker.name, work=work.name)]
    needed = Text(nl=" / ".join(QUALIFICATION_NAMES[k]("nl") for k in work.accepted),
                  en=" / ".join(QUALIFICATION_NAMES[k]("en") for k in work.accepted))
    return [finding(QUALIFICATION, "unqualified", unblock="assign_qualified",
                    worker=worker.name, work=work.name, needed=needed)]


@check(AssignWork)
def assign_work(action: AssignWork) -> list[Finding]:
    return qualification_findings(action.work, action.worker, action.supervisor)


@check(StartHelp)
def help_qualification(action: StartHelp) -> list[Finding]:
    if action.petal not in PETAL_WORK:
        return []
    return qualification_findings(PETAL_WORK[action.petal], action.responsible,
                                  action.supervisor)


# -- the order of trauma treatment (M-32) ----------------------------------------------------

TRAUMA_ORDER = "trauma.after-stability"
TRAUMA_PETALS = frozenset({"child-trauma-treatment"})
# Who may judge the parent–child relationship: a youth-care worker with the diagnostics
# qualification or a (fully qualified) NIKA practitioner — the workers who do NIKA
# diagnostics (M-33, M-37).
JUDGE_QUALIFICATIONS = ("diagnostics", "nika")

register(Rule(
    id=TRAUMA_ORDER,
    title=Text(nl="Traumabehandeling van een kind pas na een stabiele ouder-kindrelatie",
               en="A child's trauma treatment only after a stable parent–child relationship"),
    explanation=Text(
        nl="Traumabehandeling van een kind begint pas als is vastgelegd dat de "
           "ouder-kindrelatie voldoende stabiel en veilig is (bijvoorbeeld na "
           "NIKA-diagnostiek), geoordeeld door een bevoegde jeugdhulpverlener (post-master "
           "met diagnostiekbevoegdheid of NIKA-behandelaar). Het laatste oordeel telt.",
        en="Trauma treatment of a child starts only after a recorded judgement that the "
           "parent–child relationship is sufficiently stable and safe (for example after "
           "NIKA diagnostics), made by a qualified youth-care worker (post-master with the "
           "diagnostics qualification or NIKA practitioner). The latest judgement counts."),
    source="Method M-32, M-33",
    applies_to=(StartHelp, StartTraumaTreatment),
    messages={
        "no_judgement": Text(
            nl="Er is geen oordeel vastgelegd dat de ouder-kindrelatie voldoende stabiel "
               "en veilig is.",
            en="No judgement is recorded that the parent–child relationship is "
               "sufficiently stable and safe."),
        "not_sufficient": Text(
            nl="Het laatste oordeel ({day}) is dat de ouder-kindrelatie nog niet voldoende "
               "stabiel en veilig is.",
            en="The latest judgement ({day}) is that the parent–child relationship is not "
               "yet sufficiently stable and safe."),
        "judge_unqualified": Text(
            nl="Het oordeel is gegeven door {judge}, die geen bevoegde jeugdhulpverlener is.",
            en="The judgement was made by {judge}, who is not a qualified youth-care "
               "worker."),
        "judge": Text(
            nl="Laat een bevoegde jeugdhulpverlener de ouder-kindrelatie beoordelen "
               "(bijvoorbeeld na NIKA-diagnostiek) en leg het oordeel vast.",
            en="Have a qualified youth-care worker judge the parent–child relationship "
               "(for example after NIKA diagnostics) and record the judgement."),
    },
))


def qualified_judge(worker: Worker) -> bool:
    return worker.organisation_kind == "youth_care" and any(
        worker.holds(kind) for kind in JUDGE_QUALIFICATIONS)


def trauma_findings(day, judgements: tuple[StabilityJudgement, ...]) -> list[Finding]:
    made = sorted((j for j in judgements if j.judged_on <= day), key=lambda j: j.judged_on)
    if not made:
        return [finding(TRAUMA_ORDER, "no_judgement", unblock="judge")]
    latest = made[-1]
    if not latest.sufficient:
        return [finding(TRAUMA_ORDER, "not_sufficient", unblock="judge",
                        day=latest.judged_on.isoformat())]
    if not qualified_judge(latest.judged_by):
        return [finding(TRAUMA_ORDER, "judge_unqualified", unblock="judge",
                        judge=latest.judged_by.name)]
    return []


@check(StartTraumaTreatment)
def trauma_treatment(action: StartTraumaTreatment) -> list[Finding]:
    return trauma_findings(action.day, action.stability_judgements)


@check(StartHelp)
def trauma_help(action: StartHelp) -> list[Finding]:
    if action.petal not in TRAUMA_PETALS:
        return []
    return trauma_findings(action.day, action.stability_judgements)
