"""The outflow page and the handover preview: what each worker sees, and a fixed number of
queries whatever the size of the family and its file."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bloem.catalogue.models import HelpForm
from bloem.families.models import FamilyRole, ParentChildRelation
from bloem.families.tests.factories import PersonFactory
from bloem.outflow.models import ContinuingHelp, Handover
from bloem.planning.models import Goal

from .helpers import UTRECHT, add_handover, child_of, mother_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(world):
    from tests.helpers import prepare_world

    prepare_world(world)
    return world.own_family


def _grow(family, worker, n: int) -> None:
    """n more children, each with a form of help, help that must continue and a goal."""
    outflow = family.outflows.get()
    mother = mother_of(family)
    goal = Goal.objects.filter(family=family).first()
    for i in range(n):
        child = PersonFactory(family=family, family_role=FamilyRole.CHILD, first_name=f"Extra{i}",
                              date_of_birth=timezone.localdate().replace(year=2018))
        ParentChildRelation.objects.create(parent=mother, child=child, has_authority=True)
        help_form = HelpForm.objects.create(family=family, person=child,
                                            petal_id="school-guidance", responsible=worker,
                                            started_on=goal.started_on)
        ContinuingHelp.objects.create(family=family, outflow=outflow, person=child,
                                      help_form=help_form, petal_id="school-guidance",
                                      reason="Doorlopen.", recorded_by=worker)
        Goal.objects.create(plan=goal.plan, family=family, person=child, description="Doel",
                            responsible=worker, organisation_id=worker.organisation_id,
                            started_on=goal.started_on, review_on=goal.review_on)


def _everything(family) -> dict:
    parts = ["summary", "safety", "screening", "outcomes", "goals", "continuing_help",
             "consents"]
    return {str(m.pk): parts for m in family.members.filter(
        family_role__in=[FamilyRole.PARENT, FamilyRole.CHILD])}


def test_the_outflow_page_shows_where_the_family_goes(world, family, client_for):
    text = client_for(world.family_worker).get(
        reverse("outflow:family", args=[family.pk])).content.decode()
    assert "Utrecht" in text and "Jeugdteam Utrecht-Noord" in text


def test_the_ex_partners_worker_sees_neither_municipality_nor_handover(world, family,
                                                                       client_for):
    response = client_for(world.ex_partner_worker).get(
        reverse("outflow:family", args=[family.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Utrecht" not in text and "Jeugdteam" not in text
    handover = family.handovers.get()
    assert client_for(world.ex_partner_worker).get(
        reverse("outflow:handover", args=[handover.pk])).status_code == 404


def test_the_family_page_links_to_the_outflow(world, family, client_for):
    text = client_for(world.family_worker).get(
        reverse("families:detail", args=[family.pk])).content.decode()
    assert reverse("outflow:family", args=[family.pk]) in text


def test_the_person_page_shows_the_continuing_help(world, family, client_for):
    text = client_for(world.family_worker).get(
        reverse("families:person", args=[child_of(family).pk])).content.decode()
    assert "Traumabehandeling loopt door." in text


def test_the_outflow_page_does_a_fixed_number_of_queries(world, family, client_for,
                                                         django_assert_max_num_queries):
    client = client_for(world.family_worker)
    url = reverse("outflow:family", args=[family.pk])
    client.get(url)
    with django_assert_max_num_queries(22) as small:
        client.get(url)
    _grow(family, world.family_worker, 10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_preview_does_a_fixed_number_of_queries(world, family, client_for,
                                                    django_assert_max_num_queries):
    handover = add_handover(family.outflows.get(), world.family_worker, _everything(family))
    client = client_for(world.family_worker)
    url = reverse("outflow:handover", args=[handover.pk])
    client.get(url)
    with django_assert_max_num_queries(35) as small:
        client.get(url)
    _grow(family, world.family_worker, 10)
    Handover.objects.filter(pk=handover.pk).update(chosen=_everything(family))
    with django_assert_max_num_queries(len(small.captured_queries)):
        text = client.get(url).content.decode()
    assert text.count('class="package-member"') == 13  # mother, 2 children, 10 more


def test_the_pdf_is_an_audited_export(world, family, client_for):
    from bloem.audit.models import AccessEvent, Action

    handover = family.handovers.get()
    response = client_for(world.family_worker).get(
        reverse("outflow:handover_pdf", args=[handover.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessEvent.objects.filter(action=Action.EXPORT, record_type="outflow.handover",
                                      family_id=family.pk).count() == 1


def test_the_fhir_bundle_is_the_shared_package_and_an_audited_export(world, family,
                                                                     client_for):
    from bloem.audit.models import AccessEvent, Action
    from bloem.interop.fhir import bundle_to_package, parse_bundle
    from bloem.outflow.snapshot import package_from_json

    handover = family.handovers.get()
    response = client_for(world.family_worker).get(
        reverse("outflow:handover_fhir", args=[handover.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    bundle = parse_bundle(response.content)
    assert bundle_to_package(bundle) == package_from_json(handover.package)
    assert AccessEvent.objects.filter(action=Action.EXPORT, record_type="outflow.handover",
                                      family_id=family.pk).count() == 1
    type(handover).objects.filter(pk=handover.pk).update(shared_at=None)
    assert client_for(world.family_worker).get(
        reverse("outflow:handover_fhir", args=[handover.pk])).status_code == 404


def test_recording_the_outflow_keeps_the_municipality_out_of_the_url(world, family,
                                                                     client_for):
    family.outflows.all().delete()
    client = client_for(world.family_worker)
    response = client.post(reverse("outflow:record", args=[family.pk]), {
        "left_on": timezone.localdate().isoformat(), "destination": "own_housing",
        "new_municipality": UTRECHT, "summary": "Goed verlopen."})
    assert response.status_code == 302 and UTRECHT not in response["Location"]
    assert family.outflows.get().new_municipality_code == UTRECHT


def test_the_right_of_access_export_holds_the_childs_continuing_help(world, family, client):
    import json

    from bloem.accounts.tests.helpers import fresh_login

    client = fresh_login(client, world.privacy_officer)
    response = client.get(reverse("privacy:export_json", args=[child_of(family).pk]))
    [row] = json.loads(response.content)["continuing_help"]
    assert row["reason"] == "Traumabehandeling loopt door." and row["status"] == "to_hand_over"
    pdf = client.get(reverse("privacy:export_pdf", args=[child_of(family).pk]))
    assert pdf.status_code == 200
