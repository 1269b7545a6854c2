"""The import pages: upload, report (the trial import), confirm; only the uploader sees an
upload; the pages cost the same queries whatever the Bundle holds."""

import dataclasses
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bloem.audit.models import AccessEvent
from bloem.families.models import Family
from bloem.interop.fhir import bundle_to_json, package_to_bundle
from bloem.interop.models import HandoverImport, ImportStatus

from .packages import empty_package, full_package

pytestmark = pytest.mark.django_db


def upload(client, world, text: str):
    location = world.own_family.stays.get().location
    return client.post(reverse("interop:upload"), {
        "bundle": SimpleUploadedFile("overdracht.json", text.encode()),
        "location": location.pk})


def test_upload_shows_the_report_and_confirm_opens_the_family(world, client_for):
    client = client_for(world.family_worker)
    families = Family.objects.count()
    response = upload(client, world, bundle_to_json(package_to_bundle(full_package())))
    kept = HandoverImport.objects.get(uploaded_by=world.family_worker)
    assert response.status_code == 302 and response.url == reverse("interop:report",
                                                                   args=[kept.pk])
    assert kept.status == ImportStatus.PENDING and Family.objects.count() == families
    assert str(kept.pk) in response.url and "Vries" not in response.url
    page = client.get(response.url).content.decode()
    assert "Noë de Vries" in page and reverse("interop:confirm", args=[kept.pk]) in page
    done = client.post(reverse("interop:confirm", args=[kept.pk]))
    kept.refresh_from_db()
    assert kept.status == ImportStatus.IMPORTED and Family.objects.count() == families + 1
    assert done.url == reverse("families:detail", args=[kept.family_id])
    assert client.get(done.url).status_code == 200
    again = client.post(reverse("interop:confirm", args=[kept.pk]))
    assert again.url == reverse("interop:report", args=[kept.pk])
    assert Family.objects.count() == families + 1


def test_a_refused_bundle_shows_what_was_refused_and_offers_no_import(world, client_for):
    client = client_for(world.family_worker)
    text = bundle_to_json(package_to_bundle(full_package())).replace(
        "child-trauma-treatment", "magic-cure")
    response = upload(client, world, text)
    kept = HandoverImport.objects.get(uploaded_by=world.family_worker)
    assert kept.status == ImportStatus.REFUSED
    page = client.get(response.url).content.decode()
    assert "magic-cure" in page
    assert reverse("interop:confirm", args=[kept.pk]) not in page
    client.post(reverse("interop:confirm", args=[kept.pk]))
    assert HandoverImport.objects.get(pk=kept.pk).family is None


def test_a_file_that_is_not_text_is_refused_by_the_form(world, client_for):
    client = client_for(world.family_worker)
    location = world.own_family.stays.get().location
    response = client.post(reverse("interop:upload"), {
        "bundle": SimpleUploadedFile("x.json", b"\xff\xfe\x00"), "location": location.pk})
    assert response.status_code == 200 and not HandoverImport.objects.exists()


def test_another_worker_does_not_see_the_upload(world, client_for):
    upload(client_for(world.family_worker), world,
           bundle_to_json(package_to_bundle(full_package())))
    kept = HandoverImport.objects.get()
    other = client_for(world.unassigned_worker)
    assert other.get(reverse("interop:report", args=[kept.pk])).status_code == 404
    assert other.post(reverse("interop:confirm", args=[kept.pk])).status_code == 404
    assert client_for(world.child_worker).get(reverse("interop:upload")).status_code == 403


def test_upload_and_report_are_audited(world, client_for):
    client = client_for(world.family_worker)
    before = AccessEvent.objects.count()
    response = upload(client, world, bundle_to_json(package_to_bundle(full_package())))
    client.get(response.url)
    events = list(AccessEvent.objects.order_by("pk")[before:].values_list(
        "action", "record_type"))
    assert events == [("create", "interop.handoverimport"), ("view", "interop.handoverimport")]


def many_members(n: int):
    package = full_package()
    extra = tuple(dataclasses.replace(package.member("m3"), key=f"k{i}", first_name=f"Kind{i}",
                                      consents=(), parents=())
                  for i in range(n))
    return dataclasses.replace(package, members=package.members + extra)


@pytest.mark.parametrize("route", ["interop:upload", "interop:report"])
def test_the_pages_cost_the_same_queries_whatever_the_bundle_holds(
        world, client_for, route, django_assert_max_num_queries):
    client = client_for(world.family_worker)
    small = upload(client, world, bundle_to_json(package_to_bundle(empty_package())))
    large = upload(client, world, bundle_to_json(package_to_bundle(many_members(12))))
    url = {"interop:upload": lambda r: reverse("interop:upload"),
           "interop:report": lambda r: r.url}[route]
    client.get(url(small))
    with django_assert_max_num_queries(30) as few:
        client.get(url(small))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(large))


def test_the_bundle_and_report_are_never_stored_in_clear(world, client_for):
    from django.db import connection

    client = client_for(world.family_worker)
    upload(client, world, bundle_to_json(package_to_bundle(full_package())))
    kept = HandoverImport.objects.get()
    client.post(reverse("interop:confirm", args=[kept.pk]))
    assert HandoverImport.objects.get().status == ImportStatus.IMPORTED
    with connection.cursor() as cursor:
        cursor.execute("SELECT bundle, report FROM interop_handoverimport")
        raw = cursor.fetchone()
    assert "Vries" not in json.dumps(raw)
    kept.refresh_from_db()
    assert kept.report_data["family_id"] == kept.family_id is not None


def test_an_upload_never_imported_is_thrown_away_after_a_day(world, client_for):
    import datetime

    from django.utils import timezone

    location = world.own_family.stays.get().location
    stale = HandoverImport.objects.create(
        uploaded_by=world.other_family_worker, location=location, bundle="{}",
        uploaded_at=timezone.now() - datetime.timedelta(days=2))
    upload(client_for(world.family_worker), world,
           bundle_to_json(package_to_bundle(empty_package())))
    assert not HandoverImport.objects.filter(pk=stale.pk).exists()
    assert HandoverImport.objects.filter(family=world.own_family).count() == 0
