"""Writes of the practitioner network and the matching of a family member: keep the
directory (one practitioner, a method, a supervised case, an organisation's CSV list),
propose practitioners, and record the referral the worker chooses."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bloem.accounts.models import Municipality
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.families.models import Person

from . import matching, selectors
from .models import (
    Method,
    NetworkReferral,
    Practitioner,
    PractitionerMethod,
    SupervisedCase,
)

ADULT_AGE = 18


def default_municipality(person: Person, user) -> Municipality | None:
    """The municipality a family member's treatment continues in: the new municipality of
    the family's latest outflow, for a worker who may see it (it is protected like an
    address); None when no outflow names one."""
    from bloem.access import policy
    from bloem.outflow.models import Outflow

    if not policy.can_see_protected(user, person.family):
        return None
    outflow = Outflow.objects.filter(family_id=person.family_id).order_by("-left_on", "-pk") \
        .only("new_municipality_code").first()
    code = outflow.new_municipality_code if outflow else ""
    return Municipality.objects.filter(code=code).first() if code else None


def default_method(person: Person) -> str:
    """The method of the person's running trauma treatment, when it is one the network
    offers (a parent's treatment "by the GGZ partner" names no method)."""
    from bloem.programmes.models import TraumaStatus

    method = (person.trauma_episodes.filter(status=TraumaStatus.ACTIVE)
              .values_list("method", flat=True).first())
    return method if method in Method.values else ""


def age_of(person: Person, day: datetime.date) -> int | None:
    """The person's age; a parent without a date of birth counts as an adult, a child
    always has one (Person.clean)."""
    age = person.age_on(day)
    if age is None and person.family_role != "child":
        return ADULT_AGE
    return age


class ReasonTexts:
    """The reasons shown with a match, in the worker's language."""

    def km(self, km: int) -> str:
        return _("%(km)s km") % {"km": km}

    def serves_here(self) -> str:
        return _("works in this municipality or region")

    def waiting(self, weeks: int) -> str:
        if weeks == 0:
            return _("no waiting time")
        return ngettext("waiting time %(weeks)s week", "waiting time %(weeks)s weeks",
                        weeks) % {"weeks": weeks}

    def no_place(self) -> str:
        return _("no open place")

    def in_training(self, supervisor: str) -> str:
        return _("in training under supervision of %(supervisor)s") % {
            "supervisor": supervisor or "—"}


def population_reason(age: int) -> str:
    return (_("works with children") if age < ADULT_AGE else _("works with adults"))


def method_reason(method: str) -> str:
    return _("offers %(method)s") % {"method": Method(method).label}


def match(*, method: str, age: int, municipality: Municipality,
          radius_km: float = matching.DEFAULT_RADIUS_KM) -> list[matching.Match]:
    """The ranked proposals for a person of `age` who needs `method` near
    `municipality` (bloem.network.matching says how they are ranked)."""
    query = selectors.MatchQuery(method=method, age=age, municipality=municipality,
                                 radius_km=radius_km)
    return matching.rank(selectors.candidates(query), place=selectors.place_of(municipality),
                         method_reason=method_reason(method),
                         population_reason=population_reason(age), texts=ReasonTexts(),
                         radius_km=radius_km)


@transaction.atomic
def referral_create(*, request: HttpRequest, person: Person, practitioner_id: int, method: str,
                    municipality: Municipality) -> NetworkReferral:
    """Record the practitioner the worker chose, with the reasons as the proposal showed
    them (recomputed here: the worker may only choose a proposed practitioner)."""
    day = timezone.localdate()
    age = age_of(person, day)
    if age is None:
        raise ValidationError(_("The person's age is not known."))
    chosen = next((m for m in match(method=method, age=age, municipality=municipality)
                   if m.candidate.id == practitioner_id), None)
    if chosen is None:
        raise ValidationError(_("This practitioner is not among the proposals."))
    referral = NetworkReferral(
        family=person.family, person=person, practitioner_id=practitioner_id,
        practitioner_name=f"{chosen.candidate.name} ({chosen.candidate.organisation})",
        method=method, municipality_code=municipality.code,
        reasons="\n".join(chosen.reasons), chosen_by=request.user, chosen_on=day)
    referral.full_clean()
    referral.save()
    audit(request=request, action=Action.CREATE, record=referral)
    return referral


# -- keeping the directory ------------------------------------------------------------------


@transaction.atomic
def practitioner_save(*, practitioner: Practitioner, serves=()) -> Practitioner:
    """Create or change one practitioner (the caller checked the organisation is the
    user's to maintain)."""
    practitioner.full_clean()
    practitioner.save()
    practitioner.serves.set(serves)
    return practitioner


def _touch(practitioner: Practitioner) -> None:
    """A change of methods or training is a change of the directory entry: its "last
    updated" moves along."""
    Practitioner.objects.filter(pk=practitioner.pk).update(updated_at=timezone.now())


@transaction.atomic
def method_set(*, practitioner: Practitioner, method: str, status: str,
               supervisor: Practitioner | None = None,
               training_started_on: datetime.date | None = None,
               certified_on: datetime.date | None = None) -> PractitionerMethod:
    """Add a method to a practitioner or change its certification (e.g. training ends
    with certification: status certified, with its date)."""
    row = (PractitionerMethod.objects.filter(practitioner=practitioner, method=method).first()
           or PractitionerMethod(practitioner=practitioner, method=method))
    row.status, row.supervisor = status, supervisor
    row.training_started_on = training_started_on or row.training_started_on
    row.certified_on = certified_on
    row.full_clean()
    row.save()
    _touch(practitioner)
    return row


@transaction.atomic
def supervised_case_add(*, method: PractitionerMethod, treated_on: datetime.date,
                        supervisor: Practitioner | None = None) -> SupervisedCase:
    supervisor = supervisor or method.supervisor
    if supervisor is None:
        raise ValidationError({"supervisor": _("Name the supervisor.")})
    if treated_on > timezone.localdate():
        raise ValidationError({"treated_on": _("The date lies in the future.")})
    case = SupervisedCase(method=method, supervisor=supervisor, treated_on=treated_on)
    case.full_clean()
    case.save()
    _touch(method.practitioner)
    return case

