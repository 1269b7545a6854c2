"""The API asks the same rules: consent status per form of help, 409 with the reasons when
a start is not allowed, propose-then-start, and the method's other rules."""

import pytest
from rest_framework.test import APIClient

from bloem.accounts.models import Qualification, QualificationKind
from bloem.audit.models import AccessEvent, Action, Channel
from bloem.catalogue.models import HelpForm, HelpFormStatus
from bloem.consent.models import ContactAgreement, StabilityJudgement
from bloem.families.models import Stay

from .helpers import SHELTER_PETAL, consent, members, running_help, today

API = "/api/v1"


@pytest.fixture
def api_as():
    def login(worker) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(worker)
        return client

    return login


def start(world, person, **overrides) -> dict:
    return {"family": world.own_family.pk, "person": person.pk, "petal": SHELTER_PETAL,
            "responsible": world.family_worker.pk, "started_on": today().isoformat(),
            "goal": "Een veilige basis.", **overrides}


def test_consent_status_lists_complete_and_missing_per_form_of_help(world, api_as):
    mother, father, child = members(world.own_family)
    help_form = running_help(world.own_family, child, world.family_worker)
    consent(world.own_family, child, mother, world.family_worker)
    before = AccessEvent.objects.count()
    response = api_as(world.family_worker).get(f"{API}/persons/{child.pk}/consent-status/")
    assert response.status_code == 200, response.content
    [row] = response.json()["forms_of_help"]
    assert (row["help_form"], row["complete"], row["rule"]) == (
        help_form.pk, False, "consent.under-12")
    assert [(m["person"], m["state"]) for m in row["missing"]] == [(father.pk, "missing")]
    assert {r["person"] for r in row["required"]} == {mother.pk, father.pk}
    assert row["reasons"][0]["message"] == (
        "Consent is still missing from: Mark Jansen (parent with authority).")
    [event] = AccessEvent.objects.order_by("id")[before:]
    assert (event.action, event.channel, event.person_id) == (Action.VIEW, Channel.API,
                                                              child.pk)


def test_consent_status_of_a_foreign_person_is_404_and_not_audited(world, api_as):
    _mother, _father, child = members(world.foreign_family)
    before = AccessEvent.objects.count()
    response = api_as(world.family_worker).get(f"{API}/persons/{child.pk}/consent-status/")
    assert response.status_code == 404
    assert AccessEvent.objects.count() == before


def test_starting_help_with_incomplete_consent_answers_409_with_the_same_reasons(world, api_as):
    mother, father, child = members(world.own_family)
    consent(world.own_family, child, mother, world.family_worker)
    client = api_as(world.family_worker)
    response = client.post(f"{API}/help-forms/", start(world, child), format="json")
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["outcome"] == "blocked"
    [reason] = body["reasons"]
    assert reason["rule"] == "consent.under-12"
    assert reason["message"] == (
        "Consent is still missing from: Mark Jansen (parent with authority).")
    assert "Jeugdwet art. 7.3.4" in reason["source"]
    assert not HelpForm.objects.filter(person=child).exists()


def test_a_proposed_form_of_help_is_started_through_the_api_once_consent_is_complete(
    world, api_as
):
    mother, father, child = members(world.own_family)
    client = api_as(world.family_worker)
    created = client.post(f"{API}/help-forms/", start(world, child, propose=True), format="json")
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "proposed"
    pk = created.json()["id"]
    refused = client.post(f"{API}/help-forms/{pk}/start/", {"version": 1}, format="json")
    assert refused.status_code == 409
    assert {m for r in refused.json()["reasons"] for m in [r["rule"]]} == {"consent.under-12"}
    consent(world.own_family, child, mother, world.family_worker)
    consent(world.own_family, child, father, world.family_worker)
    started = client.post(f"{API}/help-forms/{pk}/start/", {"version": 1}, format="json")
    assert started.status_code == 200, started.content
    assert started.json()["status"] == "active"
    status = client.get(f"{API}/persons/{child.pk}/consent-status/").json()
    assert status["forms_of_help"][0]["complete"] is True


