"""The authorization matrix (issue 3, item 9): every route of the resolver × every persona ×
the persona's own and a foreign object × GET, POST and PATCH, against the declared policy
in bloem/access/matrix.yaml. A route without a declaration fails the suite; a foreign
object answers 404 and never shows the foreign family; the ex-partner's worker never gets
a protected value. The format of the matrix is described at the top of matrix.yaml."""

import dataclasses

import pytest
from django.urls import NoReverseMatch, reverse

from bloem.accounts.models import Worker
from bloem.families.models import Family

from .helpers import objects_of, prepare_world
from .routes import MATRIX_PATH, Route, all_routes, load_matrix

MATRIX = load_matrix()
PERSONAS: list[str] = MATRIX["personas"]
DECLARED: dict[str, dict] = MATRIX["routes"]

OBJECT_KINDS = {"family", "person", "relation", "assignment", "help_form", "stay",
                "journal_entry", "meldcode_case", "none", "referral", "analysis", "plan",
                "goal", "child", "case_item", "group_run", "group_session", "handover",
                "handover_import", "practitioner", "network_referral"}
OUTCOMES = {"allow", "forbid", "hidden"}
METHODS = ("get", "post", "patch")
ROUTE_KEYS = {"object", "kwargs", *METHODS, "destructive", "role_check_first",
              "organisation_wide", "why"}
# Refused as input after authorization passed (e.g. an empty POST to the API).
INPUT_REFUSALS = {400, 409, 412, 428}
# What a worker who only serves the ex-partner must never receive (M-02, M-07): the
# mother's address, phone and new address, and the shelter location of the family.
PROTECTED_VALUES = ("Geheime Gracht", "0612345678", "Nieuwe Weg 9", "Oranje Huis A")
MISSING_PK = 2_000_000_000


def outcome_of(status: int) -> str:
    if status == 403:
        return "forbid"
    if status == 404:
        return "hidden"
    if 200 <= status < 400 or status in INPUT_REFUSALS:
        return "allow"
    return str(status)  # 405, 5xx, ...


def routes_by_name() -> dict[str | None, Route]:
    return {route.name: route for route in all_routes()}


# -- the matrix itself ------------------------------------------------------------------


def test_every_route_has_a_declared_policy():
    undeclared = [
        f"{route.name or '(unnamed)'}  {route.path}  ({route.callback})"
        for route in all_routes()
        if route.name is None or route.name not in DECLARED
    ]
    assert not undeclared, (
        f"New route(s) without a declared policy; declare them in {MATRIX_PATH.name} "
        "(format at the top of the file):\n  " + "\n  ".join(undeclared)
    )


def test_every_declared_route_exists():
    stale = sorted(set(DECLARED) - set(routes_by_name()))
    assert not stale, f"{MATRIX_PATH.name} declares routes that do not exist: {stale}"


def test_the_matrix_is_well_formed():
    routes = routes_by_name()
    problems = []
    for name, spec in DECLARED.items():
        if unknown := set(spec) - ROUTE_KEYS:
            problems.append(f"{name}: unknown keys {sorted(unknown)}")
        if spec.get("object") not in OBJECT_KINDS:
            problems.append(f"{name}: object must be one of {sorted(OBJECT_KINDS)}")
        if not any(method in spec for method in METHODS):
            problems.append(f"{name}: declares no method")
        for method in METHODS:
            if method not in spec:
                continue
            outcomes = spec[method]
            if set(outcomes) != set(PERSONAS):
                problems.append(f"{name} {method}: must list exactly the personas {PERSONAS}")
            if bad := {o for o in outcomes.values() if o not in OUTCOMES}:
                problems.append(f"{name} {method}: unknown outcomes {bad}")
        if spec.get("organisation_wide") and not spec.get("why"):
            problems.append(f"{name}: organisation_wide needs a why")
        route = routes.get(name)
        if route is None:
            continue
        if spec.get("object") == "none" and route.kwargs != set(spec.get("kwargs", {})):
            problems.append(f"{name}: object none needs kwargs {sorted(route.kwargs)}")
        if spec.get("object") not in ("none", None) and not route.kwargs:
            problems.append(f"{name}: has no URL kwargs, so its object must be none")
    assert not problems, "\n".join(problems)


