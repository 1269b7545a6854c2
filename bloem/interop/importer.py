"""Importing a handover Bundle into this installation (issue 9, item 3): a family that moves
to a shelter of another organisation arrives with its file.

All or nothing. The Bundle is parsed and validated (bloem.interop.fhir), every code is
checked against this installation (petals, instruments, choices) and every record is
written inside one transaction; anything refused is listed in the report and nothing is
saved. The same run with `dry_run=True` is the preview: it does everything and rolls back,
so the preview says exactly what the import will do.

Where the new file has no field for a part of the package (the other shelter's stay, the
receiving party, the parts chosen per member, a practitioner's name), the Bundle itself is
kept, encrypted, with the family (interop.HandoverImport) and reads back into the package.
"""

import json
from dataclasses import asdict, dataclass, field

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from bloem.accounts.models import Location, Worker
from bloem.audit.models import Action, Channel
from bloem.audit.services import record as audit
from bloem.catalogue.models import HelpForm, HelpFormStatus, Petal
from bloem.consent.models import Consent, ConsentBasis, ConsentForm
from bloem.families.models import (
    Family,
    FamilyRole,
    Gender,
    JournalEntry,
    ParentChildRelation,
    Person,
    SafetyLevel,
)
from bloem.families.services import open_file
from bloem.outflow.package import HandoverPackage, Member
from bloem.planning.models import ActionPlan, Goal, GoalStatus
from bloem.safety.models import AgreementKind, PlanAgreement, SafetyPlan
from bloem.screening import engine
from bloem.screening.models import Informant, Moment, Response

from .fhir import BundleRefused, bundle_to_package, parse_bundle
from .models import HandoverImport, ImportStatus


@dataclass
class MemberLine:
    """What the import makes for one member, for the report."""

    name: str
    role: str
    born: str
    parents: int = 0
    scores: int = 0
    goals: int = 0
    continuing_help: int = 0
    consents: int = 0


@dataclass
class ImportReport:
    problems: list[str] = field(default_factory=list)
    file_number: str = ""
    organisation: str = ""
    members: list[MemberLine] = field(default_factory=list)
    safety_level: str = ""
    safety_agreements: int = 0
    summary: bool = False
    family_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "ImportReport":
        data = json.loads(text) if text else {}
        data["members"] = [MemberLine(**line) for line in data.get("members", [])]
        return cls(**data)

    def as_text(self) -> str:
        """The report for a terminal or a log of the command (no names in logs: the
        command prints it to its own output only)."""
        if self.problems:
            lines = [_("The handover was refused; nothing was saved:")]
            lines += [f"- {problem}" for problem in self.problems]
        else:
            lines = [_("Handover %(file)s of %(organisation)s:")
                     % {"file": self.file_number, "organisation": self.organisation}]
            lines += [f"- {m.name} ({m.role})" for m in self.members]
        return "\n".join(lines)


# Subscales are JSON numbers in screening.Response; totals are checked by their field.
SUBSCALE_LIMIT = 10**6


class _Refused(Exception):  # noqa: N818 - an internal signal to roll back
    pass


def import_bundle(json_text: str | bytes, *, location: Location, worker: Worker,
                  request: HttpRequest | None = None, dry_run: bool = False,
                  upload: HandoverImport | None = None) -> ImportReport:
    """Import a handover Bundle as a new family at `location`, with `worker` as its family
    worker. Returns the report; `report.family_id` is the new family unless refused or
    `dry_run`. `upload` is the row the Bundle was kept in (marked imported)."""
    report = ImportReport()
    try:
        package = bundle_to_package(parse_bundle(json_text))
    except BundleRefused as refused:
        report.problems = list(refused.problems)
        return report
    report.file_number, report.organisation = package.file_number, package.organisation
    checker = _Checker(package, location, worker)
    report.problems = checker.problems()
    _describe(report, package)
    if report.problems:
        return report
    try:
        with transaction.atomic():
            family = _Writer(package, location, worker, checker, report).write()
            audit(request=request, actor=worker, action=Action.CREATE, record=family,
                  channel=None if request else Channel.COMMAND,
                  reason=f"import of FHIR handover {package.file_number}")
            report.family_id = family.pk
            if upload is not None and not dry_run:
                HandoverImport.objects.filter(pk=upload.pk).update(
                    status=ImportStatus.IMPORTED, family=family, imported_at=timezone.now(),
                    report=report.as_json())
            elif upload is None and not dry_run:
                HandoverImport.objects.create(
                    uploaded_by=worker, location=location, bundle=_text(json_text),
                    status=ImportStatus.IMPORTED, family=family,
                    imported_at=timezone.now(), report=report.as_json())
            if dry_run:
                raise _Refused
    except _Refused:  # refused by a model's validation, or the preview's rollback
        report.family_id = None
    return report


