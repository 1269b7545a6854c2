"""Bloem's PostgreSQL connections: without JIT (compiling took 0.4 s of a 0.7 s worklist at
100,000 families, bench/, issue 12) and without server-side cursors (a form's select
opened one per page)."""

import pytest
from django import forms
from django.db import connection
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
