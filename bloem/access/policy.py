# ruff: noqa: S608, S611 - the scopes' SQL is built from model table names; values are bound parameters
"""The one access policy of Bloem. Every view, queryset, form choice list, export and API
endpoint asks this module; nothing else decides who sees what.

Scopes (Primero-style):
- own caseload: a worker sees a family while assigned to it (an open Assignment);
- location: a role that covers the worker's team sees every family with a stay at that
  team's location;
- nobody else. Privacy officers and administrators get no client-file scope at all (data
  minimisation); the privacy officer reads the audit log instead.

Protected fields (a client's current location, address, new address, phone) are hidden
from a worker whose only link with the family is serving the other parent / ex-partner
(M-02, M-07). Objects outside a worker's scope answer 404.

Break the glass (emergency access): a worker with a client role who is outside a family's
scope may open that family's file for one hour by giving its exact file number and a
reason (access.services.emergency_access_open). While an EmergencyAccess row is active
(`expires_at > now`), `family_visible_q` includes the family for that worker — one extra
OR, so every page, list, form choice and API endpoint follows. Choices made here:
- the whole file is shown, protected fields included: an emergency is about safety, and a
  worker who must find a child or call a mother at night needs the address and phone. The
  price is accountability: every access event of that worker on that family while the
  access runs carries `break_glass=True` (audit.services.record), and the privacy officer
  reviews the list of emergency accesses;
- except for a worker who has ever served only the other parent in that family: for them
  the protected fields stay hidden (and the service refuses to open the access at all) —
  breaking the glass must never become the ex-partner's way to the address;
- break-glass is for reading: of the write permissions only writing (and correcting one's
  own) journal notes remains, so that the worker can record what happened and why;
- the access simply ends after an hour (404 again); nothing is extended automatically.

Models are looked up lazily: the domain apps import this module to build their
`visible_to` querysets, so it must not import them.
"""

import datetime
from dataclasses import dataclass
from functools import wraps

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from bloem.accounts.models import Role

CASELOAD_ROLES = frozenset(
    {
        Role.FAMILY_WORKER,
        Role.CHILD_WORKER,
        Role.YOUTH_SPECIALIST,
        Role.NIKA_COUNSELLOR,
        Role.GGZ_PRACTITIONER,
    }
)
LOCATION_ROLES = frozenset({Role.TEAM_MANAGER})
CLIENT_ROLES = CASELOAD_ROLES | LOCATION_ROLES

