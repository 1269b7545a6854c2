"""Recording consent and the other preconditions of help. Every write is atomic, validated
and audited; withdrawing a consent pauses, in the same transaction, every running form of
help that needed it."""

import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from bloem.accounts.models import Worker
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.catalogue.models import HelpForm, HelpFormStatus, Petal
from bloem.catalogue.services import helpform_pause
from bloem.families.changes import tracked_update
from bloem.families.models import Family, Person

from .checks import verdicts
from .models import (
    Consent,
    ConsentDecision,
    ContactAgreement,
    InformationShared,
    StabilityJudgement,
)


def _save(request: HttpRequest, record, person: Person) -> None:
    """Validate, save and audit a record about `person` (the child or the client)."""
    record.full_clean()
    record.save()
    audit(request=request, action=Action.CREATE, record=record, person_id=person.pk)


@transaction.atomic
def consent_record(*, request: HttpRequest, family: Family, child: Person, petal: Petal,
                   given_by: Person, basis: str, scope: str, given_on: datetime.date,
                   form: str, decision_reference: str = "") -> Consent:
    """Record one person's consent (or a decision that replaces it) to one form of help
    for one child."""
    consent = Consent(family=family, child=child, petal=petal, given_by=given_by, basis=basis,
                      scope=scope, given_on=given_on, form=form,
                      decision_reference=decision_reference, recorded_by=request.user)
    _save(request, consent, child)
    return consent


@transaction.atomic
def consent_withdraw(*, request: HttpRequest, consent: Consent, version: int,
                     withdrawn_on: datetime.date, note: str = "") -> Consent:
    """Withdraw a consent (optimistic locking; the earlier state stays in the history) and
    pause every running form of help of that child and petal whose consent is then no
    longer complete."""
    consent = tracked_update(request=request, instance=consent, version=version,
                             changes={"withdrawn_on": withdrawn_on, "withdrawal_note": note},
                             family_id=consent.family_id, person_id=consent.child_id)
    running = list(
        HelpForm.objects.filter(person_id=consent.child_id, petal_id=consent.petal_id,
                                status=HelpFormStatus.ACTIVE)
        .select_related("person", "petal", "responsible__organisation",
                        "supervisor__organisation")
    )
    today = timezone.localdate()
    for index, verdict in verdicts(running, today=max(today, withdrawn_on)).items():
        if verdict.blocked:
            helpform_pause(request=request, help_form=running[index],
                           reason=gettext("Consent withdrawn."))
    return consent


@transaction.atomic
def consent_decision_record(*, request: HttpRequest, family: Family, child: Person,
                            petal: Petal, kind: str, decided_on: datetime.date,
                            judged_by: Worker, reasoning: str) -> ConsentDecision:
    """Record a judgement that changes who must consent (12–15 exceptions, competence)."""
    decision = ConsentDecision(family=family, child=child, petal=petal, kind=kind,
                               decided_on=decided_on, judged_by=judged_by,
                               reasoning=reasoning, recorded_by=request.user)
    _save(request, decision, child)
    return decision


@transaction.atomic
def contact_agreement_record(*, request: HttpRequest, family: Family, client: Person,
                             agrees: bool, decided_on: datetime.date,
                             scope: str = "") -> ContactAgreement:
    """Record the client's agreement to contact with the ex-partner, or its withdrawal."""
    agreement = ContactAgreement(family=family, client=client, agrees=agrees,
                                 decided_on=decided_on, scope=scope, recorded_by=request.user)
    _save(request, agreement, client)
    return agreement


@transaction.atomic
def stability_judgement_record(*, request: HttpRequest, family: Family, child: Person,
                               judged_on: datetime.date, sufficient: bool, basis: str,
                               judged_by: Worker) -> StabilityJudgement:
    """Record a judgement of the parent–child relationship (before trauma treatment)."""
    judgement = StabilityJudgement(family=family, child=child, judged_on=judged_on,
                                   sufficient=sufficient, basis=basis, judged_by=judged_by,
                                   recorded_by=request.user)
    _save(request, judgement, child)
    return judgement


@transaction.atomic
def information_shared_record(*, request: HttpRequest, family: Family, child: Person,
                              parent: Person, shared_on: datetime.date, what: str = "",
                              withheld: bool = False, reason: str = "") -> InformationShared:
    """Record information given to (or withheld from) a parent without authority."""
    record = InformationShared(family=family, child=child, parent=parent, shared_on=shared_on,
                               what=what, withheld=withheld, reason=reason,
                               recorded_by=request.user)
    _save(request, record, child)
    return record
