"""Proposing, starting, pausing and ending forms of help (hulpvormen). Help starts only
when the care rules allow it (bloem.rules through bloem.consent.checks): consent complete,
a qualified worker, trauma treatment after a stability judgement, contact with the
ex-partner only when agreed and safe; a warning (recovery help in the direct-safety phase)
must be acknowledged."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from bloem.accounts.models import Worker
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.consent.checks import check_start
from bloem.families.changes import tracked_update
from bloem.families.models import Family, Person

from .models import HelpForm, HelpFormStatus, Petal


@transaction.atomic
def helpform_start(*, request: HttpRequest, family: Family, person: Person, petal: Petal,
                   responsible: Worker, started_on: datetime.date, goal: str = "",
                   supervisor: Worker | None = None, propose: bool = False,
                   acknowledge_warnings: bool = False) -> HelpForm:
    """Start a form of help, or only propose it (`propose`): a proposed form waits for the
    care rules (e.g. consent still to be recorded) and is started with `helpform_activate`.
    Starting raises RulesRefusedError, and saves nothing, when the rules do not allow it."""
    help_form = HelpForm(family=family, person=person, petal=petal, responsible=responsible,
                         supervisor=supervisor, started_on=started_on, goal=goal,
                         status=HelpFormStatus.PROPOSED if propose else HelpFormStatus.ACTIVE)
    help_form.full_clean()
    if not propose:
        verdict = check_start(help_form, today=timezone.localdate(),
                              acknowledge=acknowledge_warnings)
        help_form.warnings_acknowledged = ",".join(sorted(w.rule_id for w in verdict.warnings))
    help_form.save()
    audit(request=request, action=Action.CREATE, record=help_form,
          reason=_acknowledgement(help_form))
    return help_form


def _acknowledgement(help_form: HelpForm) -> str:
    if not help_form.warnings_acknowledged:
        return ""
    return f"warnings acknowledged: {help_form.warnings_acknowledged}"


@transaction.atomic
def helpform_activate(*, request: HttpRequest, help_form: HelpForm, version: int,
                      acknowledge_warnings: bool = False) -> HelpForm:
    """Start a proposed form of help, or resume a paused one, when the care rules allow it
    today (RulesRefusedError otherwise)."""
    if not help_form.may_start:
        raise ValidationError(gettext("Only a proposed or paused form of help can be "
                                      "started."))
    verdict = check_start(help_form, today=timezone.localdate(),
                          acknowledge=acknowledge_warnings)
    acknowledged = ",".join(sorted(w.rule_id for w in verdict.warnings))
    changes = {"status": HelpFormStatus.ACTIVE}
    if acknowledged:
        changes["warnings_acknowledged"] = acknowledged
    return tracked_update(request=request, instance=help_form, version=version,
                          changes=changes, family_id=help_form.family_id,
                          person_id=help_form.person_id)


@transaction.atomic
def helpform_pause(*, request: HttpRequest, help_form: HelpForm, reason: str) -> HelpForm:
    """Pause a running form of help (a consent it needs was withdrawn)."""
    return tracked_update(request=request, instance=help_form, version=help_form.version,
                          changes={"status": HelpFormStatus.PAUSED},
                          family_id=help_form.family_id, person_id=help_form.person_id,
                          reason=reason)


@transaction.atomic
def helpform_end(*, request: HttpRequest, help_form: HelpForm, version: int,
                 ended_on: datetime.date) -> HelpForm:
    """End the form of help (optimistic locking and change history as every edit)."""
    return tracked_update(request=request, instance=help_form, version=version,
                          changes={"ended_on": ended_on, "status": HelpFormStatus.ENDED},
                          family_id=help_form.family_id, person_id=help_form.person_id)