# Which roles may do what, as named permissions. A permission on a family also needs the
# family to be visible; see `can`.
PERMISSIONS: dict[str, frozenset[str]] = {
    "family.create": frozenset({Role.FAMILY_WORKER, Role.TEAM_MANAGER}),
    "family.change": frozenset({Role.FAMILY_WORKER, Role.TEAM_MANAGER}),
    "person.change": CLIENT_ROLES,
    "relation.change": frozenset({Role.FAMILY_WORKER, Role.TEAM_MANAGER,
                                  Role.YOUTH_SPECIALIST}),
    "stay.change": frozenset({Role.FAMILY_WORKER, Role.TEAM_MANAGER}),
    "phase.decide": frozenset({Role.FAMILY_WORKER, Role.YOUTH_SPECIALIST, Role.TEAM_MANAGER}),
    "safety.assess": frozenset({Role.FAMILY_WORKER, Role.TEAM_MANAGER}),
    "journal.write": CLIENT_ROLES,
    # Safety first (issue 10): the safety plan is kept by the family's worker and the team
    # manager; every professional works under the Meldcode.
    "safetyplan.change": frozenset({Role.FAMILY_WORKER, Role.TEAM_MANAGER}),
    "meldcode.run": CLIENT_ROLES,
    "helpform.change": CLIENT_ROLES,
    "consent.record": CLIENT_ROLES,
    "assignment.change": frozenset({Role.TEAM_MANAGER}),
    "journal.correct": CLIENT_ROLES,
    "emergency.open": CLIENT_ROLES,
    "screening.administer": CLIENT_ROLES,
    "screening.decide": frozenset({Role.FAMILY_WORKER, Role.YOUTH_SPECIALIST, Role.TEAM_MANAGER}),
    # Working as one team (issue 6): referral, joint analysis, plan, case discussion; the
    # receiving team (and the team manager) takes a referral on, declines or sends it on.
    "plan.change": CLIENT_ROLES,
    "referral.handle": frozenset({Role.YOUTH_SPECIALIST, Role.NIKA_COUNSELLOR,
                                  Role.GGZ_PRACTITIONER, Role.TEAM_MANAGER}),
    "audit.view": frozenset({Role.PRIVACY_OFFICER}),
    # Outcomes (issue 8): the cohort dashboard, effect report and API of a team manager's
    # locations; a research export is requested by a team manager and approved by the
    # privacy officer (four eyes, two roles), never by the requester.
    "outcomes.cohort": frozenset({Role.TEAM_MANAGER}),
    "outcomes.export_request": frozenset({Role.TEAM_MANAGER}),
    "outcomes.export_approve": frozenset({Role.PRIVACY_OFFICER}),
    # Legal holds and the right-of-access export of a person's complete file.
    "privacy.manage": frozenset({Role.PRIVACY_OFFICER}),
    "accounts.manage": frozenset({Role.ADMINISTRATOR}),
    # Group programmes (issue 7): see and run the groups at the locations of one's teams;
    # planning a group run. Not the GGZ partner (its worker may serve only the ex-partner,
    # and a group's location is where the mother lives).
    "programme.run": frozenset({Role.FAMILY_WORKER, Role.CHILD_WORKER, Role.YOUTH_SPECIALIST,
                                Role.NIKA_COUNSELLOR, Role.TEAM_MANAGER}),
    "programme.enrol": frozenset({Role.FAMILY_WORKER, Role.CHILD_WORKER,
                                  Role.YOUTH_SPECIALIST, Role.NIKA_COUNSELLOR,
                                  Role.TEAM_MANAGER}),
    "programme.plan": frozenset({Role.CHILD_WORKER, Role.YOUTH_SPECIALIST, Role.TEAM_MANAGER}),
    # Recording treatment, supervised contact and school contacts of a family.
    "treatment.record": CLIENT_ROLES,
    # Financing (issue 11): amounts and product codes, never clinical content.
    "finance.view": frozenset({Role.FINANCE_OFFICER}),
    "finance.manage": frozenset({Role.FINANCE_OFFICER}),
    "care.register": CLIENT_ROLES,
    # Outflow closes the stay: the stay's own roles. The warm handover: also the youth
    # specialist, who often hands the children over to the local youth team (M-70).
    "outflow.record": frozenset({Role.FAMILY_WORKER, Role.TEAM_MANAGER}),
    "handover.prepare": frozenset({Role.FAMILY_WORKER, Role.YOUTH_SPECIALIST,
                                   Role.TEAM_MANAGER}),
    # The trauma-practitioner network (issue 9, M-71): every worker with a client role
    # searches the directory; team managers maintain their own organisation's
    # practitioners, the administrator all (network_maintainable_q). A network referral
    # is client data: recorded in the protected scope (it holds the new municipality).
    "network.view": CLIENT_ROLES | {Role.ADMINISTRATOR},
    "network.maintain": frozenset({Role.TEAM_MANAGER, Role.ADMINISTRATOR}),
    "network.refer": CLIENT_ROLES,
}
# What a worker who only serves the other parent may still do in that family.
RESTRICTED_PERMISSIONS = frozenset({"journal.write", "journal.correct"})
# What a worker may do in a family they opened by breaking the glass (and no other way).
EMERGENCY_PERMISSIONS = frozenset({"journal.write", "journal.correct"})
EMERGENCY_DURATION = datetime.timedelta(hours=1)
# families.FamilyRole.OTHER_PARENT (the models import this module, so not imported here).
OTHER_PARENT = "other_parent"


@dataclass(frozen=True)
class Grants:
    roles: frozenset[str]
    location_ids: frozenset[int]


