"""`bloem restore` only restores into an empty, freshly migrated database."""

import pytest
from django.core.management import CommandError, call_command

from bloem.families.models import Family
from bloem.privacy import backup

from .helpers import run


def test_restore_into_a_database_with_data_is_refused_and_changes_nothing(world, backup_key,
                                                                          tmp_path):
    path = str(tmp_path / "bloem.backup")
    run("backup", "--output", path)
    before = backup.database_digests()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", path)
    assert backup.database_digests() == before
    assert Family.objects.count() == 2


def test_restore_of_a_changed_backup_changes_nothing(world, backup_key, empty_database,
                                                     tmp_path):
    path = tmp_path / "bloem.backup"
    run("backup", "--output", str(path))
    data = bytearray(path.read_bytes())
    data[-100] ^= 0x01
    path.write_bytes(bytes(data))
    before = backup.database_digests(empty_database)
    with pytest.raises(CommandError, match="changed or damaged"):
        call_command("restore", str(path), "--database", empty_database)
    assert backup.database_digests(empty_database) == before
