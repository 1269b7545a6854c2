"""The bridge between the database and the care-rule engine: facts are gathered here, in a
fixed number of queries for any number of forms of help, and every caller — the start and
resume of a form of help (UI and API), the consent panel, the consent-status API and the
worklist — asks the engine through these functions. Nothing here decides a rule."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import translation

from bloem.accounts.models import Qualification, Worker
from bloem.catalogue.models import HelpForm
from bloem.families.models import FamilyRole, ParentChildRelation, RelationKind, Stay
from bloem.rules import Verdict, consent_status, evaluate
from bloem.rules import facts as f
from bloem.rules.consent import ConsentStatus, consent_findings

from .models import Consent, ConsentDecision, ContactAgreement, StabilityJudgement

ADULT_AGE = 18
__all__ = ["RulesRefusedError", "check_start", "consent_findings", "consent_statuses",
           "contact_agreement_periods", "language", "verdicts"]


def language() -> str:
    return (translation.get_language() or "nl")[:2]


class RulesRefusedError(ValidationError):
    """The care rules block the action, or warn and the worker has not acknowledged the
    warning. Carries the verdict; its messages are the reasons in the active language."""

    def __init__(self, verdict: Verdict):
        lang = language()
        findings = verdict.blocking or verdict.unacknowledged
        messages = []
        for finding in findings:
            text = finding.message(lang)
            resolution = finding.resolution(lang)
            messages.append(f"{text} {resolution}".strip())
        super().__init__(messages, code="rules")
        self.verdict = verdict

    def as_dict(self) -> dict:
        lang = language()
        findings = self.verdict.blocking or self.verdict.unacknowledged
        return {
            "detail": " ".join(self.messages),
            "outcome": str(self.verdict.outcome),
            "reasons": [finding.as_dict(lang) for finding in findings],
        }


def is_minor(person, day: datetime.date) -> bool:
    """Whether the consent rules for minors apply: a child of the family under 18 (or
    without a date of birth, which the rules then ask for), or any member under 18."""
    age = person.age_on(day)
    if age is None:
        return person.family_role == FamilyRole.CHILD
    return age < ADULT_AGE


# What the rules read of a worker (`_worker`): the name, the organisation's kind. Reads of
# workers for the rules ask only these (no password hash or other account columns).
RULES_WORKER_FIELDS = (*Worker.NAME_FIELDS, "organisation__kind")


def _worker(worker, qualifications) -> f.Worker | None:
    if worker is None:
        return None
    return f.Worker(
        id=worker.pk, name=str(worker),
        organisation_kind=getattr(worker.organisation, "kind", None),
        qualifications=tuple(qualifications.get(worker.pk, ())),
    )


@dataclass
class _ConsentContext:
    """What the consent rules need about a set of forms of help, fetched once."""

    parents: dict[int, list[f.Parent]]
    consents: dict[tuple[int, str], list[f.Consent]]
    decisions: dict[tuple[int, str], list[f.ConsentDecision]]


@dataclass
class _Context(_ConsentContext):
    """Everything the rules need about a set of forms of help, fetched once."""

    judgements: dict[int, list[StabilityJudgement]]
    agreements: dict[int, list[tuple[bool, datetime.date]]]  # (agrees, decided on)
    stays: dict[int, tuple[str, str]]  # family → (phase, safety level) of the open stay
    qualifications: dict[int, list[f.Qualification]]


def _consent_context(help_forms: list[HelpForm]) -> _ConsentContext:
    """The consent facts of these forms of help, as plain values: three queries."""
    child_ids = {h.person_id for h in help_forms}
    petal_ids = {h.petal_id for h in help_forms}
    parents: dict[int, list[f.Parent]] = defaultdict(list)
    for child_id, parent_id, first, last, authority, kind in (
            ParentChildRelation.objects.filter(child_id__in=child_ids).order_by("pk")
            .values_list("child_id", "parent_id", "parent__first_name", "parent__last_name",
                         "has_authority", "kind")):
        parents[child_id].append(f.Parent(
            id=parent_id, name=f"{first} {last}", has_authority=authority,
            is_guardian=kind == RelationKind.GUARDIAN and authority,
        ))
    consents: dict[tuple[int, str], list[f.Consent]] = defaultdict(list)
    for child_id, petal_id, given_by, given_on, basis, withdrawn_on in (
            Consent.objects.filter(child_id__in=child_ids, petal_id__in=petal_ids)
            .values_list("child_id", "petal_id", "given_by_id", "given_on", "basis",
                         "withdrawn_on")):
        consents[(child_id, petal_id)].append(
            f.Consent(given_by, given_on, f.ConsentBasis(basis), withdrawn_on))
    decisions: dict[tuple[int, str], list[f.ConsentDecision]] = defaultdict(list)
    for child_id, petal_id, kind, decided_on in (
            ConsentDecision.objects.filter(child_id__in=child_ids, petal_id__in=petal_ids)
            .values_list("child_id", "petal_id", "kind", "decided_on")):
        decisions[(child_id, petal_id)].append(
            f.ConsentDecision(f.ConsentDecisionKind(kind), decided_on))
    return _ConsentContext(parents, consents, decisions)


def _context(help_forms: list[HelpForm]) -> _Context:
    """All facts of these forms of help, read as plain values where there are many rows
    (no model objects, no timestamps decoded): a fixed number of queries."""
    consent = _consent_context(help_forms)
    child_ids = {h.person_id for h in help_forms}
    family_ids = {h.family_id for h in help_forms}
    judgements: dict[int, list[StabilityJudgement]] = defaultdict(list)
    # Oldest first: of two judgements on one day the rules read the one recorded last.
    for j in (StabilityJudgement.objects.filter(child_id__in=child_ids)
              .select_related("judged_by__organisation")
              .only("child_id", "judged_on", "sufficient",
                    *(f"judged_by__{name}" for name in RULES_WORKER_FIELDS))
              .order_by("judged_on", "pk")):
        judgements[j.child_id].append(j)
    agreements = _agreements(family_ids)
    stays = {family_id: (phase, level) for family_id, phase, level in (
        Stay.objects.filter(family_id__in=family_ids, ended_on__isnull=True)
        .values_list("family_id", "phase", "safety_level"))}
    worker_ids = {h.responsible_id for h in help_forms} | {
        h.supervisor_id for h in help_forms if h.supervisor_id} | {
        j.judged_by_id for js in judgements.values() for j in js}
    qualifications: dict[int, list[f.Qualification]] = defaultdict(list)
    for worker_id, kind, in_training in Qualification.objects.filter(
            worker_id__in=worker_ids).values_list("worker_id", "kind", "in_training"):
        qualifications[worker_id].append(f.Qualification(kind, in_training))
    return _Context(consent.parents, consent.consents, consent.decisions, judgements,
                    agreements, stays, qualifications)


def _agreement_periods(rows: list[tuple[bool, datetime.date]]
                       ) -> tuple[f.ContactAgreement, ...]:
    """The client's agreements (agrees, decided on) as periods: from an agreement to the
    next refusal."""
    periods: list[f.ContactAgreement] = []
    start = None
    for agrees, decided_on in rows:
        if agrees and start is None:
            start = decided_on
        elif not agrees and start is not None:
            periods.append(f.ContactAgreement(start, max(decided_on, start)))
            start = None
    if start is not None:
        periods.append(f.ContactAgreement(start))
    return tuple(periods)


def _agreements(family_ids) -> dict[int, list[tuple[bool, datetime.date]]]:
    """Per family, the client's recorded (agrees, decided on), oldest first (one query)."""
    agreements: dict[int, list[tuple[bool, datetime.date]]] = defaultdict(list)
    for family_id, agrees, decided_on in (
            ContactAgreement.objects.filter(family_id__in=family_ids)
            .order_by("decided_on", "pk").values_list("family_id", "agrees", "decided_on")):
        agreements[family_id].append((agrees, decided_on))
    return agreements


