"""Reports read from the replica; everything else, and every write, from the primary
(bloem/core/db_router.py, docs/deployment.md).

The test settings carry a second alias, `replica`, as a test mirror of the test database;
these tests switch routing to it on with READ_REPLICA and look at which connection ran
which SQL. (On SQLite the mirror reads the test's uncommitted rows; on PostgreSQL it is a
second connection that sees none of them, so the tests check where queries go, not what
they return.)"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.sessions.models import Session
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from bloem.accounts.models import Worker
from bloem.audit.models import AccessEvent
from bloem.core.db_router import REPLICA, Freshness, reads_from_replica
from bloem.families.models import Family
from bloem.outcomes import cohort as cohort_stats
from bloem.outcomes.models import ExportStatus, ResearchExport
from bloem.outcomes.tests.conftest import cohort  # noqa: F401 - the fixture
from bloem.screening.models import Response

pytestmark = pytest.mark.django_db(databases=["default", REPLICA])

ACCESS_LOG = "audit_accessevent"


@pytest.fixture(autouse=True)
def _replica():
    with override_settings(READ_REPLICA=REPLICA):
        yield
    connections[REPLICA].close()  # else PostgreSQL cannot drop the test database


class Queries:
    """The SQL each alias ran inside the block."""

    def __enter__(self):
        self._contexts = {alias: CaptureQueriesContext(connections[alias])
                          for alias in ("default", REPLICA)}
        for context in self._contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self._contexts.values():
            context.__exit__(*exc)

    def on(self, alias: str) -> list[str]:
        return [q["sql"] for q in self._contexts[alias].captured_queries]

    def touching(self, alias: str, table: str) -> list[str]:
        return [sql for sql in self.on(alias) if f'"{table}"' in sql]


# -- the router ------------------------------------------------------------------------------


def test_outside_the_context_everything_uses_the_primary():
    assert router.db_for_read(Response) == "default"
    assert router.db_for_write(Response) == "default"
    with Queries() as queries:
        list(Response.objects.all())
    assert queries.on(REPLICA) == []


def test_an_object_loaded_from_the_replica_is_followed_on_the_primary_afterwards(world):
    family = Family.objects.get(pk=world.own_family.pk)
    family._state.db = REPLICA  # as if read inside reads_from_replica()
    with Queries() as queries:
        list(family.members.all())
    assert queries.on(REPLICA) == []


def test_inside_the_context_reads_go_to_the_replica():
    with reads_from_replica():
        assert router.db_for_read(Response) == REPLICA
        with Queries() as queries:
            list(Response.objects.all())
    assert queries.touching(REPLICA, "screening_response")
    assert not queries.touching("default", "screening_response")


@pytest.mark.parametrize("model", [Session, Worker, AccessEvent,
                                   DatabaseCache("bloem_cache", {}).cache_model_class])
def test_security_state_is_never_read_from_the_replica(model):
    with reads_from_replica():
        assert router.db_for_read(model) == "default"


def test_a_write_inside_the_context_goes_to_the_primary_and_so_do_the_reads_after_it(world):
    with reads_from_replica():
        assert router.db_for_read(Family) == REPLICA
        with Queries() as queries:
            Family.objects.filter(pk=world.own_family.pk).update(name="Jansen-de Wit")
            assert Family.objects.get(pk=world.own_family.pk).name == "Jansen-de Wit"
    assert queries.on(REPLICA) == []
    assert queries.touching("default", "families_family")


def test_reads_inside_a_transaction_stay_on_the_primary():
    with reads_from_replica(), transaction.atomic():
        assert router.db_for_read(Response) == "default"


def test_without_a_replica_the_context_changes_nothing():
    with override_settings(READ_REPLICA=None), reads_from_replica(), Queries() as queries:
        assert router.db_for_read(Response) == "default"
        list(Response.objects.all())
    assert queries.on(REPLICA) == []


def test_the_router_refuses_migrations_on_the_replica():
    assert not router.allow_migrate(REPLICA, "families", model_name="family")
    assert router.allow_migrate("default", "families", model_name="family")


def test_the_replica_setting_adds_the_alias_and_nothing_without_it(monkeypatch):
    import runpy
    from pathlib import Path

    base = Path(__file__).resolve().parents[1] / "bloem" / "settings" / "base.py"
    monkeypatch.setenv("BLOEM_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("BLOEM_FIELD_KEYS", "dev:ZGV2LW9ubHktbm90LXNlY3JldC1ibG9lbS1rZXktMzI=")
    monkeypatch.setenv("BLOEM_DEMO", "true")
    monkeypatch.setenv("DATABASE_URL", "postgres://bloem@primary:5432/bloem")
    monkeypatch.delenv("BLOEM_REPLICA_URL", raising=False)
    values = runpy.run_path(str(base))
    assert set(values["DATABASES"]) == {"default"} and values["READ_REPLICA"] is None
    monkeypatch.setenv("BLOEM_REPLICA_URL", "postgres://bloem_read@replica:5432/bloem")
    values = runpy.run_path(str(base))
    assert values["DATABASES"]["replica"]["HOST"] == "replica"
    assert values["READ_REPLICA"] == REPLICA
    assert values["DATABASE_ROUTERS"] == ["bloem.core.db_router.ReplicaRouter"]


# -- the report code paths -------------------------------------------------------------------


def _audited_on_the_primary(queries: Queries) -> None:
    assert [sql for sql in queries.touching("default", ACCESS_LOG) if "INSERT" in sql]
    assert queries.touching(REPLICA, ACCESS_LOG) == []
    assert queries.touching(REPLICA, "django_session") == []


@pytest.mark.parametrize("url", [reverse("outcomes:dashboard"), reverse("outcomes:report"),
                                 "/api/v1/outcomes/cohort/"])
def test_the_cohort_statistics_read_from_the_replica_and_audit_on_the_primary(
        cohort, world, client_for, url):  # noqa: F811 - the fixture
    client = client_for(world.team_manager)
    with Queries() as queries:
        assert client.get(url).status_code == 200
    assert queries.touching(REPLICA, "screening_response")
    assert not queries.touching("default", "screening_response")
    _audited_on_the_primary(queries)


def test_the_cohort_selectors_read_from_the_replica(cohort, world):  # noqa: F811
    with Queries() as queries:
        cohort_stats.cohort(world.team_manager, cohort_stats.Selection())
    assert queries.touching(REPLICA, "screening_response")  # the responses, with the profile
    assert queries.touching(REPLICA, "catalogue_helpform")  # completeness
    assert queries.touching(REPLICA, "families_person")  # the persons joined to them
    # on the primary only the worker's own roles (who may see what must never lag)
    assert all(sql.startswith('SELECT "accounts_') for sql in queries.on("default"))


def test_the_research_export_reads_from_the_replica_and_its_approval_from_the_primary(
        cohort, world, client_for):  # noqa: F811
    export = ResearchExport.objects.create(
        project="effect-study", purpose="Evaluation with the university.", selection={},
        requested_by=world.team_manager, status=ExportStatus.APPROVED,
        decided_by=world.privacy_officer, decided_at=datetime.datetime.now(datetime.UTC))
    client = client_for(world.team_manager)
    with Queries() as queries:
        response = client.get(reverse("outcomes:export_download") + f"?export={export.pk}")
    assert response.status_code == 200
    assert queries.touching(REPLICA, "screening_response")
    assert queries.touching("default", "outcomes_researchexport")  # a fresh approval counts
    assert not queries.touching(REPLICA, "outcomes_researchexport")
    _audited_on_the_primary(queries)


@pytest.fixture
def registrations(world):
    from bloem.finance.services import registration_record
    from bloem.finance.tests.factories import help_form, month_start, products

    products(world.finance_officer)
    nika = help_form(world.own_family, "nika", world.youth_specialist,
                     started_on=month_start(2))
    return registration_record(request=None, help_form=nika, delivered_on=month_start(1),
                               quantity=Decimal("1.5"), user=world.youth_specialist)


@pytest.mark.parametrize("url", [reverse("finance:report"), reverse("finance:export_csv"),
                                 reverse("finance:export_xlsx"), "/api/v1/finance/production/"])
def test_the_finance_reports_read_from_the_replica_and_audit_on_the_primary(
        registrations, world, client_for, url):
    client = client_for(world.finance_officer)
    with Queries() as queries:
        assert client.get(url).status_code == 200
    assert queries.touching(REPLICA, "finance_registration")
    assert not queries.touching("default", "finance_registration")
    _audited_on_the_primary(queries)


def test_pages_with_a_form_stay_on_the_primary(registrations, world, client_for):
    """The budget page adds commissions and the family view books counter-entries: what
    was just saved must show at once, so they never read from a lagging replica."""
    client = client_for(world.finance_officer)
    with Queries() as queries:
        client.get(reverse("finance:budget"))
        client.get(reverse("finance:family", args=[world.own_family.pk]))
    assert queries.on(REPLICA) == []


def test_the_report_figures_are_the_same_from_either_database(registrations, world):
    """On SQLite the mirror holds the test's rows: the replica's answer is the primary's."""
    if connections["default"].vendor != "sqlite":
        pytest.skip("on PostgreSQL the mirror does not see the test's uncommitted rows")
    from bloem.finance import selectors

    def figures():
        return selectors.total(user=world.finance_officer, year=registrations.period.year)

    primary = figures()
    with reads_from_replica():
        replica = figures()
    assert replica == primary and primary["rows"] == 1


