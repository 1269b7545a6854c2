import base64
import uuid

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import override_settings

BACKUP_KEY = base64.b64encode(b"bloem-test-backup-key-32-bytes!!").decode()


@pytest.fixture
def backup_key(settings):
    settings.BACKUP_KEY = BACKUP_KEY
    return BACKUP_KEY


class _Only:
    """Route every read and write to one database, while `migrate` runs there: the data
    migrations of accounts and catalogue write through the default manager (without
    `using(schema_editor.connection.alias)`), which would otherwise hit the default one."""

    def __init__(self, alias: str) -> None:
        self.alias = alias

    def db_for_read(self, model, **hints):
        return self.alias

    def db_for_write(self, model, **hints):
        return self.alias


def _migrated_alias(alias: str, config: dict):
    connections.settings[alias] = connections.configure_settings(
        {DEFAULT_DB_ALIAS: connections.settings[DEFAULT_DB_ALIAS], alias: config})[alias]
    # Connected here, outside Django's test-case guard for databases a test did not declare
    # (the alias did not exist when the test case was set up; it is dropped afterwards).
    connections[alias].connect()
    with override_settings(DATABASE_ROUTERS=[_Only(alias)]):
        call_command("migrate", database=alias, verbosity=0)


def _drop_alias(alias: str) -> None:
    connections[alias].close()
    del connections[alias]
    del connections.settings[alias]


@pytest.fixture
def empty_database(db, tmp_path):
    """A second, freshly migrated SQLite database, as `bloem migrate` leaves a new one.
    SQLite also when the suite runs on PostgreSQL: the backup format is neutral, so that
    run proves PostgreSQL → SQLite (and `empty_postgres_database` PostgreSQL → PostgreSQL)."""
    alias = "restore_target"
    try:
        _migrated_alias(alias, {"ENGINE": "django.db.backends.sqlite3",
                                "NAME": str(tmp_path / "restore.sqlite3")})
        yield alias
    finally:
        _drop_alias(alias)


@pytest.fixture
def empty_postgres_database(db):
    """A second, freshly migrated PostgreSQL database beside the test database (only when
    the suite runs on PostgreSQL); dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("the suite runs on SQLite; the PostgreSQL restore runs in the CI's "
                    "PostgreSQL run")
    alias = "restore_target_pg"
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        _migrated_alias(alias, {**connections.settings[DEFAULT_DB_ALIAS], "NAME": name})
        yield alias
    finally:
        _drop_alias(alias)
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
