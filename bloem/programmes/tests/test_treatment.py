"""The NIKA judgement feeds the trauma-treatment rule (M-32, M-33); qualifications are
checked when work is given (M-37); supervised contact only when the contact rule allows it
(M-02, M-31); advice to teachers only with consent (M-36)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bloem.consent.checks import RulesRefusedError
from bloem.consent.models import ContactAgreement, StabilityJudgement
from bloem.families.models import SafetyLevel
from bloem.programmes import services
from bloem.programmes.models import NikaStepKind, TraumaMethod, TraumaStatus

from .helpers import consent_of_both, members, qualify, request_as, today


@pytest.fixture
def nika(world):
    """A NIKA trajectory of the mother and her eldest child, by the youth specialist."""
    family = world.own_family
    mother, _, child = members(family)
    qualify(world.youth_specialist, "nika")
    consent_of_both(family, child, world.family_worker, petal="nika")
    return services.nika_start(request=request_as(world.youth_specialist), family=family,
                               child=child, parent=mother, practitioner=world.youth_specialist,
                               supervisor=None, started_on=today())


def start_trauma(world, child, method=TraumaMethod.EMDR):
    return services.trauma_start(request=request_as(world.youth_specialist),
                                 family=world.own_family, person=child, method=method,
                                 practitioner=world.youth_specialist, started_on=today())


def test_nika_needs_a_nika_practitioner_or_one_in_training_under_a_supervisor(world):
    family = world.own_family
    mother, _, child = members(family)
    consent_of_both(family, child, world.family_worker, petal="nika")
    request = request_as(world.youth_specialist)
    args = {"request": request, "family": family, "child": child, "parent": mother,
            "started_on": today()}
    with pytest.raises(RulesRefusedError):
        services.nika_start(practitioner=world.child_worker, supervisor=None, **args)
    qualify(world.child_worker, "nika", in_training=True)
    with pytest.raises(RulesRefusedError):
        services.nika_start(practitioner=world.child_worker, supervisor=None, **args)
    qualify(world.youth_specialist, "nika")
    assert services.nika_start(practitioner=world.child_worker,
                               supervisor=world.youth_specialist, **args).pk


def test_the_nika_judgement_decides_whether_trauma_treatment_may_start(world, nika):
    child = nika.child
    qualify(world.youth_specialist, "emdr")
    consent_of_both(world.own_family, child, world.family_worker,
                    petal="child-trauma-treatment")
    with pytest.raises(RulesRefusedError) as refused:
        start_trauma(world, child)
    assert "geen oordeel" in " ".join(refused.value.messages)

    request = request_as(world.youth_specialist)
    services.nika_session_record(request=request, trajectory=nika,
                                 kind=NikaStepKind.DIAGNOSTICS, held_on=today(),
                                 disorganised_signs="Bevriest bij het weggaan van moeder.")
    with pytest.raises(ValidationError):  # not able to change: the attachment figure
        services.nika_judge(request=request, trajectory=nika, judged_on=today(),
                            parent_can_change=False, relationship_stable=False,
                            basis="Diagnostiek.")
    services.nika_judge(request=request, trajectory=nika, judged_on=today(),
                        parent_can_change=True, relationship_stable=False,
                        basis="Verstorend gedrag neemt af, nog niet stabiel.")
    with pytest.raises(RulesRefusedError) as refused:
        start_trauma(world, child)
    assert "nog niet voldoende" in " ".join(refused.value.messages)

    services.nika_judge(request=request, trajectory=nika, judged_on=today(),
                        parent_can_change=True, relationship_stable=True,
                        basis="Na videofeedback sensitief gedrag.")
    # The judgement is the one the consent app keeps: no second copy.
    assert StabilityJudgement.objects.filter(child=child).count() == 2
    episode = start_trauma(world, child)
    assert episode.status == TraumaStatus.ACTIVE


def test_a_judgement_by_an_unqualified_worker_does_not_count(world, nika):
    child = nika.child
    qualify(world.youth_specialist, "emdr")
    consent_of_both(world.own_family, child, world.family_worker,
                    petal="child-trauma-treatment")
    services.nika_judge(request=request_as(world.family_worker), trajectory=nika,
                        judged_on=today(), parent_can_change=True, relationship_stable=True,
                        basis="Gezien in de opvang.")
    with pytest.raises(RulesRefusedError):
        start_trauma(world, child)


def test_the_practitioner_must_hold_the_method(world, nika):
    child = nika.child
    consent_of_both(world.own_family, child, world.family_worker,
                    petal="child-trauma-treatment")
    services.nika_judge(request=request_as(world.youth_specialist), trajectory=nika,
                        judged_on=today(), parent_can_change=True, relationship_stable=True,
                        basis="Stabiel.")
    with pytest.raises(RulesRefusedError) as refused:
        start_trauma(world, child, TraumaMethod.NET)
    assert "bevoegdheid" in " ".join(refused.value.messages)
    qualify(world.youth_specialist, "net")
    assert start_trauma(world, child, TraumaMethod.NET).method == TraumaMethod.NET


def test_the_mothers_own_treatment_is_referred_to_the_ggz_partner(world):
    mother, _, child = members(world.own_family)
    request = request_as(world.family_worker)
    args = {"request": request, "family": world.own_family, "method": TraumaMethod.GGZ,
            "started_on": today()}
    with pytest.raises(ValidationError):
        services.trauma_start(person=mother, practitioner=None, **args)
    with pytest.raises(ValidationError):  # a shelter worker is not the GGZ partner
        services.trauma_start(person=mother, practitioner=world.family_worker, **args)
    with pytest.raises(ValidationError):
        services.trauma_start(person=child, practitioner=None, referral_note="x", **args)
    episode = services.trauma_start(person=mother, practitioner=None,
                                    referral_note="Aanmelding EMDR na stabilisatie.", **args)
    assert episode.status == TraumaStatus.REFERRED
    ggz = services.trauma_start(person=mother, practitioner=world.ex_partner_worker, **args)
    assert ggz.status == TraumaStatus.ACTIVE


def test_supervised_contact_only_with_agreement_when_not_red_and_with_consent(world):
    family = world.own_family
    mother, father, child = members(family)
    request = request_as(world.youth_specialist)
    starts_at = timezone.now() + datetime.timedelta(days=2)
    args = {"request": request, "family": family, "child": child, "other_parent": father,
            "starts_at": starts_at, "place": "Omgangshuis", "supervisor": world.youth_specialist}
    with pytest.raises(RulesRefusedError) as refused:
        services.contact_plan(**args)
    assert "ingestemd" in " ".join(refused.value.messages)
    ContactAgreement.objects.create(family=family, client=mother, agrees=True,
                                    decided_on=today(), recorded_by=world.family_worker)
    consent_of_both(family, child, world.family_worker, petal="supervised-contact")
    family.stays.update(safety_level=SafetyLevel.RED)
    with pytest.raises(RulesRefusedError) as refused:
        services.contact_plan(**args)
    assert "rood" in " ".join(refused.value.messages)
    family.stays.update(safety_level=SafetyLevel.ORANGE)
    contact = services.contact_plan(**args)
    with pytest.raises(ValidationError):
        services.contact_report(request=request, contact=contact, version=contact.version,
                                status="held", course="", child_reaction="",
                                parent_behaviour="", safety="", agreements="")
    contact = services.contact_report(
        request=request, contact=contact, version=contact.version, status="held",
        course="Rustig verlopen.", child_reaction="Blij.", parent_behaviour="Afspraken nagekomen.",
        safety="Geen zorgen.", agreements="Over twee weken weer.")
    assert contact.version == 2 and contact.course == "Rustig verlopen."


def test_advice_to_teachers_only_with_consent_to_share(world):
    family = world.own_family
    _, _, child = members(family)
    request = request_as(world.youth_specialist)
    school = services.school_record(request=request, family=family, child=child,
                                    kind="school", name="De Regenboog",
                                    contact_person="Juf Anja")
    with pytest.raises(RulesRefusedError):
        services.advice_record(request=request, school=school, given_on=today(),
                               advice="Geef een vaste plek bij de deur.")
    consent_of_both(family, child, world.family_worker, petal="school-guidance")
    assert services.advice_record(request=request, school=school, given_on=today(),
                                  advice="Geef een vaste plek bij de deur.").pk


def test_the_nika_judgement_page_records_it_through_the_ui(world, client_for, nika):
    client = client_for(world.youth_specialist)
    response = client.post(reverse("programmes:nika_judge", args=[world.own_family.pk]), {
        "trajectory": nika.pk, "judged_on": today().isoformat(), "parent_can_change": "no",
        "relationship_stable": "no", "basis": "Geen verandering.", "attachment_figure": ""})
    assert response.status_code == 200
    assert not StabilityJudgement.objects.exists()
    response = client.post(reverse("programmes:nika_judge", args=[world.own_family.pk]), {
        "trajectory": nika.pk, "judged_on": today().isoformat(), "parent_can_change": "no",
        "relationship_stable": "no", "basis": "Geen verandering.",
        "attachment_figure": "Grootmoeder van moederskant."})
    assert response.status_code == 302
    assert StabilityJudgement.objects.get().sufficient is False