# -- what a report says about the replica ----------------------------------------------------


def test_without_a_streaming_replica_a_report_says_nothing_about_one(cohort, world,  # noqa: F811
                                                                      client_for):
    # the test mirror is no standby (SQLite, or PostgreSQL's own test database)
    response = client_for(world.team_manager).get(reverse("outcomes:report"))
    assert b"data-replica-freshness" not in response.content


@pytest.mark.parametrize(("freshness", "dutch"), [
    (Freshness(behind=True, as_of=datetime.datetime(2026, 11, 29, 9, 15, 7,
                                                    tzinfo=datetime.UTC)),
     "met de stand van 2026-11-29 10:15:07"),  # shown in Amsterdam time
    (Freshness(behind=False, as_of=None), "die bij was met de hoofddatabase"),
])
def test_a_report_from_the_replica_says_how_current_it_was(
        cohort, world, client_for, monkeypatch, freshness, dutch):  # noqa: F811
    monkeypatch.setattr("bloem.outcomes.views.replica_freshness", lambda: freshness)
    monkeypatch.setattr("bloem.finance.views.replica_freshness", lambda: freshness)
    for user, url in ((world.team_manager, reverse("outcomes:dashboard")),
                      (world.team_manager, reverse("outcomes:report")),
                      (world.finance_officer, reverse("finance:report"))):
        text = client_for(user).get(url).content.decode()
        assert "data-replica-freshness" in text and dutch in text, url
