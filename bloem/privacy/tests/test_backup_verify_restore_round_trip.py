"""backup → verify → restore into an empty database loses nothing: every table has the same
rows with the same content (canonical checksums), protected fields still encrypted."""

import datetime

from django.db import connections

from bloem.audit.models import AccessEvent, Action
from bloem.families.models import Correction, FamilyRole, JournalEntry, Person
from bloem.privacy import backup
from bloem.privacy.models import LegalHold

from .helpers import fill_file, look_at, run


def _world_with_everything(world) -> None:
    fill_file(world.own_family, world.family_worker, notes=5)
    fill_file(world.foreign_family, world.other_family_worker, notes=2)
    look_at(world.own_family, world.family_worker)
    look_at(world.foreign_family, world.other_family_worker)
    mother = world.own_family.members.get(family_role=FamilyRole.PARENT)
    Correction.objects.create(
        family=world.own_family, person=mother, record_type="families.person",
        record_id=mother.pk, field="address", old_value="Oude Straat 1",
        new_value="Geheime Gracht 1, Amsterdam", protected=True, version=2,
        changed_by=world.family_worker, reason="Verhuisd",
    )
    LegalHold.objects.create(family=world.foreign_family, reason="Klacht in behandeling",
                             placed_by=world.privacy_officer)


def test_the_round_trip_loses_nothing(world, backup_key, empty_database, tmp_path):
    _round_trip(world, empty_database, tmp_path)


def test_the_round_trip_into_postgresql_loses_nothing(world, backup_key,
                                                      empty_postgres_database, tmp_path):
    _round_trip(world, empty_postgres_database, tmp_path)


def _round_trip(world, empty_database, tmp_path):
    _world_with_everything(world)
    path = str(tmp_path / "bloem.backup")

    assert "Backup written" in run("backup", "--output", path)
    assert "intact" in run("backup", "--verify", path)
    source = backup.database_digests()
    source_audit = list(backup.table_lines(connections["default"], _audit_table()))
    assert source["families_journalentry"][0] == 7
    assert source["mfa_authenticator"][0] > 0  # JSON columns (allauth's TOTP data)

    assert "Restored" in run("restore", path, "--database", empty_database)

    target = backup.database_digests(empty_database)
    assert set(target) == set(source)
    different = {t for t in source if t != "audit_accessevent" and source[t] != target[t]}
    assert not different, {t: (source[t], target[t]) for t in different}
    # The audit log has everything it had, and one event more: the restore itself.
    target_audit = list(backup.table_lines(connections[empty_database], _audit_table()))
    assert target_audit[:-1] == source_audit
    restored = AccessEvent.objects.using(empty_database).order_by("-id").first()
    assert (restored.action, restored.record_type) == (Action.CREATE, "privacy.backup")
    assert AccessEvent.objects.filter(action=Action.EXPORT, record_type="privacy.backup").count()

    # Protected values were copied raw: still encrypted, and readable with the field keys.
    raw = Person.objects.using(empty_database).extra(select={"raw": "address"}).values_list(
        "raw", flat=True).first()
    assert raw.startswith("enc1:")
    note = JournalEntry.objects.filter(family=world.own_family).order_by("pk").first()
    assert JournalEntry.objects.using(empty_database).get(pk=note.pk).text == note.text
    assert JournalEntry.objects.using(empty_database).get(
        pk=note.pk).written_at == note.written_at == datetime.datetime(
        2026, 10, 1, 10, 0, tzinfo=datetime.UTC)


def _audit_table():
    return next(t for t in backup.tables() if t.name == "audit_accessevent")
