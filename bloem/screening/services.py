"""Writes of screening: saving a response (scored by the engine in the same step) and
deciding on a suggested petal. Each is atomic and audited with its write."""

import datetime
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.catalogue.models import Petal
from bloem.families.models import Person

from . import engine
from .models import PetalSuggestionDecision, Response


def scored_response(*, instrument: engine.Instrument, person: Person, answers: dict,
                    informant: str, moment: str, administered_on: datetime.date,
                    entered_by, client_mode: bool = False) -> Response:
    """An unsaved Response with its score (also used by the demo's bulk_create). Raises
    ValidationError when the engine refuses the answers, age or informant."""
    age = person.age_on(administered_on)
    try:
        result = engine.score(instrument, answers, age=age, informant=informant)
    except engine.InvalidAnswers as error:
        messages: dict[str, list[str]] = {}
        for key, message in error.errors.items():
            target = key if key in ("age", "informant") else "__all__"
            messages.setdefault(target, []).append(
                _("%(item)s: %(message)s") % {"item": _item_label(instrument, key),
                                              "message": message})
        raise ValidationError(messages) from error
    return Response(
        family_id=person.family_id, person=person, instrument=instrument.code,
        version=instrument.version, informant=informant, moment=moment,
        administered_on=administered_on,
        answers=json.dumps(answers, sort_keys=True),
        total=result.total, subscales=result.subscales, band=result.band or "",
        flags=result.flags, alert=bool(set(result.flags) & instrument.alert_flags()),
        complete=result.complete, entered_by=entered_by, client_mode=client_mode,
    )


def _item_label(instrument: engine.Instrument, key: str) -> str:
    if key == "age":
        return _("Age")
    if key == "informant":
        return _("Informant")
    item = instrument.items_by_id.get(key)
    if item is None:
        return key
    return _("Item %(number)s") % {"number": item.get("number", item["id"])}


@transaction.atomic
def response_record(*, request: HttpRequest, instrument: engine.Instrument, person: Person,
                    answers: dict, informant: str, moment: str,
                    administered_on: datetime.date, client_mode: bool = False) -> Response:
    response = scored_response(instrument=instrument, person=person, answers=answers,
                               informant=informant, moment=moment,
                               administered_on=administered_on, entered_by=request.user,
                               client_mode=client_mode)
    response.full_clean()
    response.save()
    audit(request=request, action=Action.CREATE, record=response)
    return response


@transaction.atomic
def suggestion_decide(*, request: HttpRequest, child: Person, petal: Petal, decision: str,
                      note: str = "") -> PetalSuggestionDecision:
    decided = PetalSuggestionDecision(family_id=child.family_id, person=child, petal=petal,
                                      decision=decision, note=note, decided_by=request.user)
    decided.full_clean()
    decided.save()
    audit(request=request, action=Action.CREATE, record=decided)
    return decided
