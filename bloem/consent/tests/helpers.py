import datetime

from django.utils import timezone

from bloem.catalogue.models import HelpForm, HelpFormStatus, Petal
from bloem.consent.models import Consent, ConsentForm
from bloem.families.models import FamilyRole

SHELTER_PETAL = "safety-stabilisation"


def today() -> datetime.date:
    return timezone.localdate()


def members(family):
    """(mother, father, eldest child) of a family made by `family_at`: the child is under
    12 and both parents hold parental authority."""
    return (family.members.get(family_role=FamilyRole.PARENT),
            family.members.get(family_role=FamilyRole.OTHER_PARENT),
            family.members.filter(family_role=FamilyRole.CHILD).order_by("date_of_birth").first())


def consent(family, child, given_by, worker, petal=SHELTER_PETAL, **kwargs) -> Consent:
    values = {"scope": "Hulp in de opvang.", "given_on": today() - datetime.timedelta(days=1),
              "form": ConsentForm.WRITTEN} | kwargs
    return Consent.objects.create(family=family, child=child, petal_id=petal,
                                  given_by=given_by, recorded_by=worker, **values)


def running_help(family, person, worker, petal=SHELTER_PETAL, **kwargs) -> HelpForm:
    values = {"started_on": today() - datetime.timedelta(days=3),
              "status": HelpFormStatus.ACTIVE} | kwargs
    return HelpForm.objects.create(family=family, person=person,
                                   petal=Petal.objects.get(code=petal), responsible=worker,
                                   **values)
