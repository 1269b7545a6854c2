# ruff: noqa: S608 - the essential queries are module constants; values are bound parameters
"""The key pages and API lists the benchmark measures, each with who asks for it, the
requests it is measured on (spread over the data, never one cached family) and its
*essential SQL*: a hand-written query set fetching what the page shows, the limit the
page is compared with. Imported inside a set-up Django (bench/measure.py)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from bloem.access import policy
from bloem.families.models import Family, Person
from bloem.outcomes.cohort import DayNumber


@dataclass
class Page:
    name: str  # the key of the page in the results
    title: str
    persona: str  # a demo login (bloem/demo/logins.py)
    requests: list[tuple[str, str, dict]]  # (method, path, data), cycled through
    essential: Callable[[int], None]  # runs the essential SQL of request i
    slow: bool = False  # measured on fewer requests (the whole-cohort pages)


def _spread(ids: list[int], count: int) -> list[int]:
    """`count` ids evenly spread over `ids` (sorted), so the requests reach old and new
    families alike; all of them when there are fewer."""
    ids = sorted(ids)
    if len(ids) <= count:
        return ids
    step = len(ids) / count
    return [ids[int(i * step)] for i in range(count)]


def _run(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.fetchall()


def _like(value: str) -> str:
    return f"%{value.upper()}%"


# -- essential SQL -------------------------------------------------------------------------
# What each page shows, fetched as plainly as SQL allows: the scope as a join, no ORM.

MY_FAMILIES = """
    SELECT f.id, f.reference, f.name, s.phase, s.safety_level, s.started_on,
           (SELECT count(*) FROM families_person c
            WHERE c.family_id = f.id AND c.family_role = 'child') AS children
    FROM families_family f
    LEFT JOIN families_stay s ON s.family_id = f.id AND s.ended_on IS NULL
    WHERE f.id IN (SELECT family_id FROM families_assignment
                   WHERE worker_id = %s AND (ended_on IS NULL OR ended_on >= %s))
      AND (UPPER(f.name) LIKE %s OR EXISTS (
           SELECT 1 FROM families_person m WHERE m.family_id = f.id
           AND (UPPER(m.first_name) LIKE %s OR UPPER(m.last_name) LIKE %s)))
    ORDER BY f.name, f.id LIMIT 25"""

FAMILY = [
    "SELECT * FROM families_family WHERE id = %s",
    "SELECT * FROM families_person WHERE family_id = %s ORDER BY family_role, date_of_birth",
    """SELECT s.*, l.name FROM families_stay s JOIN accounts_location l ON l.id = s.location_id
       WHERE s.family_id = %s""",
    """SELECT a.*, w.first_name, w.last_name FROM families_assignment a
       JOIN accounts_worker w ON w.id = a.worker_id WHERE a.family_id = %s""",
    "SELECT * FROM catalogue_helpform WHERE family_id = %s",
    """SELECT * FROM families_journalentry WHERE family_id = %s
       ORDER BY written_at DESC LIMIT 11""",
]

PERSON = [
    """SELECT p.*, f.name, f.reference FROM families_person p
       JOIN families_family f ON f.id = p.family_id WHERE p.id = %s""",
    "SELECT * FROM catalogue_helpform WHERE person_id = %s",
    """SELECT id, instrument, informant, moment, administered_on, total, band
       FROM screening_response WHERE person_id = %s ORDER BY administered_on""",
    "SELECT * FROM consent_consent WHERE child_id = %s",
]

WORKLIST = """
    SELECT f.id, f.name, f.reference, s.phase, s.safety_level,
           (SELECT count(*) FROM planning_referral r
            WHERE r.family_id = f.id AND r.status NOT IN ('accepted', 'closed')) AS referrals
    FROM families_family f
    JOIN families_stay s ON s.family_id = f.id AND s.ended_on IS NULL
    WHERE f.id IN (SELECT family_id FROM families_assignment
                   WHERE worker_id = %s AND (ended_on IS NULL OR ended_on >= %s))
    ORDER BY f.name, f.id LIMIT 25"""

AUDIT_BY_PERSON = [
    "SELECT count(*) FROM audit_accessevent WHERE person_id = %s",
    "SELECT * FROM audit_accessevent WHERE person_id = %s ORDER BY at DESC, id DESC LIMIT 50",
]

# The extract the cohort statistics start from (responses in the manager's location).
COHORT_EXTRACT = """
    SELECT r.person_id, r.instrument, r.informant, r.moment, {days} AS administered_on,
           CAST(r.total AS DOUBLE PRECISION) AS total, p.date_of_birth, p.gender,
           p.family_role
    FROM screening_response r JOIN families_person p ON p.id = r.person_id
    WHERE r.complete AND r.total IS NOT NULL
      AND r.family_id IN (SELECT family_id FROM families_stay WHERE location_id IN (
          SELECT t.location_id FROM accounts_membership m
          JOIN accounts_team t ON t.id = m.team_id WHERE m.worker_id = %s))"""


def cohort_extract() -> str:
    """The extract for this database: the date as a day number, as the dashboard reads it."""
    days = DayNumber.DAYS[connection.vendor] % {"expressions": "r.administered_on"}
    return COHORT_EXTRACT.format(days=days)


API_FAMILIES = [
    """SELECT count(*) FROM families_family WHERE id IN (
       SELECT family_id FROM families_stay WHERE location_id IN (%s))""",
    """SELECT f.* FROM families_family f WHERE f.id IN (
       SELECT family_id FROM families_stay WHERE location_id IN (%s))
       ORDER BY f.id LIMIT 50 OFFSET %s""",
]

API_PERSONS = [
    """SELECT count(*) FROM families_person WHERE family_id IN (
       SELECT family_id FROM families_stay WHERE location_id IN (%s))""",
    """SELECT p.*, f.reference FROM families_person p JOIN families_family f
       ON f.id = p.family_id WHERE p.family_id IN (
       SELECT family_id FROM families_stay WHERE location_id IN (%s))
       ORDER BY p.family_id, p.family_role, p.date_of_birth, p.first_name, p.id
       LIMIT 50 OFFSET %s""",
]

# Keyset pages (?cursor=): the rows after a position in order of ids, no count.
API_FAMILIES_KEYSET = """
    SELECT f.* FROM families_family f WHERE f.id > %s AND f.id IN (
       SELECT family_id FROM families_stay WHERE location_id IN ({locations}))
       ORDER BY f.id LIMIT 51"""

API_PERSONS_KEYSET = """
    SELECT p.*, f.reference FROM families_person p JOIN families_family f
       ON f.id = p.family_id WHERE p.family_id > %s AND p.family_id IN (
       SELECT family_id FROM families_stay WHERE location_id IN ({locations}))
       ORDER BY p.family_id, p.id LIMIT 51"""


def _cursor(position: int) -> str:
    """The `cursor` of the keyset page after `position` (DRF's encoding: base64 of p=…)."""
    return base64.b64encode(f"p={position}".encode()).decode()


# -- the pages -----------------------------------------------------------------------------


def key_pages(workers: dict, *, requests: int, export_id: int) -> list[Page]:
    """The pages of the issue, built on the data in the database: `workers` maps the
    demo logins used to their Worker."""
    today = timezone.localdate()
    worker, manager = workers["gezinshulpverlener"], workers["teammanager"]
    mine = list(Family.objects.visible_to(worker).values_list("pk", flat=True))
    names = list(Person.objects.filter(family_id__in=_spread(mine, requests))
                 .values_list("last_name", flat=True).distinct()[:requests]) or ["x"]
    seen = list(Family.objects.visible_to(manager).values_list("pk", flat=True))
    families = _spread(seen, requests)
    persons = _spread(list(Person.objects.filter(family_id__in=families)
                           .values_list("pk", flat=True)), requests)
    # The audit search asks for the persons whose pages are opened (their files' log).
    logged = persons
    location_ids = list(policy.grants(manager).location_ids) or [0]
    locations = ",".join(str(int(i)) for i in location_ids)  # ints of our own, not input
    family_pages = max(1, len(seen) // 50)
    persons_seen = Person.objects.filter(family_id__in=Family.objects.visible_to(manager))
    person_pages = max(1, persons_seen.count() // 50)
    api_pages = [1 + (i * 7919) % family_pages for i in range(requests)]
    person_api_pages = [1 + (i * 7919) % person_pages for i in range(requests)]
    # Keyset pages start where the page numbers' pages start: the id before each.
    family_ids = sorted(seen)
    # The persons' keyset pages go by family, then id (PersonViewSet.keyset_ordering).
    person_families = list(persons_seen.order_by("family_id", "pk")
                           .values_list("family_id", flat=True))
    family_after = [family_ids[(p - 1) * 50 - 1] if p > 1 else 0 for p in api_pages]
    person_after = [person_families[(p - 1) * 50 - 1] if p > 1 else 0 for p in person_api_pages]

    def each(statements: list[str], values: list) -> Callable[[int], None]:
        def run(i: int) -> None:
            value = values[i % len(values)]
            for sql in statements:
                _run(sql, [value] * sql.count("%s"))
        return run

    def my_families(i: int) -> None:
        like = _like(names[i % len(names)])
        _run(MY_FAMILIES, [worker.pk, today, like, like, like])

    def api(statements: list[str], pages: list[int]) -> Callable[[int], None]:
        def run(i: int) -> None:
            _run(statements[0] % locations, [])
            _run(statements[1] % (locations, "%s"), [(pages[i % len(pages)] - 1) * 50])
        return run

    def keyset(statement: str, positions: list[int]) -> Callable[[int], None]:
        sql = statement.format(locations=locations)
        return lambda i: _run(sql, [positions[i % len(positions)]])

    return [
        Page("my_families_search", "My families, searched by name", "gezinshulpverlener",
             [("post", reverse("families:list"), {"q": name}) for name in names], my_families),
        Page("family", "Family page", "teammanager",
             [("get", reverse("families:detail", args=[pk]), {}) for pk in families],
             each(FAMILY, families)),
        Page("person", "Person page", "teammanager",
             [("get", reverse("families:person", args=[pk]), {}) for pk in persons],
             each(PERSON, persons)),
        Page("worklist", "Worklist", "gezinshulpverlener",
             [("get", reverse("planning:worklist"), {})],
             lambda i: _run(WORKLIST, [worker.pk, today])),
        Page("audit_by_person", "Audit search by person", "privacyfunctionaris",
             [("get", reverse("audit:search"), {"person_id": pk}) for pk in logged],
             each(AUDIT_BY_PERSON, logged)),
        Page("api_families", "API: families list", "teammanager",
             [("get", reverse("api_v1:family-list"), {"page": p}) for p in api_pages],
             api(API_FAMILIES, api_pages)),
        Page("api_persons", "API: persons list", "teammanager",
             [("get", reverse("api_v1:person-list"), {"page": p}) for p in person_api_pages],
             api(API_PERSONS, person_api_pages)),
        Page("api_families_keyset", "API: families list, keyset pages", "teammanager",
             [("get", reverse("api_v1:family-list"), {"cursor": _cursor(p)})
              for p in family_after],
             keyset(API_FAMILIES_KEYSET, family_after)),
        Page("api_persons_keyset", "API: persons list, keyset pages", "teammanager",
             [("get", reverse("api_v1:person-list"), {"cursor": _cursor(p)})
              for p in person_after],
             keyset(API_PERSONS_KEYSET, person_after)),
        Page("cohort_dashboard", "Cohort dashboard", "teammanager",
             [("get", reverse("outcomes:dashboard"), {})],
             lambda i: _run(cohort_extract(), [manager.pk]), slow=True),
        Page("research_export", "Research export (download)", "teammanager",
             [("get", reverse("outcomes:export_download"), {"export": export_id})],
             lambda i: _run(cohort_extract(), [manager.pk]), slow=True),
    ]
