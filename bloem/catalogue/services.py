"""Starting and ending forms of help (hulpvormen)."""

import datetime

from django.db import transaction
from django.http import HttpRequest

from bloem.accounts.models import Worker
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.families.changes import tracked_update
from bloem.families.models import Family, Person

from .models import HelpForm, Petal


@transaction.atomic
def helpform_start(*, request: HttpRequest, family: Family, person: Person, petal: Petal,
                   responsible: Worker, started_on: datetime.date,
                   goal: str = "") -> HelpForm:
    help_form = HelpForm(family=family, person=person, petal=petal, responsible=responsible,
                         started_on=started_on, goal=goal)
    help_form.full_clean()
    help_form.save()
    audit(request=request, action=Action.CREATE, record=help_form)
    return help_form


@transaction.atomic
def helpform_end(*, request: HttpRequest, help_form: HelpForm, version: int,
                 ended_on: datetime.date) -> HelpForm:
    """End the form of help (optimistic locking and change history as every edit)."""
    return tracked_update(request=request, instance=help_form, version=version,
                          changes={"ended_on": ended_on}, family_id=help_form.family_id,
                          person_id=help_form.person_id)
