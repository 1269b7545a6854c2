"""The demo's consents follow the rule engine: most help to children has complete consent,
some waits for the father's consent, some is paused after a withdrawal."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from bloem.catalogue.models import HelpForm, HelpFormStatus
from bloem.consent.checks import consent_statuses
from bloem.consent.models import Consent, ContactAgreement, StabilityJudgement
from bloem.families.models import FamilyRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("demo", families=120, seed=3, stdout=StringIO())


def test_demo_consent_matches_the_rules_and_shows_every_state(demo):
    open_help = list(HelpForm.objects.open().filter(person__family_role=FamilyRole.CHILD)
                     .select_related("person", "petal", "responsible__organisation",
                                     "supervisor__organisation"))
    statuses = consent_statuses(open_help, today=timezone.localdate())
    by_status = {s: [st for h, st in statuses if h.status == s] for s in HelpFormStatus}
    assert by_status[HelpFormStatus.ACTIVE]
    assert all(st.complete for st in by_status[HelpFormStatus.ACTIVE] if st is not None)
    assert by_status[HelpFormStatus.PROPOSED], "some help waits for the father's consent"
    assert not any(st.complete for st in by_status[HelpFormStatus.PROPOSED])
    assert Consent.objects.filter(withdrawn_on__isnull=False).exists()
    assert not HelpForm.objects.filter(ended_on__isnull=False).exclude(
        status=HelpFormStatus.ENDED).exists()
    assert ContactAgreement.objects.exists() or not HelpForm.objects.filter(
        petal="supervised-contact").exists()
    assert StabilityJudgement.objects.exists() or not HelpForm.objects.filter(
        petal="child-trauma-treatment").exists()
