"""The worklist (issue 4, item 8): what the care rules block in the worker's families, and
why, with a link to where it is resolved. A fixed number of queries: the open forms of help
of the families in the worker's scope, then the facts the rules need (bloem.consent.checks)."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from bloem.accounts.models import Worker
from bloem.catalogue.models import HelpForm, HelpFormStatus
from bloem.catalogue.selectors import petals
from bloem.consent import checks
from bloem.core.links import link
from bloem.families.models import Family, Person, PhaseDecision, Stay
from bloem.rules import Finding, evaluate
from bloem.rules.facts import KeepPhase


class Kind:
    CONSENT = "consent"
    STABILITY = "stability"
    QUALIFICATION = "qualification"
    CONTACT = "contact"
    PHASE = "phase"
    PHASE_REVIEW = "phase_review"


KIND_LABELS = {
    Kind.CONSENT: _("Missing consent"),
    Kind.STABILITY: _("Missing stability judgement"),
    Kind.QUALIFICATION: _("Unqualified assignment"),
    Kind.CONTACT: _("Contact with the ex-partner"),
    Kind.PHASE: _("Warning to acknowledge"),
    Kind.PHASE_REVIEW: _("Phase decision overdue"),
}


def _kind(finding: Finding) -> str:
    prefix = finding.rule_id.split(".", 1)[0]
    return {"consent": Kind.CONSENT, "trauma": Kind.STABILITY,
            "qualification": Kind.QUALIFICATION, "contact": Kind.CONTACT,
            }.get(prefix, Kind.PHASE)


@dataclass
class Item:
    family: Family
    help_form: HelpForm | None  # None for an item about the family's stay
    kind: str
    message: str
    unblock: str
    rule_id: str
    url: str
    subject: str = ""  # what it is about: the help, or the family's phase
    person: str = ""

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


def _resolve_url(kind: str, help_form: HelpForm) -> str:
    family_id, person_id = help_form.family_id, help_form.person_id
    if kind == Kind.CONSENT:
        return link("families:person", person_id) + "#consent-heading"
    if kind == Kind.STABILITY:
        return link("consent:stability", family_id) + f"?persoon={person_id}"
    if kind == Kind.CONTACT:
        return link("consent:agreement", family_id)
    return link("catalogue:helpform_activate", help_form.pk)


# Families checked per page: the rules run in Python over every open form of help of the
# page's families, so a team manager with a whole location pages through them. 25, as on
# My families: at 200 families the page took seconds in the benchmark, at 50 still about
# twice the 50 ms the issue asks (bench/, issue 12).
FAMILIES_PER_PAGE = 25


def families_to_check(user) -> QuerySet[Family]:
    """The families in the worker's scope that have a proposed, active or paused form of
    help or an open stay, in a stable order (one query; a paginator counts them)."""
    # EXISTS per family, not IN (every open form of help): the cost follows the worker's
    # families, not the size of the database.
    return (Family.objects.visible_to(user)
            .filter(Exists(HelpForm.objects.open().filter(family=OuterRef("pk")))
                    | Exists(Stay.objects.filter(family=OuterRef("pk"), ended_on__isnull=True)))
            .order_by("name", "reference", "pk"))


def _phase_items(families: dict[int, Family], today: datetime.date, review_days: int,
                 language: str) -> list[Item]:
    """Open stays whose last phase decision is older than the review period (one query;
    none when the organisation set no period)."""
    if review_days <= 0:
        return []
    items = []
    # The last decision by a subquery, not a GROUP BY over every column of the stay.
    last_decision = (PhaseDecision.objects.filter(stay=OuterRef("pk"))
                     .order_by("-decided_on").values("decided_on")[:1])
    stays = (Stay.objects.filter(family_id__in=list(families), ended_on__isnull=True)
             .only("family_id", "phase", "started_on")
             .annotate(last_decision=Subquery(last_decision)))
    for stay in stays:
        verdict = evaluate(KeepPhase(phase=stay.phase, day=today, review_days=review_days,
                                     decided_on=stay.last_decision or stay.started_on))
        items.extend(
            Item(family=families[stay.family_id], help_form=None, kind=Kind.PHASE_REVIEW,
                 message=f.message(language), unblock=f.resolution(language),
                 rule_id=f.rule_id, url=link("families:phase_decide", stay.family_id),
                 subject=stay.get_phase_display())
            for f in verdict.findings)
    return items


# What the worklist never shows of a form of help and its person: their timestamps, and
# the person's contact details (decrypted for nothing otherwise).
UNSHOWN = ("created_at", "updated_at", "person__created_at", "person__updated_at",
           *(f"person__{name}" for name in Person.PROTECTED_FIELDS))


def open_help_forms(families: dict[int, Family]) -> list[HelpForm]:
    """The open forms of help of `families` (id → family), with what the rules need: the
    person by a join, the petal from the catalogue, the family from `families`, and the
    responsible workers and supervisors with their organisations in one more query. Not
    one join of eight tables: PostgreSQL took 3-5 ms to plan that (bench/, issue 12)."""
    help_forms = list(HelpForm.objects.open().filter(family_id__in=list(families))
                      .select_related("person").defer(*UNSHOWN))
    worker_ids = {h.responsible_id for h in help_forms} | {
        h.supervisor_id for h in help_forms if h.supervisor_id}
    workers = (Worker.objects.select_related("organisation")
               .only(*checks.RULES_WORKER_FIELDS).in_bulk(worker_ids))
    catalogue = petals()
    for help_form in help_forms:
        help_form.family = families[help_form.family_id]
        help_form.petal = catalogue[help_form.petal_id]
        help_form.responsible = workers[help_form.responsible_id]
        help_form.supervisor = workers.get(help_form.supervisor_id)
    return sorted(help_forms, key=lambda h: (h.family.name, h.family.reference,
                                             h.person.first_name, h.pk))


def worklist(*, families: dict[int, Family], today: datetime.date, review_days: int = 0
             ) -> list[Item]:
    """Every reason the care rules block an open form of help in the worker's families:
    help that is running or waiting without complete consent, trauma treatment without a
    stability judgement, work given to someone without the qualification, contact with the
    ex-partner that is not agreed or not safe; for help still to start, the warnings the
    worker will have to acknowledge; and phase decisions past the organisation's review
    period. `families`: id → family, of the worklist's page."""
    help_forms = open_help_forms(families)
    language = checks.language()
    items = _phase_items(families, today, review_days, language)
    for index, verdict in checks.verdicts(help_forms, today=today).items():
        help_form = help_forms[index]
        findings = list(verdict.blocking)
        if help_form.status != HelpFormStatus.ACTIVE:
            findings += verdict.warnings
        for finding in findings:
            kind = _kind(finding)
            items.append(Item(family=help_form.family, help_form=help_form, kind=kind,
                              message=finding.message(language),
                              unblock=finding.resolution(language), rule_id=finding.rule_id,
                              url=_resolve_url(kind, help_form),
                              subject=f"{help_form.petal.label} "
                                      f"({help_form.get_status_display().lower()})",
                              person=help_form.person.first_name))
    return sorted(items, key=lambda i: (i.family.name, i.family.reference, i.family.pk))
