"""Every read of the family file. Views start here; each selector asks the access policy
and fetches what its page shows in a fixed number of queries."""

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from bloem.access import policy

from .models import (
    Assignment,
    Correction,
    Family,
    FamilyRole,
    JournalEntry,
    ParentChildRelation,
    Person,
    PhaseDecision,
    SafetyAssessment,
    Stay,
)

JOURNAL_PAGE = 20
HISTORY_PAGE = 10


def _open_stays() -> Prefetch:
    return Prefetch(
        "stays",
        queryset=Stay.objects.filter(ended_on__isnull=True).select_related(
            "location", "unit", "family_worker"
        ),
        to_attr="open_stays",
    )


def family_list(
    *,
    user,
    query: str = "",
    location_id: int | None = None,
    phase: str = "",
    safety_level: str = "",
) -> QuerySet[Family]:
    """The families a worker may see, searched and filtered, with their open stay."""
    families = Family.objects.visible_to(user)
    if query:
        # A name search cannot use an index, so each part scans only the worker's
        # families and their members, never the whole database; one IN over the UNION
        # of the parts, not an OR (with an OR PostgreSQL scanned every family).
        by_family = families.filter(
            Q(name__icontains=query) | Q(reference__iexact=query)
        ).values("pk")
        by_member = Person.objects.filter(
            policy.family_visible_q(user, prefix="family__"),
            Q(first_name__icontains=query) | Q(last_name__icontains=query),
        ).values("family_id")
        families = families.filter(pk__in=by_family.order_by().union(by_member.order_by()))
    stay_filter = {}
    if phase:
        stay_filter["phase"] = phase
    if safety_level:
        stay_filter["safety_level"] = safety_level
    if location_id:
        # Filtering on location would reveal it: only families whose protected fields
        # the worker may see can match.
        families = families.filter(policy.protected_visible_q(user))
        stay_filter["location_id"] = location_id
    if stay_filter:
        families = families.filter(
            pk__in=Stay.objects.filter(ended_on__isnull=True, **stay_filter).values("family_id")
        )
    children = (
        Person.objects.filter(family=OuterRef("pk"), family_role=FamilyRole.CHILD)
        .order_by()
        .values("family")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        # A subquery, not a join: the paginator's COUNT can then leave it out.
        families.annotate(child_count=Coalesce(Subquery(children), 0))
        .prefetch_related(_open_stays())
        .order_by("name", "reference")
    )


def family_detail(*, user, pk: int) -> Family:
    """One family with everything its page shows (members, relations, stays with their
    histories, workers and the latest journal entries); 404 when not visible."""
    family = policy.get_visible_or_404(
        Family.objects.select_related("municipality").prefetch_related(
            Prefetch("members", queryset=Person.objects.order_by("family_role",
                                                                 "date_of_birth")),
            Prefetch(
                "stays",
                queryset=Stay.objects.select_related("location", "unit", "family_worker")
                .prefetch_related(
                    Prefetch("phase_decisions",
                             queryset=PhaseDecision.objects.select_related("decided_by")),
                    Prefetch("safety_assessments",
                             queryset=SafetyAssessment.objects.select_related("assessed_by")),
                ),
            ),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("worker", "person"),
            ),
        ),
        user,
        pk=pk,
    )
    family.relations = list(
        ParentChildRelation.objects.filter(child__family=family).select_related(
            "parent", "child"
        )
    )
    family.latest_journal = list(
        JournalEntry.objects.filter(family=family)
        .select_related("author", "person")[:JOURNAL_PAGE]
    )
    return family


def person_detail(*, user, pk: int) -> Person:
    person = policy.get_visible_or_404(
        Person.objects.select_related("family"), user, pk=pk
    )
    person.relations = list(
        ParentChildRelation.objects.filter(Q(parent=person) | Q(child=person)).select_related(
            "parent", "child"
        )
    )
    person.latest_journal = list(
        JournalEntry.objects.filter(person=person).select_related("author")[:JOURNAL_PAGE]
    )
    for entry in person.latest_journal:  # each is about this person: no query per note
        entry.person = person
    return person


def journal_for(*, family: Family) -> QuerySet[JournalEntry]:
    return JournalEntry.objects.filter(family=family).select_related("author", "person")


def open_stay(family: Family) -> Stay | None:
    """The family's open stay from a family fetched by family_detail (no query)."""
    return next((stay for stay in family.stays.all() if stay.ended_on is None), None)


def history_for_family(*, user, family: Family, limit: int | None = None):
    """The change history of the family's file, newest first, in one query: earlier and
    new values of every corrected field, protected fields only for a worker who may see
    them. A list when `limit` is given, else a queryset (for a paginator)."""
    corrections = (
        Correction.objects.filter(family=family).shown_to(user, family)
        .select_related("changed_by", "person")
    )
    return list(corrections[:limit]) if limit is not None else corrections


def history_for_person(*, user, person: Person) -> list[Correction]:
    """The corrections of everything about this person (their details, their relations as
    a child, notes about them), newest first, in one query."""
    return list(
        Correction.objects.filter(person=person).shown_to(user, person.family)
        .select_related("changed_by", "person")
    )