def test_the_matrix_lists_every_persona_of_the_world(world):
    workers = {f.name for f in dataclasses.fields(world) if f.type in (Worker, "Worker")}
    assert workers == set(PERSONAS)


# -- every route × persona × own/foreign object ---------------------------------------


def _home_and_away(world, persona: str) -> tuple[Family, Family]:
    """The persona's home family (whose objects are "own") and the other one."""
    if persona == "other_family_worker":
        return world.foreign_family, world.own_family
    return world.own_family, world.foreign_family


def _url(name: str, route: Route, pk) -> str:
    return reverse(name, kwargs=dict.fromkeys(route.kwargs, pk))


def _send(client, method: str, url: str):
    if method == "get":
        return client.get(url)
    if method == "post":
        return client.post(url)
    return client.patch(url, data="{}", content_type="application/json")


def _foreign_expectation(spec: dict, method: str, persona: str) -> str:
    if method not in spec:
        return "405"
    own = spec[method][persona]
    if persona in spec.get("organisation_wide", ()):
        return own
    if spec.get("role_check_first") and own == "forbid":
        return "forbid"
    return "hidden"


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_the_declared_outcome_and_never_a_foreign_object(world, client,
                                                                           persona):
    prepare_world(world)
    worker = getattr(world, persona)
    home, away = _home_and_away(world, persona)
    own, foreign = objects_of(home), objects_of(away)
    routes = routes_by_name()
    client.force_login(worker)
    problems: list[str] = []
    requests = 0

    def check(name, spec, method, url, expected, *, is_foreign=False):
        nonlocal requests
        if spec.get("destructive"):
            client.force_login(worker)
        response = _send(client, method, url)
        requests += 1
        got = outcome_of(response.status_code)
        where = f"{persona} {method.upper()} {url} ({name}{', foreign' if is_foreign else ''})"
        if got != expected:
            problems.append(f"{where}: expected {expected}, got {response.status_code}")
        body = response.content.decode(errors="replace")
        if persona not in spec.get("organisation_wide", ()):
            problems.extend(f"{where}: shows the foreign family ({marker!r})"
                            for marker in (away.name, away.reference) if marker in body)
        if persona == "ex_partner_worker":
            problems.extend(f"{where}: shows the protected value {value!r}"
                            for value in PROTECTED_VALUES if value in body)
        return response

    # Destructive routes go last, foreign object first, so that nothing they change
    # affects another check.
    plan = sorted((name for name in DECLARED if name in routes),
                  key=lambda name: bool(DECLARED[name].get("destructive")))
    for name in plan:
        spec, route = DECLARED[name], routes[name]
        kind = spec["object"]
        for method in METHODS:
            expected = spec[method][persona] if method in spec else "405"
            if kind == "none":
                check(name, spec, method, reverse(name, kwargs=spec.get("kwargs")), expected)
                continue
            expected_foreign = _foreign_expectation(spec, method, persona)
            response = check(name, spec, method, _url(name, route, foreign[kind].pk),
                             expected_foreign, is_foreign=True)
            if (persona not in spec.get("organisation_wide", ())
                    and 200 <= response.status_code < 400):
                problems.append(f"{persona} {method.upper()} {name}: a foreign object "
                                f"answered {response.status_code}")
            if expected_foreign == "forbid":
                # Refused by role before any lookup: the same answer as for no object.
                missing = check(name, spec, method, _url(name, route, MISSING_PK),
                                expected_foreign, is_foreign=True)
                if missing.status_code != response.status_code:
                    problems.append(f"{persona} {method.upper()} {name}: a foreign object "
                                    "is told apart from a missing one")
            if route.has_format_suffix:
                kwargs = {**dict.fromkeys(route.kwargs, foreign[kind].pk), "format": "json"}
                try:
                    suffixed = reverse(name, kwargs=kwargs)
                except NoReverseMatch:
                    problems.append(f"{name}: format suffix variant not reversible")
                else:
                    check(name, spec, method, suffixed, expected_foreign, is_foreign=True)
            check(name, spec, method, _url(name, route, own[kind].pk), expected)

    print(f"\nauthorization matrix: {persona}: {len(plan)} routes, {requests} requests")
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
