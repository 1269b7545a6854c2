"""`bloem import_handover` and POST /api/v1/handover-imports/: the same import, the same
all-or-nothing, a non-zero exit or a 400 with the report when refused."""

import json

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.urls import reverse
from rest_framework.test import APIClient

from bloem.families.models import Family
from bloem.interop.fhir import bundle_to_json, package_to_bundle

from .packages import full_package

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def bundle_file(tmp_path):
    path = tmp_path / "overdracht.json"
    path.write_text(bundle_to_json(package_to_bundle(full_package())), encoding="utf-8")
    return path


def location_id(world) -> int:
    return world.own_family.stays.get().location_id


def test_the_command_imports_the_family(world, bundle_file, capsys):
    before = Family.objects.count()
    call_command("import_handover", str(bundle_file), location=location_id(world),
                 worker=world.family_worker.username)
    assert Family.objects.count() == before + 1
    assert "Imported as family" in capsys.readouterr().out


def test_the_command_refuses_a_bad_bundle_with_the_report_and_saves_nothing(
        world, bundle_file):
    bundle_file.write_text(bundle_file.read_text().replace('"cries-13"', '"beck-99"'))
    before = Family.objects.count()
    with pytest.raises(CommandError, match="beck-99"):
        call_command("import_handover", str(bundle_file), location=location_id(world),
                     worker=world.family_worker.username)
    assert Family.objects.count() == before


@pytest.mark.parametrize(("options", "message"), [
    ({"location": 999999}, "No location"),
    ({"worker": "nobody"}, "No active worker"),
    ({"worker": "hanna"}, "may not open family files"),
])
def test_the_command_refuses_wrong_arguments(world, bundle_file, options, message):
    arguments = {"location": location_id(world), "worker": world.family_worker.username,
                 **options}
    with pytest.raises(CommandError, match=message):
        call_command("import_handover", str(bundle_file), **arguments)


def test_the_command_exits_non_zero(world, bundle_file):
    bundle_file.write_text("{}")
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["bloem", "import_handover", str(bundle_file),
                                   "--location", str(location_id(world)), "--worker",
                                   world.family_worker.username])
    assert exit_.value.code != 0


def api(worker) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(worker)
    return client


def test_the_api_imports_the_family_and_answers_201_with_its_id(world):
    body = {"location": location_id(world),
            "bundle": json.loads(bundle_to_json(package_to_bundle(full_package())))}
    response = api(world.family_worker).post(reverse("api_v1:handover-import"), body,
                                             format="json")
    assert response.status_code == 201, response.content
    family = Family.objects.get(pk=response.json()["family"])
    assert family.members.count() == 4
    listed = api(world.family_worker).get(reverse("api_v1:family-detail", args=[family.pk]))
    assert listed.status_code == 200


def test_the_api_answers_400_with_the_report_and_saves_nothing(world):
    bundle = json.loads(bundle_to_json(package_to_bundle(full_package())).replace(
        "child-trauma-treatment", "magic-cure"))
    before = Family.objects.count()
    response = api(world.family_worker).post(reverse("api_v1:handover-import"),
                                             {"location": location_id(world),
                                              "bundle": bundle}, format="json")
    assert response.status_code == 400
    assert any("magic-cure" in p for p in response.json()["problems"])
    assert Family.objects.count() == before


def test_the_api_refuses_a_worker_who_may_not_open_files(world):
    response = api(world.child_worker).post(reverse("api_v1:handover-import"), {},
                                            format="json")
    assert response.status_code == 403
