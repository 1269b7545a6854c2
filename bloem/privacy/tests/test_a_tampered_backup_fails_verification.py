"""A backup that was changed, cut short or made with another key fails verification with a
clear reason and a non-zero exit code; nothing is restored from it."""

import base64
import os

import pytest
from django.core.management import CommandError, call_command

from bloem.privacy.management.commands.backup import Command as BackupCommand

from .helpers import fill_file, run


@pytest.fixture
def backup_file(world, backup_key, tmp_path) -> str:
    fill_file(world.own_family, world.family_worker)
    path = str(tmp_path / "bloem.backup")
    run("backup", "--output", path)
    return path


def _change_byte(path: str, offset: int) -> None:
    with open(path, "r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)
        handle.seek(offset)
        handle.write(bytes([byte[0] ^ 0x01]))


def test_a_changed_byte_fails_verification_with_exit_code_1(backup_file, capsys):
    _change_byte(backup_file, os.path.getsize(backup_file) // 2)
    with pytest.raises(SystemExit) as exit_:
        BackupCommand().run_from_argv(["bloem", "backup", "--verify", backup_file])
    assert exit_.value.code == 1
    assert "changed or damaged" in capsys.readouterr().err


def test_a_changed_header_fails_verification(backup_file):
    _change_byte(backup_file, 20)
    with pytest.raises(CommandError):
        call_command("backup", "--verify", backup_file)


def test_a_truncated_backup_fails_verification(backup_file):
    with open(backup_file, "r+b") as handle:
        handle.truncate(os.path.getsize(backup_file) - 10)
    with pytest.raises(CommandError, match="truncated|changed or damaged"):
        call_command("backup", "--verify", backup_file)


def test_a_backup_without_its_last_chunk_fails_verification(world, backup_key, tmp_path,
                                                             monkeypatch):
    from bloem.privacy import backup

    monkeypatch.setattr(backup, "CHUNK", 4096)  # several chunks for a small database
    path = str(tmp_path / "small-chunks.backup")
    run("backup", "--output", path)
    with open(path, "rb") as handle:
        data = handle.read()
    header_end = len(backup.MAGIC) + 4 + int.from_bytes(data[8:12], "big")
    offset, chunks = header_end, []
    while offset < len(data):
        length = int.from_bytes(data[offset:offset + 4], "big") & ~backup.LAST
        chunks.append((offset, offset + 4 + length))
        offset += 4 + length
    assert len(chunks) > 2
    with open(path, "wb") as handle:
        handle.write(data[:chunks[-1][0]])
    with pytest.raises(CommandError, match="truncated"):
        call_command("backup", "--verify", path)


def test_a_backup_made_with_another_key_is_told_apart(backup_file, settings):
    settings.BACKUP_KEY = base64.b64encode(os.urandom(32)).decode()
    with pytest.raises(CommandError, match="another key"):
        call_command("backup", "--verify", backup_file)


def test_a_file_that_is_not_a_backup_is_refused(db, backup_key, tmp_path):
    path = tmp_path / "not-a-backup"
    path.write_bytes(b"PK\x03\x04 something else")
    with pytest.raises(CommandError, match="not a Bloem backup"):
        call_command("backup", "--verify", str(path))


def test_a_missing_key_is_a_clear_error(db, settings, tmp_path):
    settings.BACKUP_KEY = ""
    with pytest.raises(CommandError, match="BLOEM_BACKUP_KEY"):
        call_command("backup", "--output", str(tmp_path / "x.backup"))
    assert not (tmp_path / "x.backup").exists()


def test_an_existing_file_is_never_overwritten(backup_file):
    before = open(backup_file, "rb").read()  # noqa: SIM115
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", "--output", backup_file)
    assert open(backup_file, "rb").read() == before  # noqa: SIM115