def grants(user) -> Grants:
    """The user's roles and the locations their roles cover; one query, cached on the
    user object for the rest of the request."""
    cached = getattr(user, "_bloem_grants", None)
    if cached is not None:
        return cached
    if not (user and user.is_authenticated and user.is_active):
        result = Grants(frozenset(), frozenset())
    else:
        rows = list(user.memberships.values_list("role", "team__location_id"))
        result = Grants(
            roles=frozenset(role for role, _ in rows),
            location_ids=frozenset(loc for role, loc in rows if role in LOCATION_ROLES),
        )
    user._bloem_grants = result
    return result


def has_role_permission(user, permission: str) -> bool:
    return bool(grants(user).roles & PERMISSIONS[permission])


def _today() -> datetime.date:
    return timezone.localdate()


def _active_emergencies(user):
    EmergencyAccess = apps.get_model("access", "EmergencyAccess")
    return EmergencyAccess.objects.filter(worker=user, expires_at__gt=timezone.now())


# -- the scopes as SQL ------------------------------------------------------------------------
# Each scope is one SELECT of family ids, written out here rather than built by the ORM:
# every page asks the policy two to five times, and compiling the ORM's union of three
# querysets took 2-3 ms each time, more than running it (bench/, issue 12). A scope is a
# (sql, params) pair; the tables and columns are read from the models.

Scope = tuple[str, list]


def _table(model: str) -> str:
    return apps.get_model(model)._meta.db_table


def _sql_date(day: datetime.date):
    return connections[DEFAULT_DB_ALIAS].ops.adapt_datefield_value(day)


def _sql_datetime(moment: datetime.datetime):
    return connections[DEFAULT_DB_ALIAS].ops.adapt_datetimefield_value(moment)


def _caseload_scope(user, *, beyond_other_parent: bool = False) -> Scope:
    """The families of the worker's open assignments; with `beyond_other_parent`, only
    those in which they serve more than the other parent (ex-partner)."""
    sql = f"SELECT a.family_id FROM {_table('families.Assignment')} a"
    if beyond_other_parent:
        sql += f" LEFT JOIN {_table('families.Person')} p ON p.id = a.person_id"
    sql += " WHERE a.worker_id = %s AND (a.ended_on IS NULL OR a.ended_on >= %s)"
    params = [user.pk, _sql_date(_today())]
    if beyond_other_parent:
        sql += " AND (p.family_role IS NULL OR p.family_role <> %s)"
        params.append(OTHER_PARENT)
    return sql, params


def _location_scope(location_ids) -> Scope:
    ids = sorted(location_ids)
    marks = ", ".join(["%s"] * len(ids))
    return (f"SELECT s.family_id FROM {_table('families.Stay')} s"
            f" WHERE s.location_id IN ({marks})", ids)


def _other_parent_scope(user) -> Scope:
    """The families in which the worker has ever (also in the past) served only the other
    parent."""
    return (f"SELECT a.family_id FROM {_table('families.Assignment')} a"
            f" JOIN {_table('families.Person')} p ON p.id = a.person_id"
            " WHERE a.worker_id = %s AND p.family_role = %s", [user.pk, OTHER_PARENT])


def _emergency_scope(user, *, except_other_parent: bool = False) -> Scope:
    """The families the worker opened by breaking the glass, still open; with
    `except_other_parent`, not those in which they ever served only the other parent."""
    sql = (f"SELECT e.family_id FROM {_table('access.EmergencyAccess')} e"
           " WHERE e.worker_id = %s AND e.expires_at > %s AND e.family_id IS NOT NULL")
    params = [user.pk, _sql_datetime(timezone.now())]
    if except_other_parent:
        other_sql, other_params = _other_parent_scope(user)
        sql += f" AND e.family_id NOT IN ({other_sql})"
        params += other_params
    return sql, params


