"""`bloem retention --apply` deletes everything of a file past retention, in one
transaction per file with a DELETE event, and never touches the audit log."""

import datetime

from django.utils import timezone

from bloem.audit.models import AccessEvent, Action, Channel
from bloem.families.models import Family, JournalEntry, Person
from bloem.privacy import services
from bloem.privacy.models import LegalHold
from bloem.privacy.retention import FILE_PARTS, files_past_retention, past_retention

from .helpers import age_file, fill_file, look_at, rows_of_file, run


def test_apply_deletes_every_part_of_the_file_and_nothing_of_another(world):
    own, foreign = world.own_family, world.foreign_family
    fill_file(own, world.family_worker)
    fill_file(foreign, world.other_family_worker)
    before = rows_of_file(own.pk)
    assert all(before[part.model] for part in FILE_PARTS
               if part.model != "families.correction"), before
    foreign_before = rows_of_file(foreign.pk)
    age_file(own, datetime.date(2002, 5, 1))

    text = run("retention", "--apply")

    assert "1 file(s) purged" in text
    assert not Family.objects.filter(pk=own.pk).exists()
    assert set(rows_of_file(own.pk).values()) == {0}
    assert rows_of_file(foreign.pk) == foreign_before


def test_apply_keeps_the_audit_rows_and_writes_one_delete_event_per_file(world):
    own = world.own_family
    look_at(own, world.family_worker)
    person = own.members.first()
    earlier = set(AccessEvent.objects.filter(family_id=own.pk).values_list("pk", flat=True))
    assert earlier
    age_file(own, datetime.date(2002, 5, 1))

    run("retention", "--apply")

    events = AccessEvent.objects.filter(family_id=own.pk)
    assert earlier < set(events.values_list("pk", flat=True))
    deletes = list(events.filter(action=Action.DELETE))
    assert len(deletes) == 1
    event = deletes[0]
    assert event.channel == Channel.COMMAND
    assert event.record_type == "families.family"
    assert event.reason.startswith("retention period ended on 2022-05-01")
    assert own.reference in event.reason
    assert not Person.objects.filter(pk=person.pk).exists()
    assert AccessEvent.objects.about_person(person.pk, own.pk).exists()


def test_two_files_past_retention_are_two_purges_with_two_events(world):
    age_file(world.own_family, datetime.date(2002, 5, 1))
    age_file(world.foreign_family, datetime.date(2003, 5, 1))
    run("retention", "--apply")
    assert not Family.objects.exists()
    assert AccessEvent.objects.filter(action=Action.DELETE,
                                      record_type="families.family").count() == 2


def test_a_file_that_changed_after_it_was_listed_is_left_alone(world):
    day = datetime.date(2026, 11, 1)
    age_file(world.own_family, datetime.date(2002, 5, 1))
    [row] = files_past_retention(today=day, years=20)
    JournalEntry.objects.create(family=world.own_family, author=world.family_worker,
                                text="Nog een notitie", written_at=timezone.now())
    due = past_retention(today=day, years=20)
    assert services.file_purge(row=row, due=due, years=20) is None
    assert Family.objects.filter(pk=world.own_family.pk).exists()


def test_a_file_held_after_it_was_listed_is_left_alone(world):
    day = datetime.date(2026, 11, 1)
    age_file(world.own_family, datetime.date(2002, 5, 1))
    [row] = files_past_retention(today=day, years=20)
    LegalHold.objects.create(family=world.own_family, reason="Net op tijd",
                             placed_by=world.privacy_officer)
    due = past_retention(today=day, years=20)
    assert services.file_purge(row=row, due=due, years=20) is None
    assert Family.objects.filter(pk=world.own_family.pk).exists()