def contact_agreement_periods(family_id: int) -> tuple[f.ContactAgreement, ...]:
    """The periods in which the client agreed to contact with the ex-partner, in this
    family (one query)."""
    return _agreement_periods(_agreements([family_id])[family_id])


def consent_facts(help_form: HelpForm, day: datetime.date, ctx: _ConsentContext
                  ) -> f.ConsentFacts:
    person = help_form.person
    key = (person.pk, help_form.petal_id)
    return f.ConsentFacts(
        child_id=person.pk, child_name=person.full_name, date_of_birth=person.date_of_birth,
        day=day, parents=tuple(ctx.parents.get(person.pk, ())),
        consents=tuple(ctx.consents.get(key, ())), decisions=tuple(ctx.decisions.get(key, ())),
    )


def _start_help(help_form: HelpForm, day: datetime.date, ctx: _Context,
                acknowledged: frozenset[str]) -> f.StartHelp:
    stay = ctx.stays.get(help_form.family_id)
    quals = ctx.qualifications
    return f.StartHelp(
        petal=help_form.petal_id, petal_name=help_form.petal.label, day=day,
        consent=(consent_facts(help_form, day, ctx)
                 if is_minor(help_form.person, day) else None),
        responsible=_worker(help_form.responsible, quals),
        supervisor=_worker(help_form.supervisor, quals) if help_form.supervisor_id else None,
        family_phase=stay[0] if stay else None,
        safety_level=stay[1] if stay else None,
        contact_agreements=_agreement_periods(ctx.agreements.get(help_form.family_id, [])),
        stability_judgements=tuple(
            f.StabilityJudgement(j.judged_on, j.sufficient, _worker(j.judged_by, quals))
            for j in ctx.judgements.get(help_form.person_id, [])),
        acknowledged=acknowledged,
    )


