"""A worker records consent on the child's page; help starts only when consent is
complete, the refusal names who is still missing, and withdrawal pauses the help."""

import datetime

import pytest
from django.urls import reverse

from bloem.audit.models import AccessEvent, Action
from bloem.catalogue.models import HelpForm, HelpFormStatus
from bloem.consent.models import Consent, ConsentBasis, ConsentForm

from .helpers import SHELTER_PETAL, consent, members, running_help, today


@pytest.fixture
def alice(world, client_for):
    client = client_for(world.family_worker)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def start_help(client, world, child, **extra):
    return client.post(reverse("catalogue:helpform_start", args=[world.own_family.pk]), {
        "petal": SHELTER_PETAL, "person": child.pk, "responsible": world.family_worker.pk,
        "started_on": today().isoformat(), "goal": "Rust.", **extra})


def record(client, world, child, given_by, **extra):
    return client.post(reverse("consent:record", args=[world.own_family.pk]), {
        "child": child.pk, "petal": SHELTER_PETAL, "given_by": given_by.pk, "basis": "given",
        "form": "written", "scope": "Hulp in de opvang.", "given_on": today().isoformat(),
        **extra})


def test_help_for_a_child_does_not_start_without_consent_and_names_who_is_missing(world, alice):
    mother, father, child = members(world.own_family)
    response = start_help(alice, world, child)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Consent is still missing from:" in html
    assert "Sanne Jansen (parent with authority)" in html
    assert "Mark Jansen (parent with authority)" in html
    assert not HelpForm.objects.filter(person=child).exists()


def test_fathers_too_must_consent_then_the_help_starts(world, alice):
    mother, father, child = members(world.own_family)
    assert record(alice, world, child, mother).status_code == 302
    html = start_help(alice, world, child).content.decode()
    assert "Consent is still missing from: Mark Jansen (parent with authority)." in html
    assert "Sanne Jansen (parent" not in html
    assert record(alice, world, child, father).status_code == 302
    assert start_help(alice, world, child).status_code == 302
    assert HelpForm.objects.get(person=child).status == HelpFormStatus.ACTIVE


def test_recording_consent_is_audited_with_the_child(world, alice):
    mother, _father, child = members(world.own_family)
    before = AccessEvent.objects.count()
    record(alice, world, child, mother)
    created = AccessEvent.objects.order_by("id")[before:].filter(action=Action.CREATE).get()
    assert (created.record_type, created.person_id) == ("consent.consent", child.pk)
    consent_row = Consent.objects.get()
    assert (consent_row.recorded_by, consent_row.form) == (world.family_worker,
                                                           ConsentForm.WRITTEN)


def test_a_proposed_form_of_help_starts_once_consent_is_complete(world, alice):
    mother, father, child = members(world.own_family)
    assert start_help(alice, world, child, propose="on").status_code == 302
    help_form = HelpForm.objects.get(person=child)
    assert help_form.status == HelpFormStatus.PROPOSED
    url = reverse("catalogue:helpform_activate", args=[help_form.pk])
    page = alice.get(url).content.decode()
    assert "Mark Jansen (parent with authority)" in page
    refused = alice.post(url, {"version": help_form.version})
    assert refused.status_code == 200
    help_form.refresh_from_db()
    assert help_form.status == HelpFormStatus.PROPOSED
    consent(world.own_family, child, mother, world.family_worker)
    consent(world.own_family, child, father, world.family_worker)
    assert alice.post(url, {"version": help_form.version}).status_code == 302
    help_form.refresh_from_db()
    assert help_form.status == HelpFormStatus.ACTIVE


def test_withdrawing_consent_pauses_the_help_until_consent_is_given_again(world, alice):
    mother, father, child = members(world.own_family)
    consent(world.own_family, child, mother, world.family_worker)
    fathers = consent(world.own_family, child, father, world.family_worker)
    help_form = running_help(world.own_family, child, world.family_worker)
    response = alice.post(reverse("consent:withdraw", args=[world.own_family.pk]), {
        "consent": fathers.pk, "withdrawn_on": today().isoformat(), "note": "Wil eerst praten.",
        "version": fathers.version})
    assert response.status_code == 302
    help_form.refresh_from_db()
    assert help_form.status == HelpFormStatus.PAUSED
    page = alice.get(reverse("families:person", args=[child.pk])).content.decode()
    assert "Mark Jansen (parent with authority) has withdrawn consent." in page
    assert 'data-complete="false"' in page
    url = reverse("catalogue:helpform_activate", args=[help_form.pk])
    assert alice.post(url, {"version": help_form.version}).status_code == 200
    consent(world.own_family, child, father, world.family_worker, given_on=today())
    assert alice.post(url, {"version": help_form.version}).status_code == 302
    help_form.refresh_from_db()
    assert help_form.status == HelpFormStatus.ACTIVE


