"""The overview per location (families by safety level, overdue reviews, open Meldcode
cases) and the family's safety page, each in a fixed number of queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bloem.families.models import SafetyAssessment
from bloem.families.tests.factories import family_at
from bloem.safety.models import (
    AgreementKind,
    MeldcodeCase,
    PlanAgreement,
    PlanReview,
    ProtectiveMeasure,
    SafetyPlan,
)

from .helpers import logged_in, today


def _make_red(family, worker):
    stay = family.stays.get()
    SafetyAssessment.objects.create(stay=stay, level="red", assessed_on=today(),
                                    assessed_by=worker, explanation="Rood")
    stay.safety_level = "red"
    stay.save()


def _fill(family, worker):
    plan = SafetyPlan.objects.create(family=family,
                                     next_review_on=today() - datetime.timedelta(days=1))
    PlanReview.objects.create(family=family, plan=plan, reviewed_on=today(),
                              reviewed_by=worker)
    for kind in (AgreementKind.CODE_WORD, AgreementKind.DIGITAL):
        PlanAgreement.objects.create(family=family, plan=plan, kind=kind, text="Afspraak",
                                     agreed_on=today(), recorded_by=worker)
    ProtectiveMeasure.objects.create(family=family, kind="house_ban", issued_by="mayor",
                                     starts_on=today() - datetime.timedelta(days=30),
                                     ends_on=today() - datetime.timedelta(days=20),
                                     recorded_by=worker)
    MeldcodeCase.objects.create(family=family, opened_by=worker, signals_on=today(),
                                signals="Signaal")


def test_the_overview_counts_families_by_level_and_lists_what_is_overdue(world):
    _make_red(world.own_family, world.family_worker)
    _fill(world.own_family, world.family_worker)
    _fill(world.foreign_family, world.other_family_worker)
    html = logged_in(world.team_manager).get(reverse("safety:overview")).content.decode()
    assert "Jansen" in html and "De Vries" not in html
    assert "was due for review on" in html and "House ban (huisverbod) expired on" in html
    assert reverse("safety:meldcode", args=[world.own_family.meldcode_cases.get().pk]) in html
    assert 'data-level-count="red"' in html


def test_the_ex_partners_worker_sees_no_meldcode_cases_in_the_overview(world):
    _fill(world.own_family, world.family_worker)
    html = logged_in(world.ex_partner_worker).get(reverse("safety:overview")).content.decode()
    assert reverse("safety:meldcode", args=[world.own_family.meldcode_cases.get().pk]) \
        not in html


def test_the_overview_filters_on_a_location_the_worker_may_know(world):
    location = world.own_family.stays.get().location
    foreign = world.foreign_family.stays.get().location
    manager = logged_in(world.team_manager)
    assert manager.get(reverse("safety:overview"), {"locatie": location.pk,
                                                     "niveau": "orange"}).status_code == 200
    html = manager.get(reverse("safety:overview"), {"locatie": foreign.pk,
                                                     "niveau": "x"}).content.decode()
    assert "De Vries" not in html


def _constant(world, django_assert_max_num_queries, url, grow):
    """The queries of a page with one of everything, then with much more."""
    _make_red(world.own_family, world.family_worker)
    _fill(world.own_family, world.family_worker)
    client = logged_in(world.team_manager)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow()
    with django_assert_max_num_queries(len(few)):
        return client.get(url).content.decode()


def test_the_overview_runs_a_constant_number_of_queries(world, django_assert_max_num_queries):
    unit = world.own_family.stays.get().unit

    def grow():
        for i in range(5):
            family = family_at(unit, world.family_worker, name=f"Extra{i}")
            _make_red(family, world.family_worker)
            _fill(family, world.family_worker)

    html = _constant(world, django_assert_max_num_queries, reverse("safety:overview"), grow)
    assert html.count("Extra") >= 5


def test_the_family_safety_page_runs_a_constant_number_of_queries(
        world, django_assert_max_num_queries):
    family = world.own_family

    def grow():
        plan = family.safety_plan
        for i in range(5):
            _make_red(family, world.family_worker)
            PlanAgreement.objects.create(family=family, plan=plan, kind="other", text=f"A{i}",
                                         agreed_on=today(), recorded_by=world.family_worker)
            PlanReview.objects.create(family=family, plan=plan, reviewed_on=today(),
                                      reviewed_by=world.family_worker)
            MeldcodeCase.objects.create(family=family, opened_by=world.family_worker,
                                        signals_on=today(), signals="Signaal")

    html = _constant(world, django_assert_max_num_queries,
                     reverse("safety:family", args=[family.pk]), grow)
    assert "Code word" in html


def test_the_family_safety_page_is_audited(world):
    from bloem.audit.models import AccessEvent

    before = AccessEvent.objects.count()
    logged_in(world.family_worker).get(reverse("safety:family", args=[world.own_family.pk]))
    event = AccessEvent.objects.order_by("id")[before:].get()
    assert event.family_id == world.own_family.pk