def start_day(help_form: HelpForm, today: datetime.date) -> datetime.date:
    """The day the rules judge: the start date, or today for help that runs already (or
    is resumed): consent is re-evaluated every day, e.g. on a 12th birthday."""
    return max(help_form.started_on, today) if help_form.started_on else today


def verdicts(help_forms: Iterable[HelpForm], *, today: datetime.date,
             acknowledged: frozenset[str] = frozenset()) -> dict[int, Verdict]:
    """The engine's verdict on starting (or continuing) each form of help, by position in
    the list. The forms come with person, petal, responsible (and its organisation) and
    supervisor loaded; a fixed number of queries whatever their number."""
    help_forms = list(help_forms)
    if not help_forms:
        return {}
    ctx = _context(help_forms)
    return {i: evaluate(_start_help(h, start_day(h, today), ctx, acknowledged))
            for i, h in enumerate(help_forms)}


def check_start(help_form: HelpForm, *, today: datetime.date, acknowledge: bool) -> Verdict:
    """Refuse (RulesRefusedError) to start or resume this form of help unless the rules allow
    it; a warning passes only when the worker acknowledged it. Returns the verdict."""
    verdict = verdicts([help_form], today=today)[0]
    if acknowledge:
        verdict = Verdict(verdict.findings, frozenset(w.rule_id for w in verdict.warnings))
    if not verdict.may_proceed:
        raise RulesRefusedError(verdict)
    return verdict


def consent_statuses(help_forms: Iterable[HelpForm], *, today: datetime.date
                     ) -> list[tuple[HelpForm, ConsentStatus | None]]:
    """Per form of help, who must consent and who did (None for help to an adult). Only
    the consent facts are read (three queries)."""
    help_forms = list(help_forms)
    if not help_forms:
        return []
    ctx = _consent_context(help_forms)
    result = []
    for h in help_forms:
        day = start_day(h, today)
        result.append((h, consent_status(consent_facts(h, day, ctx))
                       if is_minor(h.person, day) else None))
    return result
