"""Reads of consent: the panel on a person's page and the consent-status API. The person
comes from an access-checked selector; a fixed number of queries whatever the data."""

import datetime
from dataclasses import dataclass, field

from bloem.catalogue.models import HelpForm
from bloem.families.models import FamilyRole, Person
from bloem.rules.consent import ROLE_TEXT, STATE_TEXT, ConsentStatus

from . import checks
from .models import (
    Consent,
    ConsentDecision,
    ContactAgreement,
    InformationShared,
    StabilityJudgement,
)


def open_help_forms(person: Person):
    """The person's proposed, active and paused forms of help, loaded for the consent
    rules (they read the person and the petal)."""
    return (HelpForm.objects.open().filter(person=person).select_related("person", "petal")
            .order_by("-started_on", "pk"))


def status_rows(person: Person, *, today: datetime.date, help_forms: list[HelpForm] | None = None
                ) -> list[tuple[HelpForm, ConsentStatus | None]]:
    """The consent status of each open form of help of `person`; `help_forms`: all her
    forms of help with person and petal, in open_help_forms' order, when the caller has
    them already (catalogue.selectors.help_forms_for_person)."""
    if help_forms is None:
        help_forms = open_help_forms(person)
    return checks.consent_statuses([h for h in help_forms if h.is_open], today=today)


def requirement_dict(requirement, language: str) -> dict:
    return {
        "person": requirement.person_id,
        "name": requirement.name,
        "role": str(requirement.role),
        "role_label": ROLE_TEXT[requirement.role](language),
        "state": str(requirement.state),
        "state_label": STATE_TEXT[requirement.state](language),
    }


def status_dict(help_form: HelpForm, status: ConsentStatus | None, language: str) -> dict:
    """One form of help's consent status as the API and the panel show it."""
    if status is None:
        return {"help_form": help_form.pk, "petal": help_form.petal_id,
                "petal_name": help_form.petal.label, "status": help_form.status,
                "status_label": help_form.get_status_display(), "complete": True,
                "rule": None, "required": [], "missing": [], "informed": [], "reasons": []}
    return {
        "help_form": help_form.pk,
        "petal": help_form.petal_id,
        "petal_name": help_form.petal.label,
        "status": help_form.status,
        "status_label": help_form.get_status_display(),
        "complete": status.complete,
        "rule": status.rule_id,
        "required": [requirement_dict(r, language) for r in status.required],
        "missing": [requirement_dict(r, language) for r in status.missing],
        "informed": [{"person": p.id, "name": p.name} for p in status.informed],
        "reasons": [f.as_dict(language) for f in checks.consent_findings(status)],
    }


@dataclass
class Panel:
    person: Person
    is_child: bool
    statuses: list[dict] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    decisions: list[ConsentDecision] = field(default_factory=list)
    judgements: list[StabilityJudgement] = field(default_factory=list)
    agreements: list[ContactAgreement] = field(default_factory=list)
    information: list[InformationShared] = field(default_factory=list)


def panel_for(person: Person, *, today: datetime.date,
              help_forms: list[HelpForm] | None = None) -> Panel:
    """The consent panel of `person`; `help_forms` as for status_rows."""
    language = checks.language()
    is_child = person.family_role == FamilyRole.CHILD
    panel = Panel(person=person, is_child=is_child)
    if is_child:
        panel.statuses = [status_dict(h, s, language) for h, s in status_rows(
            person, today=today, help_forms=help_forms)]
        panel.consents = list(Consent.objects.filter(child=person).select_related(
            "given_by", "petal", "recorded_by"))
        for consent in panel.consents:
            consent.in_force = consent.in_force_on(today)
        panel.decisions = list(ConsentDecision.objects.filter(child=person).select_related(
            "petal", "judged_by").defer("reasoning"))
        panel.judgements = list(StabilityJudgement.objects.filter(child=person).select_related(
            "judged_by").defer("basis"))
        panel.information = list(InformationShared.objects.filter(child=person).select_related(
            "parent", "recorded_by"))
    elif person.family_role == FamilyRole.PARENT:
        panel.agreements = list(ContactAgreement.objects.filter(client=person).select_related(
            "recorded_by"))
    return panel