def _families_in(prefix: str, *scopes: Scope) -> Q:
    """Filter for the families in any of `scopes`: one IN over their UNION, not an OR of
    INs. The planner then sees how small a scope is and joins it by index; with an OR of
    INs PostgreSQL scanned every family of the database for every page (the benchmark at
    100,000 families, issue 12)."""
    sql = " UNION ".join(scope_sql for scope_sql, _ in scopes)
    params = [param for _, scope_params in scopes for param in scope_params]
    return Q(**{f"{prefix}pk__in": RawSQL(sql, params)})


def _scopes(user) -> list[Scope]:
    """The worker's own scopes: caseload and location (no emergencies)."""
    scopes = [_caseload_scope(user)]
    location_ids = grants(user).location_ids
    if location_ids:
        scopes.append(_location_scope(location_ids))
    return scopes


def _scope_q(user, prefix: str) -> Q:
    """The families in the worker's own scope: caseload and location (no emergencies)."""
    return _families_in(prefix, *_scopes(user))


def family_visible_q(user, prefix: str = "") -> Q:
    """Filter for the families `user` may see; `prefix` reaches the family from another
    model (e.g. "family__"). Includes the families opened by an active emergency access."""
    g = grants(user)
    if not g.roles & CLIENT_ROLES:
        return Q(**{f"{prefix}pk__in": []})
    return _families_in(prefix, *_scopes(user), _emergency_scope(user))


def team_location_q(user, prefix: str = "") -> Q:
    """Filter for organisational records kept per location (e.g. group runs): the
    locations of the worker's teams, for a worker who may run group programmes."""
    if not has_role_permission(user, "programme.run"):
        return Q(**{f"{prefix}pk__in": []})
    location_ids = user.memberships.values("team__location_id")
    return Q(**{f"{prefix}pk__in": location_ids})


def handover_import_visible_q(user) -> Q:
    """Filter for uploaded handover Bundles (interop.HandoverImport): only the worker who
    uploaded one sees it, and only while they may create families."""
    if not has_role_permission(user, "family.create"):
        return Q(pk__in=[])
    return Q(uploaded_by_id=user.pk)


def protected_visible_q(user, prefix: str = "") -> Q:
    """Filter for the families whose protected fields `user` may see."""
    g = grants(user)
    if not g.roles & CLIENT_ROLES:
        return Q(**{f"{prefix}pk__in": []})
    scopes = [_caseload_scope(user, beyond_other_parent=True)]
    if g.location_ids:
        scopes.append(_location_scope(g.location_ids))
    scopes.append(_emergency_scope(user, except_other_parent=True))
    return _families_in(prefix, *scopes)


def protected_family_ids(user, family_ids) -> set[int]:
    """Of `family_ids`, those whose protected fields `user` may see (one query)."""
    Family = apps.get_model("families", "Family")
    return set(
        Family.objects.filter(pk__in=list(family_ids))
        .filter(protected_visible_q(user))
        .values_list("pk", flat=True)
    )


def can_see_protected(user, family) -> bool:
    cache = user.__dict__.setdefault("_bloem_protected", {})
    if family.pk not in cache:
        cache[family.pk] = bool(protected_family_ids(user, [family.pk]))
    return cache[family.pk]


def can(user, permission: str, family=None) -> bool:
    """May `user` do `permission`, on `family` when given? The family must already have
    been fetched through a visible_to queryset."""
    if not has_role_permission(user, permission):
        return False
    if family is None:
        return True
    if opened_by_emergency_only(user, family):
        return permission in EMERGENCY_PERMISSIONS
    return permission in RESTRICTED_PERMISSIONS or can_see_protected(user, family)


# -- break the glass ----------------------------------------------------------------------


def emergency_expiries(user) -> dict[int, datetime.datetime]:
    """Family id → end of the user's active emergency accesses. One query, cached on the
    user object for the rest of the request; none for a user without a client role."""
    cached = user.__dict__.get("_bloem_emergency")
    if cached is not None:
        return cached
    result: dict[int, datetime.datetime] = {}
    if grants(user).roles & CLIENT_ROLES:
        for family_id, expires_at in _active_emergencies(user).values_list(
            "family_id", "expires_at"
        ):
            if family_id is not None:
                result[family_id] = max(expires_at, result.get(family_id, expires_at))
    user.__dict__["_bloem_emergency"] = result
    return result


