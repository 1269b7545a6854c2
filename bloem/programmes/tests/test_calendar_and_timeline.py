"""The facilitator's iCalendar feed parses, shows only their own sessions and no client
names, and stops when revoked; the timeline shows every kind of help in one view."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from bloem.consent.models import ContactAgreement
from bloem.programmes import services
from bloem.programmes.models import NikaStepKind, TraumaMethod

from .helpers import consent_of_both, members, plan, qualify, request_as, today


def feed_url(client) -> str:
    page = client.post(reverse("programmes:calendar_token"), {"action": "new"})
    body = page.content.decode()
    start = body.index("http://testserver/programmas/agenda/")
    return body[start:body.index('"', start)].replace("http://testserver", "")


def test_the_feed_parses_and_shows_only_the_facilitators_own_sessions(world, client_for):
    family = world.own_family
    mine = plan(family, world.team_manager, world.child_worker, name="Toontje najaar")
    plan(family, world.team_manager, world.youth_specialist, name="Andermans groep")
    _, _, child = members(family)
    consent_of_both(family, child, world.family_worker)
    services.enrol(request=request_as(world.family_worker), run=mine, person=child,
                   enrolled_on=today())
    url = feed_url(client_for(world.child_worker))
    client_for(world.child_worker).logout()
    response = client_for(world.family_worker).get(url)  # any client: the token counts
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == mine.sessions.count() == 4
    summaries = [str(e["SUMMARY"]) for e in events]
    assert all("Toontje najaar" in s for s in summaries)
    assert str(events[0]["LOCATION"]) == "Speelkamer"
    body = response.content.decode()
    assert child.first_name not in body and family.name not in body
    assert "Oranje Huis" not in body
    assert events[0]["DTEND"].dt - events[0]["DTSTART"].dt == datetime.timedelta(minutes=75)


def test_a_revoked_or_replaced_token_and_an_unknown_one_answer_404(world, client_for):
    plan(world.own_family, world.team_manager, world.child_worker)
    client = client_for(world.child_worker)
    first = feed_url(client)
    second = feed_url(client)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    client.post(reverse("programmes:calendar_token"), {"action": "revoke"})
    assert client.get(second).status_code == 404
    third = feed_url(client)
    world.child_worker.is_active = False
    world.child_worker.save()
    assert client.get(third).status_code == 404


def test_the_timeline_shows_every_kind_of_help(world, client_for,
                                               django_assert_max_num_queries):
    family = world.own_family
    mother, father, child = members(family)
    specialist = world.youth_specialist
    request = request_as(specialist)
    for petal in ("toontje-veerkracht", "nika", "child-trauma-treatment", "supervised-contact",
                  "school-guidance"):
        consent_of_both(family, child, world.family_worker, petal=petal)
    run = plan(family, world.team_manager, world.child_worker)
    services.enrol(request=request, run=run, person=child, enrolled_on=today())
    qualify(specialist, "nika")
    qualify(specialist, "emdr")
    nika = services.nika_start(request=request, family=family, child=child, parent=mother,
                               practitioner=specialist, supervisor=None, started_on=today())
    services.nika_session_record(request=request, trajectory=nika, kind=NikaStepKind.LEARN,
                                 held_on=today(), video_recorded_on=today(),
                                 feedback="Moeder benoemt wat het kind voelt.")
    services.nika_judge(request=request, trajectory=nika, judged_on=today(),
                        parent_can_change=True, relationship_stable=True, basis="Stabiel.")
    services.trauma_start(request=request, family=family, person=child,
                          method=TraumaMethod.EMDR, practitioner=specialist, started_on=today())
    ContactAgreement.objects.create(family=family, client=mother, agrees=True,
                                    decided_on=today(), recorded_by=world.family_worker)
    services.contact_plan(request=request, family=family, child=child, other_parent=father,
                          starts_at=timezone.now() + datetime.timedelta(days=1),
                          place="Omgangshuis", supervisor=specialist)
    school = services.school_record(request=request, family=family, child=child,
                                    kind="school", name="De Regenboog", contact_person="Juf Anja")
    services.advice_record(request=request, school=school, given_on=today(),
                           advice="Voorspelbaarheid.")
    client = client_for(world.youth_specialist)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with django_assert_max_num_queries(30):
        page = client.get(reverse("programmes:timeline", args=[child.pk])).content.decode()
    for kind in ("Group", "NIKA", "NIKA judgement", "Trauma treatment", "Supervised contact",
                 "Advice to De Regenboog"):
        assert kind in page, kind


@pytest.mark.parametrize("persona", ["ex_partner_worker", "unassigned_worker"])
def test_the_timeline_is_hidden_from_who_may_not_see_where_the_family_stays(
        world, client_for, persona):
    _, _, child = members(world.own_family)
    response = client_for(getattr(world, persona)).get(
        reverse("programmes:timeline", args=[child.pk]))
    assert response.status_code == 404
