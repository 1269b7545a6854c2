"""Bloem's PostgreSQL connections: without JIT (compiling took 0.4 s of a 0.7 s worklist at
100,000 families, bench/, issue 12), without server-side cursors (a form's select
opened one per page), and kept from one request to the next (connecting took most of a
light request's time under load)."""

import pytest
from django import forms
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import CaptureQueriesContext

from bloem.accounts.models import Worker


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit(postgresql):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.django_db
def test_a_forms_choices_are_one_plain_query(postgresql):
    field = forms.ModelChoiceField(queryset=Worker.objects.all())
    with CaptureQueriesContext(connection) as queries:
        assert [label for _, label in field.choices] == ["---------"]
    assert len(queries) == 1
    assert queries[0]["sql"].startswith("SELECT")


def test_a_web_worker_keeps_its_connection_from_one_request_to_the_next(postgresql,
                                                                        django_db_blocker):
    with django_db_blocker.unblock():
        worker = connections.create_connection(DEFAULT_DB_ALIAS)  # a web worker's own
        try:
            worker.ensure_connection()
            kept = worker.connection
            worker.close_if_unusable_or_obsolete()  # what Django does around every request
            worker.ensure_connection()
            assert worker.connection is kept
            assert worker.settings_dict["CONN_HEALTH_CHECKS"]  # checked before it is reused
        finally:
            worker.close()