def test_an_active_form_of_help_cannot_be_started_again(world, api_as):
    _mother, _father, child = members(world.own_family)
    help_form = running_help(world.own_family, child, world.family_worker)
    response = api_as(world.family_worker).post(f"{API}/help-forms/{help_form.pk}/start/",
                                                {"version": 1}, format="json")
    assert response.status_code == 400


def test_recovery_help_in_the_direct_safety_phase_needs_an_acknowledged_warning(world, api_as):
    mother, _father, _child = members(world.own_family)
    client = api_as(world.ex_partner_worker)  # may not change anything in this family
    assert client.post(f"{API}/help-forms/", start(world, mother), format="json"
                       ).status_code == 403
    client = api_as(world.team_manager)
    payload = start(world, mother, petal="parent-trauma-treatment",
                    responsible=world.ex_partner_worker.pk)
    warned = client.post(f"{API}/help-forms/", payload, format="json")
    assert warned.status_code == 409, warned.content
    assert warned.json()["outcome"] == "warning"
    assert warned.json()["reasons"][0]["rule"] == "phase.recovery-before-safety"
    accepted = client.post(f"{API}/help-forms/", {**payload, "acknowledge_warnings": True},
                           format="json")
    assert accepted.status_code == 201, accepted.content
    help_form = HelpForm.objects.get(pk=accepted.json()["id"])
    assert help_form.warnings_acknowledged == "phase.recovery-before-safety"
    assert AccessEvent.objects.filter(action=Action.CREATE, record_id=str(help_form.pk),
                                      reason__contains="phase.recovery-before-safety").exists()


def test_a_childs_trauma_treatment_needs_a_qualified_worker_and_a_stability_judgement(
    world, api_as
):
    mother, father, child = members(world.own_family)
    Stay.objects.filter(family=world.own_family).update(phase="recovery")
    for parent in (mother, father):
        consent(world.own_family, child, parent, world.family_worker,
                petal="child-trauma-treatment")
    client = api_as(world.youth_specialist)
    payload = start(world, child, petal="child-trauma-treatment",
                    responsible=world.youth_specialist.pk)
    refused = client.post(f"{API}/help-forms/", payload, format="json")
    assert refused.status_code == 409
    assert {r["rule"] for r in refused.json()["reasons"]} == {
        "qualification.required", "trauma.after-stability"}
    Qualification.objects.create(worker=world.youth_specialist, kind=QualificationKind.EMDR)
    Qualification.objects.create(worker=world.youth_specialist,
                                 kind=QualificationKind.DIAGNOSTICS)
    StabilityJudgement.objects.create(family=world.own_family, child=child, judged_on=today(),
                                      sufficient=True, basis="Na NIKA-diagnostiek.",
                                      judged_by=world.youth_specialist,
                                      recorded_by=world.youth_specialist)
    started = client.post(f"{API}/help-forms/", payload, format="json")
    assert started.status_code == 201, started.content


def test_supervised_contact_needs_the_mothers_agreement_and_a_level_not_red(world, api_as):
    mother, father, child = members(world.own_family)
    for parent in (mother, father):
        consent(world.own_family, child, parent, world.family_worker,
                petal="supervised-contact")
    client = api_as(world.youth_specialist)
    payload = start(world, child, petal="supervised-contact",
                    responsible=world.youth_specialist.pk)
    refused = client.post(f"{API}/help-forms/", payload, format="json")
    assert [r["code"] for r in refused.json()["reasons"]] == ["no_agreement"]
    ContactAgreement.objects.create(family=world.own_family, client=mother, agrees=True,
                                    decided_on=today(), recorded_by=world.family_worker)
    Stay.objects.filter(family=world.own_family).update(safety_level="red")
    refused = client.post(f"{API}/help-forms/", payload, format="json")
    assert [r["code"] for r in refused.json()["reasons"]] == ["red"]
    Stay.objects.filter(family=world.own_family).update(safety_level="orange")
    assert client.post(f"{API}/help-forms/", payload, format="json").status_code == 201


def test_help_for_an_adult_is_not_held_back_by_the_consent_rules_for_minors(world, api_as):
    mother, _father, _child = members(world.own_family)
    response = api_as(world.family_worker).post(f"{API}/help-forms/", start(world, mother),
                                                format="json")
    assert response.status_code == 201
    assert HelpForm.objects.get(person=mother).status == HelpFormStatus.ACTIVE