def _text(json_text: str | bytes) -> str:
    return json_text.decode() if isinstance(json_text, bytes) else json_text


def _describe(report: ImportReport, package: HandoverPackage) -> None:
    roles = dict(FamilyRole.choices)
    report.members = [MemberLine(
        name=f"{m.first_name} {m.last_name}".strip(), role=str(roles.get(m.family_role, "?")),
        born=m.birth_date.isoformat() if m.birth_date else "", parents=len(m.parents),
        scores=len(m.scores), goals=len(m.goals), continuing_help=len(m.continuing_help),
        consents=len(m.consents)) for m in package.members]
    report.safety_level = str(dict(SafetyLevel.choices).get(package.safety_level, ""))
    report.safety_agreements = len(package.safety_agreements)
    report.summary = bool(package.summary)


def _where(member: Member) -> str:
    return _("Member %(key)s (%(name)s)") % {
        "key": member.key, "name": f"{member.first_name} {member.last_name}".strip()}


class _Checker:
    """Everything that would refuse the import, found before anything is written."""

    def __init__(self, package: HandoverPackage, location: Location, worker: Worker):
        self.package, self.location, self.worker = package, location, worker
        codes = {g.petal_code for m in package.members for g in m.goals if g.petal_code}
        codes |= {h.petal_code for m in package.members for h in m.continuing_help}
        codes |= {c.petal_code for m in package.members for c in m.consents}
        self.petals = Petal.objects.in_bulk(list(codes))
        self.unit = location.units.order_by("name").first()
        self.responsible: dict[str, Worker | None] = {}
        self.found: list[str] = []

    def problem(self, text: str) -> None:
        self.found.append(text)

    def problems(self) -> list[str]:
        p = self.package
        if self.unit is None:
            self.problem(_("The location %(location)s has no unit to stay in.")
                         % {"location": self.location})
        if p.safety_level and p.safety_level not in SafetyLevel.values:
            self.problem(_("Unknown safety level %(code)s.") % {"code": p.safety_level})
        if not p.members:
            self.problem(_("The handover has no family members."))
        keys = {m.key: m for m in p.members}
        for member in p.members:
            self.member(member, keys)
        return self.found

    def petal(self, code: str | None, where: str, required: bool = True) -> None:
        if not code:
            if required:
                self.problem(_("%(where)s: a petal code is missing.") % {"where": where})
        elif code not in self.petals:
            self.problem(_("%(where)s: unknown petal code %(code)s.")
                         % {"where": where, "code": code})

    def choice(self, value: str, choices, where: str, what: str) -> None:
        if value not in choices.values:
            self.problem(_("%(where)s: unknown %(what)s %(code)s.")
                         % {"where": where, "what": what, "code": value})

    def member(self, m: Member, keys: dict[str, Member]) -> None:
        where = _where(m)
        today = timezone.localdate()
        if not (m.first_name.strip() and m.last_name.strip()):
            self.problem(_("%(where)s: a member needs a first and a last name.")
                         % {"where": where})
        self.choice(m.family_role, FamilyRole, where, _("place in the family"))
        self.choice(m.gender, Gender, where, _("gender"))
        if m.family_role == FamilyRole.CHILD and m.birth_date is None:
            self.problem(_("%(where)s: a child needs a date of birth.") % {"where": where})
        if m.birth_date and m.birth_date > today:
            self.problem(_("%(where)s: the date of birth lies in the future.")
                         % {"where": where})
        for parent in m.parents:
            other = keys.get(parent.member)
            if other is None:
                self.problem(_("%(where)s: the parent %(key)s is not in the handover.")
                             % {"where": where, "key": parent.member})
            elif m.family_role != FamilyRole.CHILD or other.family_role not in (
                    FamilyRole.PARENT, FamilyRole.OTHER_PARENT, FamilyRole.NETWORK):
                self.problem(_("%(where)s: %(key)s cannot be a parent of this member.")
                             % {"where": where, "key": parent.member})
        for score in m.scores:
            if engine.get(score.instrument) is None:
                self.problem(_("%(where)s: unknown instrument %(code)s.")
                             % {"where": where, "code": score.instrument})
            self.choice(score.informant, Informant, where, _("informant"))
            self.choice(score.moment, Moment, where, _("measurement moment"))
            if any(abs(value) >= SUBSCALE_LIMIT for _name, value in score.subscales):
                self.problem(_("%(where)s: a subscale out of range.") % {"where": where})
            if score.administered_on > today:
                self.problem(_("%(where)s: a score dated in the future.") % {"where": where})
        if m.goals and self.worker.organisation_id is None:
            self.problem(_("You have no organisation to take on the goals."))
        for goal in m.goals:
            self.petal(goal.petal_code, where, required=False)
            self.choice(goal.status, GoalStatus, where, _("goal status"))
            if goal.review_on < goal.started_on:
                self.problem(_("%(where)s: a goal is reviewed before it starts.")
                             % {"where": where})
        for help_ in m.continuing_help:
            self.petal(help_.petal_code, where)
            if help_.petal_code in self.petals and self.responsible_for(
                    self.petals[help_.petal_code]) is None:
                self.problem(_("%(where)s: nobody at this location works for the provider "
                               "of %(petal)s.") % {"where": where, "petal": help_.petal_code})
        for consent in m.consents:
            self.petal(consent.petal_code, where)
            if m.family_role != FamilyRole.CHILD:
                self.problem(_("%(where)s: consent is recorded for a child only.")
                             % {"where": where})
            if consent.given_by not in keys:
                self.problem(_("%(where)s: a consent given by %(key)s, who is not in the "
                               "handover.") % {"where": where, "key": consent.given_by})
            self.choice(consent.basis, ConsentBasis, where, _("basis of consent"))
            self.choice(consent.form, ConsentForm, where, _("form of consent"))

    def responsible_for(self, petal: Petal) -> Worker | None:
        """Who is responsible for a proposed form of help: the importing worker when their
        organisation provides it, otherwise the first worker of such an organisation in a
        team at this location (the integral team)."""
        kind = petal.provider_kind
        if kind not in self.responsible:
            organisation = self.worker.organisation
            if organisation is not None and organisation.kind == kind:
                self.responsible[kind] = self.worker
            else:
                self.responsible[kind] = Worker.objects.filter(
                    is_active=True, organisation__kind=kind,
                    memberships__team__location=self.location).order_by("pk").first()
        return self.responsible[kind]


