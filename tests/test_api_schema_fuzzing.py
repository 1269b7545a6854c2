"""An OpenAPI fuzz run (issue 3, item 10): schemathesis reads the schema of API v1 from
the running application (its WSGI integration, authenticated as the family worker with an
API token) and sends generated requests — valid and invalid by the schema — to every
operation. None may answer with a server error. Bounded: a few examples per operation and
generation mode; each example runs in a savepoint that is rolled back."""

import os
from contextlib import contextmanager

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from .helpers import objects_of, prepare_world

EXAMPLES = int(os.environ.get("BLOEM_SCHEMA_FUZZ_EXAMPLES", "8"))  # per operation and mode
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("BLOEM_FUZZ_RANDOM"),
    database=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)
SCHEMA_PATH = "/api/v1/schema/?format=json"
# The kind of object each collection's `{id}` refers to: half the examples use the family
# worker's own object, so that they get past the 404 into validation and the services.
OWN_OBJECT_OF_COLLECTION = {
    "families": "family", "persons": "person", "stays": "stay", "help-forms": "help_form",
    "referrals": "referral", "analyses": "analysis", "action-plans": "plan", "goals": "goal",
    "handovers": "handover",
}


@contextmanager
def connection_kept_open():
    """The WSGI handler closes the database connection after each request (as it should in
    production); in a test the connection holds the test's transaction, so keep it open,
    as Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fixed_path_parameters(operation, own: dict) -> dict:
    collection = operation.path.strip("/").split("/")[0]
    kind = OWN_OBJECT_OF_COLLECTION.get(collection)
    if "{id}" in operation.path and kind:
        return {"id": own[kind].pk}
    if "{code}" in operation.path:
        return {"code": "nika"}
    return {}


def test_no_api_operation_answers_with_a_server_error(world):
    prepare_world(world)
    own = objects_of(world.own_family)
    token = Token.objects.create(user=world.family_worker)
    auth = {"Authorization": f"Token {token.key}"}
    app = WSGIHandler()
    calls: dict[str, int] = {}

    def fuzz(strategy, label: str) -> None:
        @FUZZ
        @given(case=strategy)
        def call(case):
            with transaction.atomic():
                response = case.call(app=app, headers=auth)
                calls[label] = calls.get(label, 0) + 1
                case.validate_response(response, checks=[not_a_server_error])
                transaction.set_rollback(True)

        call()

    with connection_kept_open():
        schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, app, headers=auth)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 15, [op.label for op in operations]

        for operation in operations:
            fixed = _fixed_path_parameters(operation, own)
            strategies = [
                operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
            ]
            if fixed:
                strategies += [
                    operation.as_strategy(generation_mode=mode, path_parameters=fixed)
                    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
                ]
            for strategy in strategies:
                try:
                    fuzz(strategy, operation.label)
                except Unsatisfiable:
                    # Nothing to make invalid (e.g. a GET whose only parameter is fixed).
                    continue

    print(f"\nschemathesis: {len(operations)} operations, {sum(calls.values())} calls")
    assert set(calls) == {op.label for op in operations}
