"""Importing a handover Bundle: all or nothing, with a readable report (issue 9, item 3)."""

import json

import pytest

from bloem.audit.models import AccessEvent, Action
from bloem.catalogue.models import HelpForm, HelpFormStatus
from bloem.consent.models import Consent
from bloem.families.models import (
    Family,
    FamilyRole,
    JournalEntry,
    ParentChildRelation,
    Person,
    SafetyLevel,
)
from bloem.interop.fhir import bundle_to_json, bundle_to_package, package_to_bundle, parse_bundle
from bloem.interop.importer import import_bundle
from bloem.interop.models import HandoverImport, ImportStatus
from bloem.planning.models import Goal
from bloem.safety.models import PlanAgreement
from bloem.screening.models import Response

from .packages import full_package

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def bundle_text(package=None) -> str:
    return bundle_to_json(package_to_bundle(package or full_package()))


def location_a(world):
    return world.own_family.stays.get().location


def import_(world, text, **kwargs):
    return import_bundle(text, location=location_a(world), worker=world.family_worker,
                         **kwargs)


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in (
        Family, Person, ParentChildRelation, Response, Goal, HelpForm, Consent, JournalEntry,
        PlanAgreement, HandoverImport)}


def test_the_import_creates_exactly_the_family_of_the_package(world):
    before = counts()
    report = import_(world, bundle_text())
    assert report.ok, report.problems
    family = Family.objects.get(pk=report.family_id)
    after = counts()
    assert {k: after[k] - before[k] for k in after} == {
        "Family": 1, "Person": 4, "ParentChildRelation": 3, "Response": 3, "Goal": 2,
        "HelpForm": 2, "Consent": 3, "JournalEntry": 1, "PlanAgreement": 2,
        "HandoverImport": 1}
    stay = family.stays.get()
    assert stay.location == location_a(world) and stay.family_worker == world.family_worker
    assert stay.safety_level == SafetyLevel.ORANGE
    assert family.assignments.get().worker == world.family_worker
    assert family.reference.startswith("G") and family.name == "de Vries-Ünal"
    noe = family.members.get(first_name="Noë")
    assert noe.family_role == FamilyRole.CHILD
    relations = {(r.parent.first_name, r.has_authority)
                 for r in ParentChildRelation.objects.filter(child=noe)}
    assert relations == {("Anouk", True), ("Jeroen", False)}
    assert set(HelpForm.objects.filter(family=family).values_list("status", flat=True)) == {
        HelpFormStatus.PROPOSED}
    trauma = HelpForm.objects.get(family=family, person=noe)
    assert trauma.responsible == world.youth_specialist  # the youth-care worker at A
    cries = Response.objects.get(person=noe, instrument="cries-13")
    assert cries.total == 31.5 and cries.band == "boven de afkapwaarde"
    assert cries.subscales == {"intrusion": 12, "avoidance": 10.5, "arousal": 9}
    assert not cries.complete
    withdrawn = Consent.objects.get(child=noe, withdrawn_on__isnull=False)
    assert withdrawn.given_by.first_name == "Jeroen"
    events = AccessEvent.objects.filter(family_id=family.pk)
    assert [(e.action, e.record_type) for e in events] == [(Action.CREATE, "families.family")]


def test_everything_of_the_package_can_be_read_back_from_the_imported_family(world):
    report = import_(world, bundle_text())
    kept = HandoverImport.objects.get(family_id=report.family_id)
    assert kept.status == ImportStatus.IMPORTED
    assert bundle_to_package(parse_bundle(kept.bundle)) == full_package()


def test_the_preview_saves_nothing_and_says_what_the_import_will_do(world):
    before = counts()
    events = AccessEvent.objects.count()
    report = import_(world, bundle_text(), dry_run=True)
    assert report.ok and report.family_id is None
    assert [m.name for m in report.members] == ["Anouk de Vries-Ünal", "Jeroen de Vries",
                                                "Noë de Vries", "Sam de Vries"]
    assert counts() == before and AccessEvent.objects.count() == events


def with_entry(text: str, resource: dict) -> str:
    data = json.loads(text)
    data["entry"].append({"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000001",
                          "resource": resource})
    return json.dumps(data)


@pytest.mark.parametrize(("change", "named"), [
    (lambda t: with_entry(t, {"resourceType": "Medication", "status": "active"}),
     "Medication"),
    (lambda t: t.replace("child-trauma-treatment", "magic-cure"), "magic-cure"),
    (lambda t: t.replace('"cries-13"', '"beck-99"'), "beck-99"),
    (lambda t: t.replace('"family": "de Vries-Ünal",\n', '').replace(
        '"given": [\n                  "Anouk"\n                ]', '"given": []'), "m1"),
    (lambda t: t.replace('"gender": "female"', '"gender": "feminine"'), "gender"),
    (lambda t: t.replace('"document"', '"collection"', 1), "collection"),
    (lambda t: "{not json", "FHIR"),
    (lambda t: '{"resourceType": "Patient"}', "FHIR"),
])
def test_a_bundle_with_one_bad_part_saves_nothing_and_the_report_names_it(world, change,
                                                                          named):
    before = counts()
    text = change(bundle_text())
    assert text != bundle_text()
    report = import_(world, text)
    assert not report.ok
    assert named in " ".join(report.problems), report.problems
    assert counts() == before


def test_a_reference_to_a_missing_resource_is_refused(world):
    data = json.loads(bundle_text())
    data["entry"] = [e for e in data["entry"]
                     if e["resource"]["resourceType"] != "Organization"]
    report = import_(world, json.dumps(data))
    assert any("Organization" in p for p in report.problems), report.problems
    assert report.family_id is None


def test_a_child_without_a_date_of_birth_is_refused(world):
    import dataclasses

    package = full_package()
    sam = dataclasses.replace(package.member("m4"), birth_date=None)
    package = dataclasses.replace(package, members=(*package.members[:3], sam))
    report = import_(world, bundle_text(package))
    assert report.problems == ["Member m4 (Sam de Vries): a child needs a date of birth."]


def test_a_member_without_a_last_name_is_refused(world):
    import dataclasses

    package = full_package()
    sam = dataclasses.replace(package.member("m4"), last_name="")
    package = dataclasses.replace(package, members=(*package.members[:3], sam))
    report = import_(world, bundle_text(package))
    assert report.problems == ["Member m4 (Sam): a member needs a first and a last name."]


def test_a_bundle_without_the_stay_or_the_destination_is_refused(world):
    data = json.loads(bundle_text())
    composition = data["entry"][0]["resource"]
    del composition["event"][0]["period"]["start"]
    composition["extension"] = [e for e in composition["extension"]
                                if not e["url"].endswith("outflow-destination")]
    report = import_(world, json.dumps(data))
    assert any("start of the stay" in p for p in report.problems), report.problems
    assert any("outflow-destination" in p for p in report.problems), report.problems
