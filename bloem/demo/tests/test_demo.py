"""The demo loader: deterministic, guarded, and consistent with the models' rules."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bloem.accounts.models import Organisation, Role, Worker
from bloem.catalogue.models import HelpForm
from bloem.demo.logins import DEFAULT_PASSWORD, DEMO_LOGINS, PASSWORD_ENV
from bloem.families.models import (
    Assignment,
    Family,
    FamilyRole,
    JournalEntry,
    Person,
    Phase,
    SafetyLevel,
    Stay,
)

pytestmark = pytest.mark.django_db


def load(families: int = 60, seed: int = 1, **options) -> str:
    out = StringIO()
    call_command("demo", families=families, seed=seed, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo():
    load(60)


def snapshot() -> list:
    """Everything a same-seed run must reproduce, independent of primary keys."""
    persons = list(Person.objects.order_by("family__reference", "pk").values_list(
        "family__reference", "family__name", "family__municipality", "family_role",
        "first_name", "last_name", "date_of_birth", "gender", "address", "phone",
    ))
    stays = list(Stay.objects.order_by("family__reference").values_list(
        "family__reference", "location__name", "unit__name", "started_on", "ended_on",
        "family_worker__username", "phase", "safety_level",
    ))
    help_forms = list(HelpForm.objects.order_by("family__reference", "pk").values_list(
        "family__reference", "petal", "responsible__username", "started_on",
    ))
    return [persons, stays, help_forms]


def test_the_same_seed_gives_the_same_families():
    load(20, seed=7)
    first = snapshot()
    Family.objects.all().delete()
    load(20, seed=7)
    assert snapshot() == first
    assert len(first[0]) > 20


def test_another_seed_gives_other_families():
    load(20, seed=7)
    first = snapshot()
    Family.objects.all().delete()
    load(20, seed=8)
    assert snapshot()[0] != first[0]


def test_if_empty_does_nothing_when_families_exist():
    load(5)
    persons = Person.objects.count()
    out = load(5, if_empty=True)
    assert Family.objects.count() == 5
    assert Person.objects.count() == persons
    assert "already holds families" in out


def test_a_second_run_adds_families_and_reuses_the_world():
    load(5)
    workers, organisations = Worker.objects.count(), Organisation.objects.count()
    load(5, seed=2)
    assert Family.objects.count() == 10
    assert Worker.objects.count() == workers
    assert Organisation.objects.count() == organisations == 3
    assert set(Family.objects.values_list("reference", flat=True)) == {
        f"G{n:07d}" for n in range(1, 11)
    }


def test_refuses_without_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        load(5)
    assert not Family.objects.exists()


@pytest.mark.parametrize("families", [0, -3, 1_000_001])
def test_refuses_an_invalid_number_of_families(families):
    with pytest.raises(CommandError, match="--families"):
        load(families)


def test_refuses_a_number_that_is_not_a_number():
    with pytest.raises(CommandError):
        call_command("demo", "--families", "many")


def test_all_phases_and_safety_levels_are_present(demo):
    assert set(Stay.objects.values_list("phase", flat=True)) == set(Phase.values)
    assert set(Stay.objects.values_list("safety_level", flat=True)) == set(SafetyLevel.values)


def test_phase_and_safety_histories_end_in_the_current_state(demo):
    today = timezone.localdate()
    stays = Stay.objects.prefetch_related("phase_decisions", "safety_assessments")
    for stay in stays:
        decisions = sorted(stay.phase_decisions.all(), key=lambda d: d.decided_on)
        phases = [d.phase for d in decisions]
        assert phases == list(Phase.values)[: len(phases)]
        assert phases[-1] == stay.phase
        assert decisions[0].decided_on == stay.started_on
        assert len({d.decided_on for d in decisions}) == len(decisions)
        assessments = sorted(stay.safety_assessments.all(), key=lambda a: a.assessed_on)
        assert 1 <= len(assessments) <= 3
        assert assessments[-1].level == stay.safety_level
        last_day = stay.ended_on or today
        assert stay.started_on <= last_day <= today
        assert decisions[-1].decided_on <= last_day


def test_the_family_worker_login_sees_at_least_ten_families(demo):
    worker = Worker.objects.get(username="gezinshulpverlener")
    assert Family.objects.visible_to(worker).count() >= 10
    assert Stay.objects.filter(family_worker=worker, ended_on__isnull=True).count() >= 10
    assert Assignment.objects.filter(
        worker=worker, role=Role.FAMILY_WORKER, ended_on__isnull=True
    ).count() >= 10


def test_every_stay_has_its_family_worker_assigned(demo):
    assigned = set(Assignment.objects.filter(role=Role.FAMILY_WORKER)
                   .values_list("family_id", "worker_id"))
    stays = set(Stay.objects.values_list("family_id", "family_worker_id"))
    assert stays <= assigned


def test_the_ggz_login_serves_only_ex_partners(demo):
    assignments = Assignment.objects.filter(worker__username="ggz-behandelaar")
    assert assignments.exists()
    roles = set(assignments.values_list("person__family_role", flat=True))
    assert roles == {FamilyRole.OTHER_PARENT}


@pytest.mark.parametrize("username", ["kinderwerker", "jeugdspecialist", "teammanager"])
def test_caseload_logins_see_families(demo, username):
    assert Family.objects.visible_to(Worker.objects.get(username=username)).exists()


def test_help_is_given_by_a_worker_of_the_providing_organisation(demo):
    assert HelpForm.objects.exists()
    mismatched = HelpForm.objects.exclude(responsible__organisation__kind=F("petal__provider_kind"))
    assert not mismatched.exists()


def test_every_stay_unit_belongs_to_its_location(demo):
    assert not Stay.objects.exclude(unit__location=F("location")).exists()


def test_sampled_rows_pass_model_validation(demo):
    for model in (Person, Stay, Assignment, HelpForm, JournalEntry):
        for row in model.objects.all()[:25]:
            row.full_clean()


def test_children_share_a_last_name_with_a_parent(demo):
    parents = {}
    for family_id, last_name in Person.objects.exclude(
        family_role__in=[FamilyRole.CHILD, FamilyRole.NETWORK]
    ).values_list("family_id", "last_name"):
        parents.setdefault(family_id, set()).add(last_name)
    children = Person.objects.filter(family_role=FamilyRole.CHILD)
    for family_id, last_name in children.values_list("family_id", "last_name"):
        assert last_name in parents[family_id]


def test_demo_logins_share_one_password_and_others_cannot_log_in(demo):
    logins = Worker.objects.filter(username__in=[login.username for login in DEMO_LOGINS])
    assert logins.count() == len(DEMO_LOGINS)
    assert all(worker.check_password(DEFAULT_PASSWORD) for worker in logins)
    assert len(set(logins.values_list("password", flat=True))) == 1
    admin = logins.get(username="beheerder")
    assert admin.is_staff and not admin.is_superuser
    others = Worker.objects.exclude(pk__in=logins)
    assert others.exists()
    assert not any(worker.has_usable_password() for worker in others)


def is_write(query: dict) -> bool:
    """An INSERT (executemany is logged as "N times: INSERT ...") or the primary keys
    reserved for one; COPY on PostgreSQL is not logged at all."""
    sql = query["sql"].lstrip()
    return (sql.upper().startswith("INSERT") or " times: INSERT" in sql
            or "sqlite_sequence" in sql or "nextval(" in sql)


def test_the_number_of_lookups_does_not_grow_with_the_families():
    def lookups(families: int) -> int:
        Family.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            load(families)
        return sum(not is_write(q) for q in queries)

    load(1)  # the reference world exists from here on
    assert lookups(10) == lookups(60)


def test_demo_logins_lists_every_login_and_the_default_password(monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    monkeypatch.setenv("PORT", "8123")
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert all(login.username in text for login in DEMO_LOGINS)
    assert DEFAULT_PASSWORD in text
    assert "http://127.0.0.1:8123" in text
    assert "authenticator-app key JBSWY3DPEHPK3PXP" in text


def test_demo_logins_never_prints_a_password_from_the_environment(monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "a-secret-demo-password")
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "a-secret-demo-password" not in out.getvalue()
    assert f"(from {PASSWORD_ENV})" in out.getvalue()


def test_the_demo_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "another-demo-password")
    load(1)
    assert Worker.objects.get(username="teammanager").check_password("another-demo-password")
