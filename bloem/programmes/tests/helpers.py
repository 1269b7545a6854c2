import datetime

from django.test import RequestFactory
from django.utils import timezone

from bloem.accounts.models import Qualification
from bloem.consent.models import Consent, ConsentForm
from bloem.families.models import FamilyRole
from bloem.programmes import services
from bloem.programmes.models import FacilitatorRole, GroupKind, Programme

PETAL = "toontje-veerkracht"


def today() -> datetime.date:
    return timezone.localdate()


def request_as(worker):
    request = RequestFactory().post("/programmas/")
    request.user = worker
    request.session = {}
    return request


def members(family):
    return (family.members.get(family_role=FamilyRole.PARENT),
            family.members.get(family_role=FamilyRole.OTHER_PARENT),
            family.members.filter(family_role=FamilyRole.CHILD).order_by("date_of_birth").first())


def consent_of_both(family, child, worker, petal=PETAL, day=None):
    mother, father, _ = members(family)
    givers = [mother, father]
    if child.date_of_birth and child.age_on(today() + datetime.timedelta(days=30)) >= 12:
        givers.append(child)  # from 12 the child consents too
    for parent in givers:
        Consent.objects.create(family=family, child=child, petal_id=petal, given_by=parent,
                               scope="Groep.", given_on=day or today() - datetime.timedelta(1),
                               form=ConsentForm.WRITTEN, recorded_by=worker)


def location_of(family):
    return family.stays.get(ended_on__isnull=True).location


def plan(family, planner, facilitator, *, code="tijd-voor-toontje", starts_on=None,
         capacity=8, kind=GroupKind.CHILDREN, sessions=4, name="Toontje najaar"):
    return services.run_plan(
        request=request_as(planner), programme=Programme.objects.get(code=code),
        location=location_of(family), kind=kind, name=name,
        starts_on=starts_on or today() + datetime.timedelta(days=7),
        first_session_time=datetime.time(15, 30), sessions=sessions, minutes=75,
        room="Speelkamer", capacity=capacity, parallel_to=None,
        facilitators=[(facilitator, FacilitatorRole.DRAMA_THERAPIST)])


def qualify(worker, kind, in_training=False):
    return Qualification.objects.create(worker=worker, kind=kind, in_training=in_training)