def emergency_expiry(user, family_id: int | None) -> datetime.datetime | None:
    """When the user's emergency access to this family ends, or None when there is none
    (or it ended during the request)."""
    if family_id is None or not (user and user.is_authenticated):
        return None
    expires_at = emergency_expiries(user).get(family_id)
    if expires_at is None or expires_at <= timezone.now():
        return None
    return expires_at


def opened_by_emergency_only(user, family) -> bool:
    """Does the user see this family only because they broke the glass? (A query only
    when an emergency access to this family is active; cached per request.)"""
    if emergency_expiry(user, family.pk) is None:
        return False
    cache = user.__dict__.setdefault("_bloem_emergency_only", {})
    if family.pk not in cache:
        Family = apps.get_model("families", "Family")
        cache[family.pk] = not (
            Family.objects.filter(pk=family.pk).filter(_scope_q(user, "")).exists()
        )
    return cache[family.pk]


def has_served_other_parent(user, family) -> bool:
    Family = apps.get_model("families", "Family")
    return Family.objects.filter(pk=family.pk).filter(
        _families_in("", _other_parent_scope(user))).exists()


def forget(user) -> None:
    """Drop the per-request answers cached on the user object (after a change of
    access). Roles (`grants`) do not change with an emergency access and stay cached."""
    for name in ("_bloem_protected", "_bloem_emergency", "_bloem_emergency_only"):
        user.__dict__.pop(name, None)


def may_correct_journal_entry(user, entry) -> bool:
    """A note is corrected by its author only (it is their professional statement), while
    they may still write in that family's journal. `entry.family` must be visible."""
    return entry.author_id == user.pk and can(user, "journal.correct", entry.family)


def get_visible_or_404(queryset, user, **lookup):
    """The one way a view fetches client data: outsiders get 404, never 403, so that the
    answer does not reveal that the object exists."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def require(user, permission: str, family=None) -> None:
    """Refuse an action the worker's role does not allow on an object they can see (403;
    objects they cannot see never get this far: 404)."""
    if not can(user, permission, family):
        raise PermissionDenied


def role_required(permission: str):
    """View decorator: the role check before anything else (re-authentication included), so
    a worker whose role may never do this gets 403 at once, for any id."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            require(request.user, permission)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def persons_for_access_report(user):
    """The privacy officer finds any person to print who looked at their file (AVG art. 15,
    NEN 7513); nobody else does."""
    Person = apps.get_model("families", "Person")
    if not has_role_permission(user, "audit.view"):
        return Person.objects.none()
    return Person.objects.all()


def covers_whole_locations(user) -> bool:
    """A team manager follows the work of every family at their locations, not only of
    the families they are assigned to."""
    return bool(grants(user).roles & LOCATION_ROLES)


def managed_locations(user):
    """The locations whose cohorts a team manager may see."""
    return apps.get_model("accounts", "Location").objects.filter(
        pk__in=grants(user).location_ids)


def network_maintainable_q(user, prefix: str = "") -> Q:
    """Filter for the network organisations whose practitioners `user` maintains: every
    one for the administrator (external practices have no Bloem accounts), the team
    manager's own organisations (those of their teams) for a team manager."""
    roles = grants(user).roles
    if Role.ADMINISTRATOR in roles:
        return Q()
    if Role.TEAM_MANAGER not in roles:
        return Q(**{f"{prefix}pk__in": []})
    organisations = user.memberships.filter(role=Role.TEAM_MANAGER).values(
        "team__organisation_id")
    return Q(**{f"{prefix}organisation_id__in": organisations})


def location_choices(user):
    """Locations a worker may filter on: those of the open stays whose protected fields
    the worker may see (a location list must not reveal where a client lives)."""
    Location = apps.get_model("accounts", "Location")
    Stay = apps.get_model("families", "Stay")
    stays = Stay.objects.filter(ended_on__isnull=True).filter(
        protected_visible_q(user, prefix="family__")
    )
    return Location.objects.filter(pk__in=stays.values("location_id"))
