"""The worklist shows each worker what the care rules block in their families, and why,
with a link to where it is resolved — never another family's — in a fixed number of
queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bloem.audit.models import AccessEvent, Action
from bloem.consent.tests.helpers import consent, members, running_help
from bloem.core import fields
from bloem.families.models import PhaseDecision
from bloem.families.tests.factories import TODAY, family_at
from bloem.planning.tests.helpers import add_team_work


@pytest.fixture
def alice(world, client_for):
    client = client_for(world.family_worker)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_running_help_without_complete_consent_is_on_the_worklist_with_a_link(world, alice):
    mother, father, child = members(world.own_family)
    running_help(world.own_family, child, world.family_worker)
    consent(world.own_family, child, mother, world.family_worker)
    running_help(world.foreign_family, members(world.foreign_family)[2],
                 world.other_family_worker)
    html = alice.get(reverse("planning:worklist")).content.decode()
    assert "Missing consent" in html
    assert "Consent is still missing from: Mark Jansen (parent with authority)." in html
    assert reverse("families:person", args=[child.pk]) + "#consent-heading" in html
    assert "De Vries" not in html


def test_complete_consent_leaves_nothing_on_the_worklist(world, alice):
    mother, father, child = members(world.own_family)
    for kid in world.own_family.members.filter(family_role="child"):
        running_help(world.own_family, kid, world.family_worker)
        consent(world.own_family, kid, mother, world.family_worker)
        consent(world.own_family, kid, father, world.family_worker)
    assert "Nothing waits for you in your families." in alice.get(
        reverse("planning:worklist")).content.decode()


def test_trauma_treatment_and_unqualified_work_are_on_the_worklist(world, client_for):
    mother, father, child = members(world.own_family)
    for parent in (mother, father):
        consent(world.own_family, child, parent, world.family_worker,
                petal="child-trauma-treatment")
    running_help(world.own_family, child, world.youth_specialist,
                 petal="child-trauma-treatment")
    client = client_for(world.youth_specialist)
    html = client.get(reverse("planning:worklist"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Missing stability judgement" in html
    assert "Unqualified assignment" in html
    assert reverse("consent:stability", args=[world.own_family.pk]) in html


def test_the_worklist_is_audited_as_a_list(world, alice):
    _mother, _father, child = members(world.own_family)
    running_help(world.own_family, child, world.family_worker)
    before = AccessEvent.objects.count()
    alice.get(reverse("planning:worklist"))
    [event] = AccessEvent.objects.order_by("id")[before:]
    assert (event.action, event.subject_count) == (Action.LIST, 1)


def test_the_worklist_runs_a_constant_number_of_queries(world, client_for,
                                                        django_assert_max_num_queries):
    client = client_for(world.team_manager)
    _mother, _father, child = members(world.own_family)
    running_help(world.own_family, child, world.family_worker)
    url = reverse("planning:worklist")
    with CaptureQueriesContext(connection) as few:
        first = client.get(url).content.decode().count('class="worklist-item"')
    unit = world.own_family.stays.get().unit
    for i in range(6):
        family = family_at(unit, world.family_worker, name=f"Extra{i}")
        for person in family.members.all():
            running_help(family, person, world.family_worker, supervisor=world.team_manager)
    with django_assert_max_num_queries(len(few)):
        second = client.get(url).content.decode().count('class="worklist-item"')
    assert second > first


def test_the_child_page_with_its_consent_panel_runs_a_constant_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    mother, father, child = members(world.own_family)
    client = client_for(world.family_worker)
    url = reverse("families:person", args=[child.pk])
    running_help(world.own_family, child, world.family_worker)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for petal in ("daily-life-guidance", "stress-reduction", "toontje-veerkracht"):
        running_help(world.own_family, child, world.family_worker, petal=petal)
        for parent in (mother, father):
            consent(world.own_family, child, parent, world.family_worker, petal=petal)
    with django_assert_max_num_queries(len(few)):
        html = client.get(url).content.decode()
    assert html.count("consent-status") == 4


def test_a_team_manager_pages_through_the_families_of_the_location(world, client_for,
                                                                   monkeypatch):
    from bloem.planning import selectors

    monkeypatch.setattr(selectors, "FAMILIES_PER_PAGE", 1)
    unit = world.own_family.stays.get().unit
    other = family_at(unit, world.family_worker, name="Zwart")
    for family in (world.own_family, other):
        running_help(family, members(family)[2], world.family_worker)
    client = client_for(world.team_manager)
    url = reverse("planning:worklist")
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    second = client.get(url, {"pagina": 2}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Jansen" in first and "Zwart" not in first
    assert "Zwart" in second
    assert "Families 1–1 of 2 checked" in first


def test_a_phase_decision_past_the_organisations_review_period_is_on_the_worklist(
    world, alice, settings
):
    # The world's phase decision was taken when the stay started, 30 days before TODAY.
    settings.PHASE_REVIEW_DAYS = 0
    assert "Phase decision overdue" not in alice.get(reverse("planning:worklist")
                                                      ).content.decode()
    settings.PHASE_REVIEW_DAYS = 7
    html = alice.get(reverse("planning:worklist")).content.decode()
    assert "Phase decision overdue" in html
    assert reverse("families:phase_decide", args=[world.own_family.pk]) in html
    assert "De Vries" not in html
    # The stay's last decision counts: a decision today takes it off the worklist.
    stay = world.own_family.stays.get()
    PhaseDecision.objects.create(stay=stay, phase=stay.phase, decided_on=timezone.localdate(),
                                 decided_by=world.family_worker, reason="Besproken.")
    assert "Phase decision overdue" not in alice.get(reverse("planning:worklist")
                                                      ).content.decode()


def test_the_worklist_never_decrypts_a_persons_contact_details(world, client_for,
                                                              monkeypatch):
    # Children waiting for help, goals to review, a referral to take on and consent to
    # complete: every kind of item that names a person, each with an address on file.
    mother, _father, child = members(world.own_family)
    world.own_family.members.update(address="Geheimstraat 1", phone="0612345678")
    stay = world.own_family.stays.get()
    stay.started_on = TODAY - datetime.timedelta(days=30)
    stay.save()
    running_help(world.own_family, child, world.family_worker)
    add_team_work(world.own_family, world.team_manager)
    world.own_family.goals.update(review_on=TODAY)
    read = []
    decrypt = fields.crypto.decrypt

    def recorded(value, context):
        read.append(context)
        return decrypt(value, context=context)

    monkeypatch.setattr(fields.crypto, "decrypt", recorded)
    html = client_for(world.team_manager).get(reverse("planning:worklist")).content.decode()
    for kind in ("consent", "child_waiting", "referral", "review_"):
        assert f'data-kind="{kind}' in html, kind
    assert not [context for context in read if context.startswith("families_person.")]
