"""Pages cost a fixed number of queries whatever the size of the family or the caseload."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from bloem.catalogue.models import HelpForm, Petal
from bloem.demo.outcomes import ensure_schedules
from bloem.families.models import FamilyRole, JournalEntry
from bloem.families.tests.factories import PersonFactory, family_at

# The worker's active emergency accesses are loaded once per request (for the audit
# event's break-glass mark and the banner), the family's corrections in one query however
# long; the worker's organisation comes with her session's worker, the note form's family
# members from the family's own. One more the first time a process reads the catalogue.
FAMILY_PAGE_QUERIES = 17
PERSON_PAGE_QUERIES = 17
# A child's page adds the consent panel: the consent facts its rules read (parents,
# consents, decisions), then what the panel lists, and the due measurements' answers.
CHILD_PAGE_QUERIES = 23
LIST_PAGE_QUERIES = 10


def _grow(family, worker, size):
    for _ in range(size):
        PersonFactory(family=family, family_role=FamilyRole.CHILD)
    petal = Petal.objects.get(code="toontje-veerkracht")
    for child in family.members.filter(family_role=FamilyRole.CHILD):
        HelpForm.objects.create(family=family, person=child, petal=petal, responsible=worker,
                                started_on=datetime.date(2026, 10, 1))
    for i in range(size):
        JournalEntry.objects.create(family=family, author=worker, text=f"Note {i}",
                                    written_at=datetime.datetime(2026, 10, 1, 10, i % 60,
                                                                 tzinfo=datetime.UTC))


@pytest.mark.parametrize("size", [1, 10, 40])
def test_family_page_queries_do_not_grow_with_the_family(world, client_for,
                                                         django_assert_max_num_queries, size):
    _grow(world.own_family, world.family_worker, size)
    client = client_for(world.family_worker)
    with django_assert_max_num_queries(FAMILY_PAGE_QUERIES):
        response = client.get(reverse("families:detail", args=[world.own_family.pk]))
    assert response.status_code == 200
    # The note form offers every member, from the members the page loaded anyway.
    html = response.content.decode()
    for member in world.own_family.members.all():
        assert f'<option value="{member.pk}">{escape(member)}</option>' in html


@pytest.mark.parametrize("size", [1, 20])
def test_person_page_queries_do_not_grow_with_the_notes_about_the_person(
        world, client_for, django_assert_max_num_queries, size):
    mother = world.own_family.members.get(family_role=FamilyRole.PARENT)
    for i in range(size):
        JournalEntry.objects.create(family=world.own_family, person=mother,
                                    author=world.family_worker, text=f"Note {i}",
                                    written_at=datetime.datetime(2026, 10, 1, 10, i,
                                                                 tzinfo=datetime.UTC))
    client = client_for(world.family_worker)
    with django_assert_max_num_queries(PERSON_PAGE_QUERIES):
        response = client.get(reverse("families:person", args=[mother.pk]))
    assert response.content.decode().count("Note ") == size


@pytest.mark.parametrize("size", [1, 10, 30])
def test_my_families_queries_do_not_grow_with_the_caseload(world, client_for,
                                                           django_assert_max_num_queries, size):
    unit = world.own_family.stays.get().unit
    for i in range(size):
        family_at(unit, world.family_worker, name=f"Familie{i}", children=1)
    client = client_for(world.team_manager)
    with django_assert_max_num_queries(LIST_PAGE_QUERIES):
        response = client.get(reverse("families:list"))
    assert response.status_code == 200
    assert len(response.context["families"]) == min(size + 1, 25)


@pytest.mark.parametrize("size", [1, 6])
def test_a_child_s_page_reads_her_forms_of_help_once(world, client_for,
                                                     django_assert_max_num_queries, size):
    # Her forms of help feed the page's table, the consent panel's rules and the due
    # measurements: one query for the three, however many forms of help.
    ensure_schedules()  # toontje-veerkracht: two worker observations a week after the start
    child = world.own_family.members.filter(family_role=FamilyRole.CHILD).first()
    petal = Petal.objects.get(code="toontje-veerkracht")
    for _ in range(size):
        HelpForm.objects.create(family=world.own_family, person=child, petal=petal,
                                responsible=world.child_worker,
                                started_on=timezone.localdate() - datetime.timedelta(days=3))
    client = client_for(world.family_worker)
    with django_assert_max_num_queries(CHILD_PAGE_QUERIES) as captured:
        response = client.get(reverse("families:person", args=[child.pk]))
    html = response.content.decode()
    assert html.count('class="consent-status"') == size
    assert html.count('<tr data-status="due">') == 2 * size
    assert len([q for q in captured.captured_queries
                if 'FROM "catalogue_helpform"' in q["sql"]]) == 1
