"""NEN 7513: every page that shows client data writes exactly one access event, writes are
logged in their own transaction, and the log cannot be changed."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from bloem.audit.models import AccessEvent, Action
from bloem.families.models import FamilyRole


def _client_data_pages(world):
    family = world.own_family
    child = family.members.filter(family_role=FamilyRole.CHILD).first()
    return [
        (reverse("families:detail", args=[family.pk]), Action.VIEW, None),
        (reverse("families:journal", args=[family.pk]), Action.VIEW, None),
        (reverse("families:person", args=[child.pk]), Action.VIEW, child.pk),
        (reverse("families:edit", args=[family.pk]), Action.VIEW, None),
        (reverse("families:person_edit", args=[child.pk]), Action.VIEW, child.pk),
        (reverse("catalogue:helpform_start", args=[family.pk]), Action.VIEW, None),
        (reverse("families:list"), Action.LIST, None),
    ]


def test_each_client_data_page_writes_exactly_one_event(world, client_for):
    client = client_for(world.family_worker)
    for url, action, person_id in _client_data_pages(world):
        before = AccessEvent.objects.count()
        assert client.get(url, REMOTE_ADDR="10.1.2.3").status_code == 200
        assert AccessEvent.objects.count() == before + 1, url
        event = AccessEvent.objects.order_by("-id").first()
        assert event.action == action
        assert event.actor_id == world.family_worker.pk
        assert event.actor_username == "alice"
        assert event.actor_organisation == "Blijf Groep"
        assert "family_worker" in event.actor_roles
        assert event.ip_address == "10.1.2.3"
        assert event.session  # a hash of the session, never the key itself
        assert event.session != client.session.session_key
        if action == Action.VIEW:
            assert event.family_id == world.own_family.pk
            assert event.person_id == person_id


def test_behind_a_trusted_proxy_the_client_address_is_logged_not_the_proxys(
        world, client_for, settings):
    client = client_for(world.family_worker)
    url = reverse("families:detail", args=[world.own_family.pk])
    client.get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert AccessEvent.objects.order_by("-id").first().ip_address == "10.0.0.2"  # no proxy
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    client.get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert AccessEvent.objects.order_by("-id").first().ip_address == "203.0.113.9"


def test_a_refused_page_writes_no_event(world, client_for):
    client = client_for(world.family_worker)
    before = AccessEvent.objects.count()
    client.get(reverse("families:detail", args=[world.foreign_family.pk]))
    assert AccessEvent.objects.count() == before


def test_a_write_is_logged_with_its_record(world, client_for):
    client = client_for(world.family_worker)
    before = AccessEvent.objects.count()
    response = client.post(reverse("families:safety_assess", args=[world.own_family.pk]),
                           {"level": "red", "assessed_on": "2026-11-20",
                            "explanation": "Dreiging van ex-partner."})
    assert response.status_code == 302
    assert AccessEvent.objects.count() == before + 1
    event = AccessEvent.objects.order_by("-id").first()
    assert (event.action, event.record_type) == (Action.CREATE, "families.safetyassessment")
    assert event.family_id == world.own_family.pk


def test_an_invalid_write_saves_nothing_and_logs_only_the_form_view(world, client_for):
    client = client_for(world.family_worker)
    before = AccessEvent.objects.count()
    response = client.post(reverse("families:safety_assess", args=[world.own_family.pk]),
                           {"level": "purple", "assessed_on": "2026-11-20", "explanation": ""})
    assert response.status_code == 200
    assert AccessEvent.objects.filter(action=Action.CREATE).count() == 0
    assert AccessEvent.objects.count() == before  # the safety form shows no client data


def test_the_application_cannot_change_or_delete_events(world, client_for):
    client_for(world.family_worker).get(reverse("families:detail", args=[world.own_family.pk]))
    event = AccessEvent.objects.first()
    event.reason = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AccessEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AccessEvent.objects.update(reason="x")


@pytest.mark.parametrize("statement", [
    "UPDATE audit_accessevent SET reason = 'x'",
    "DELETE FROM audit_accessevent",
])
def test_the_database_refuses_to_change_or_delete_events(world, client_for, statement):
    client_for(world.family_worker).get(reverse("families:detail", args=[world.own_family.pk]))
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AccessEvent.objects.filter(reason="x").count() == 0
    assert AccessEvent.objects.count() == 1


def test_privacy_officer_prints_who_looked_at_a_file(world, client_for):
    child = world.own_family.members.filter(family_role=FamilyRole.CHILD).first()
    client_for(world.family_worker).get(reverse("families:person", args=[child.pk]))
    client_for(world.youth_specialist).get(reverse("families:detail",
                                                   args=[world.own_family.pk]))
    client_for(world.other_family_worker).get(reverse("families:detail",
                                                      args=[world.foreign_family.pk]))
    officer = client_for(world.privacy_officer)
    found = officer.post(reverse("audit:person_search"), {"name": child.first_name})
    assert child.full_name in found.content.decode()
    report = officer.get(reverse("audit:person_report", args=[child.pk])).content.decode()
    assert "alice" in report and "dirk" in report
    assert "bob" not in report


def test_privacy_officer_searches_the_log_by_worker(world, client_for):
    client_for(world.family_worker).get(reverse("families:detail", args=[world.own_family.pk]))
    client_for(world.other_family_worker).get(reverse("families:detail",
                                                      args=[world.foreign_family.pk]))
    html = client_for(world.privacy_officer).get(reverse("audit:search"),
                                                 {"worker": "bob"}).content.decode()
    assert "bob" in html and "alice" not in html


@pytest.mark.parametrize("persona", ["family_worker", "team_manager", "administrator"])
def test_only_the_privacy_officer_reads_the_log(world, client_for, persona):
    client = client_for(getattr(world, persona))
    assert client.get(reverse("audit:search")).status_code == 403
    assert client.get(reverse("audit:person_search")).status_code == 403


@pytest.mark.parametrize("params", [{"date_to": "9999-12-31"}, {"date_from": "0001-01-01"},
                                    {"family_id": str(2**70)}])
def test_the_audit_search_refuses_dates_and_ids_beyond_any_log(world, client_for, params):
    response = client_for(world.privacy_officer).get(reverse("audit:search"), params)
    assert response.status_code == 200
    assert response.context["form"].errors
