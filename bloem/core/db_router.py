"""Reports read from a streaming replica; everything else stays on the primary.

With `BLOEM_REPLICA_URL` set, settings add the database alias `replica`. Nothing is sent
there by accident: only reads inside `reads_from_replica()` (a context manager that is also
a decorator) may go to it, and even there the router keeps on the primary

- every write, and every read after a write in the same context (read your own writes);
- every read inside a transaction on the primary (a service reads what it is changing);
- the models whose freshness is a matter of security or that nothing may read stale:
  sessions, logins and second factors, workers and their roles, break-glass grants and
  the access log (APPS_ON_PRIMARY).

Outside the context every query goes to the primary, also for objects loaded from the
replica (Django would otherwise follow such an object's own database). Without a replica
configured the context changes nothing. Migrations never run on the replica.
docs/deployment.md explains the set-up and what replication lag means for a report."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

APPS_ON_PRIMARY = frozenset({
    "sessions", "auth", "contenttypes", "admin",  # Django's own state
    "account", "mfa", "usersessions", "axes", "authtoken",  # logins, factors, lockouts, tokens
    "accounts", "access",  # workers, roles, teams; break-glass grants
    "audit",  # the access log: written (and read by the audit service) on the primary
    "django_cache",  # the database cache (BLOEM_CACHE_URL=dbcache://): rate limits, used codes
})


@dataclass
class _Context:
    wrote: bool = False


_context: ContextVar[_Context | None] = ContextVar("bloem_reads_from_replica", default=None)


def replica_alias() -> str | None:
    """The alias reports read from, or None when no replica is configured."""
    alias = getattr(settings, "READ_REPLICA", None)
    return alias if alias and alias in settings.DATABASES else None


@contextmanager
def reads_from_replica() -> Iterator[None]:
    """Send the reads inside to the replica (when there is one). Nested use joins the
    outer context. Use it only around code that reads for a report: never around a form
    that is saved, nor around a check of who may see what that must not lag."""
    if _context.get() is not None:
        yield
        return
    token = _context.set(_Context())
    try:
        yield
    finally:
        _context.reset(token)


@dataclass(frozen=True)
class Freshness:
    """How current the replica's figures were when a report read them."""

    behind: bool  # the primary had written what the replica had not replayed yet
    as_of: datetime.datetime | None  # the last commit the replica had replayed


def replica_freshness() -> Freshness | None:
    """For the report pages: None when they read the primary (no replica, or it is no
    PostgreSQL standby); else whether the replica had replayed everything the primary had
    written a moment before. Two small queries, one on each server."""
    alias = replica_alias()
    if alias is None or connections[alias].vendor != "postgresql":
        return None
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (written,) = cursor.fetchone()
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_wal_lsn_diff(%s, pg_last_wal_replay_lsn()),"
                       " pg_last_xact_replay_timestamp()", [written])
        behind_bytes, as_of = cursor.fetchone()
    if behind_bytes is None:  # not a standby (e.g. the test mirror): it is the primary
        return None
    return Freshness(behind=behind_bytes > 0, as_of=as_of)


def _in_transaction_on_primary() -> bool:
    # The test case's own wrapping transaction does not count (Django's durable atomic
    # blocks use the same marker); a service's transaction does.
    blocks = connections[DEFAULT_DB_ALIAS].atomic_blocks
    return any(not block._from_testcase for block in blocks)


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        context = _context.get()
        alias = replica_alias()
        if (context is None or context.wrote or alias is None
                or model._meta.app_label in APPS_ON_PRIMARY or _in_transaction_on_primary()):
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model, **hints) -> str:
        context = _context.get()
        if context is not None:
            context.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica holds the same rows as the primary.
        same_data = {DEFAULT_DB_ALIAS, REPLICA}
        return True if {obj1._state.db, obj2._state.db} <= same_data else None

    def allow_migrate(self, db, app_label, **hints) -> bool | None:
        return False if db == REPLICA else None