def test_withdrawal_of_a_consent_that_changed_meanwhile_is_refused(world, alice):
    mother, _father, child = members(world.own_family)
    mothers = consent(world.own_family, child, mother, world.family_worker)
    response = alice.post(reverse("consent:withdraw", args=[world.own_family.pk]), {
        "consent": mothers.pk, "withdrawn_on": today().isoformat(), "version": 7})
    assert response.status_code == 200
    mothers.refresh_from_db()
    assert mothers.withdrawn_on is None


def test_a_parent_without_authority_is_informed_not_asked(world, alice):
    mother, father, child = members(world.own_family)
    child.parent_relations.filter(parent=father).update(has_authority=False)
    record(alice, world, child, mother)
    assert start_help(alice, world, child).status_code == 302
    page = alice.get(reverse("families:person", args=[child.pk])).content.decode()
    assert "Informed, not asked (no parental authority):" in page
    assert 'data-complete="true"' in page


def test_a_court_decision_replaces_a_parents_consent_and_is_recorded_as_such(world, alice):
    mother, father, child = members(world.own_family)
    record(alice, world, child, mother)
    missing_reference = record(alice, world, child, father, basis="court_decision",
                               form="decision")
    assert missing_reference.status_code == 200
    assert "needs its reference" in missing_reference.content.decode()
    assert record(alice, world, child, father, basis="court_decision", form="decision",
                  decision_reference="C/13/123456 / JE RK 26-1").status_code == 302
    assert Consent.objects.get(given_by=father).basis == ConsentBasis.COURT_DECISION
    assert start_help(alice, world, child).status_code == 302
    page = alice.get(reverse("families:person", args=[child.pk])).content.decode()
    assert "replaced by a decision" in page


def test_a_consent_date_in_the_future_is_refused(world, alice):
    mother, _father, child = members(world.own_family)
    response = record(alice, world, child, mother,
                      given_on=(today() + datetime.timedelta(days=1)).isoformat())
    assert response.status_code == 200
    assert not Consent.objects.exists()


def test_the_child_page_shows_who_must_consent_per_form_of_help(world, alice):
    mother, father, child = members(world.own_family)
    running_help(world.own_family, child, world.family_worker)
    consent(world.own_family, child, mother, world.family_worker)
    page = alice.get(reverse("families:person", args=[child.pk])).content.decode()
    assert "Sanne Jansen (parent with authority): <strong>given</strong>" in page
    assert "Mark Jansen (parent with authority): <strong>missing</strong>" in page
    assert reverse("consent:record", args=[world.own_family.pk]) in page


def test_an_exception_for_a_child_of_12_to_15_must_fit_its_age(world, alice):
    _mother, _father, child = members(world.own_family)  # 10 years old
    response = alice.post(reverse("consent:decision", args=[world.own_family.pk]), {
        "child": child.pk, "petal": SHELTER_PETAL, "kind": "serious_harm",
        "decided_on": today().isoformat(), "judged_by": world.youth_specialist.pk,
        "reasoning": "Ernstig nadeel dreigt."})
    assert response.status_code == 200
    assert "12 or older" in response.content.decode()


def test_recovery_help_in_the_direct_safety_phase_starts_only_after_the_warning_is_acknowledged(
    world, client_for
):
    mother, _father, _child = members(world.own_family)
    client = client_for(world.team_manager)
    payload = {"petal": "parent-trauma-treatment", "person": mother.pk,
               "responsible": world.ex_partner_worker.pk, "started_on": today().isoformat()}
    url = reverse("catalogue:helpform_start", args=[world.own_family.pk])
    warned = client.post(url, payload, HTTP_ACCEPT_LANGUAGE="en")
    assert warned.status_code == 200
    assert "The family is still in the direct-safety phase" in warned.content.decode()
    assert not HelpForm.objects.filter(person=mother).exists()
    assert client.post(url, {**payload, "acknowledge_warnings": "on"}).status_code == 302
    assert HelpForm.objects.get(person=mother).warnings_acknowledged == (
        "phase.recovery-before-safety")


def test_the_pages_speak_dutch_by_default(world, client_for):
    _mother, _father, child = members(world.own_family)
    running_help(world.own_family, child, world.family_worker)
    page = client_for(world.family_worker).get(
        reverse("families:person", args=[child.pk]), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Toestemming ontbreekt nog van:" in page
    assert "Sanne Jansen (ouder met gezag)" in page


def test_information_to_a_parent_without_authority_is_recorded_not_his_consent(world, alice):
    _mother, father, child = members(world.own_family)
    url = reverse("consent:information", args=[world.own_family.pk])
    payload = {"child": child.pk, "parent": father.pk, "shared_on": today().isoformat(),
               "what": "Schoolrapport en hoe het met haar gaat."}
    refused = alice.post(url, payload)
    assert refused.status_code == 200
    assert "holds parental authority: record consent instead" in refused.content.decode()
    child.parent_relations.filter(parent=father).update(has_authority=False)
    assert alice.post(url, payload).status_code == 302
    withheld = alice.post(url, {**payload, "what": "", "withheld": "on"})
    assert "needs the reason" in withheld.content.decode()
    page = alice.get(reverse("families:person", args=[child.pk])).content.decode()
    assert "Schoolrapport en hoe het met haar gaat." in page