class _Writer:
    def __init__(self, package: HandoverPackage, location: Location, worker: Worker,
                 checker: _Checker, report: ImportReport):
        self.package, self.location, self.worker = package, location, worker
        self.checker, self.report = checker, report
        self.today = timezone.localdate()
        self.persons: dict[str, Person] = {}

    def save(self, obj, where: str):
        try:
            obj.full_clean()
        except ValidationError as error:
            self.report.problems.append(f"{where}: {_messages(obj, error)}")
            raise _Refused from None
        obj.save()
        return obj

    def write(self) -> Family:
        p, worker, today = self.package, self.worker, self.today
        family_where = _("The family")
        first = next((m for m in p.members if m.family_role == FamilyRole.PARENT),
                     p.members[0])
        level = p.safety_level or SafetyLevel.ORANGE
        shared = _("As assessed by %(organisation)s and shared in the handover.") % {
            "organisation": p.organisation or "?"}
        family = open_file(
            name=(first.last_name or first.first_name)[:100], municipality=None,
            location=self.location, unit=self.checker.unit, started_on=today,
            family_worker=worker, decided_by=worker, safety_level=level,
            safety_explanation=shared if p.safety_level else _(
                "Not shared in the handover: assess the safety at intake."),
            start_reason=_("Start of the stay (imported handover)."),
            assessed_on=p.safety_assessed_on or today,
            save=lambda obj: self.save(obj, family_where))
        if p.safety_agreements:
            plan = self.save(SafetyPlan(family=family), family_where)
            for agreement in p.safety_agreements:
                self.save(PlanAgreement(family=family, plan=plan, kind=AgreementKind.OTHER,
                                        text=agreement.text, agreed_on=agreement.agreed_on,
                                        recorded_by=worker), family_where)
        if p.summary:
            self.save(JournalEntry(family=family, author=worker, written_at=timezone.now(),
                                   text=p.summary), family_where)
        for member in p.members:
            self.persons[member.key] = self.save(Person(
                family=family, family_role=member.family_role, first_name=member.first_name,
                last_name=member.last_name, date_of_birth=member.birth_date,
                gender=member.gender), _where(member))
        plan = None
        for member in p.members:
            plan = self.member(family, member, plan)
        return family

    def member(self, family: Family, m: Member, plan: ActionPlan | None):
        where, person, worker = _where(m), self.persons[m.key], self.worker
        petals = self.checker.petals
        for parent in m.parents:
            self.save(ParentChildRelation(
                parent=self.persons[parent.member], child=person, has_authority=parent.authority,
                authority_note=_("Imported with the handover; the kind of relation was not "
                                 "shared.")), where)
        for score in m.scores:
            instrument = engine.get(score.instrument)
            self.save(Response(
                family=family, person=person, instrument=score.instrument,
                version=score.version or instrument.version, informant=score.informant,
                moment=score.moment, administered_on=score.administered_on, answers="{}",
                total=score.total, band=score.band, complete=False, entered_by=worker,
                subscales={name: _number(value) for name, value in score.subscales}), where)
        if m.goals and plan is None:
            plan = self.save(ActionPlan(family=family), where)
        for goal in m.goals:
            self.save(Goal(
                plan=plan, family=family, person=person,
                petal=petals.get(goal.petal_code) if goal.petal_code else None,
                description=goal.description, actions=goal.actions, responsible=worker,
                organisation_id=worker.organisation_id, started_on=goal.started_on,
                review_on=goal.review_on, status=goal.status), where)
        for help_ in m.continuing_help:
            petal = petals[help_.petal_code]
            self.save(HelpForm(
                family=family, person=person, petal=petal,
                responsible=self.checker.responsible_for(petal),
                started_on=help_.started_on or self.today, goal=help_.reason,
                status=HelpFormStatus.PROPOSED), where)
        for consent in m.consents:
            self.save(Consent(
                family=family, child=person, petal=petals[consent.petal_code],
                given_by=self.persons[consent.given_by], basis=consent.basis,
                scope=_("As recorded by %(organisation)s (imported with the handover).")
                % {"organisation": self.package.organisation or "?"},
                given_on=consent.given_on, form=consent.form,
                decision_reference=consent.decision_reference, recorded_by=worker,
                withdrawn_on=consent.withdrawn_on), where)
        return plan


def _messages(obj, error: ValidationError) -> str:
    """A model's validation errors with the labels of their fields."""
    parts = []
    for name, messages in error.message_dict.items():
        try:
            label = str(obj._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:  # NON_FIELD_ERRORS
            label = ""
        parts += [f"{label}: {m}" if label else m for m in messages]
    return " ".join(parts)


def _number(value) -> int | float:
    """A subscale as the screening engine stores it (a JSON number)."""
    return int(value) if value == int(value) else float(value)
