"""`bloem retention` (dry run) lists exactly the files whose retention period has ended."""

import datetime

import pytest

from bloem.families.models import Family, JournalEntry
from bloem.privacy.retention import files_past_retention

from .helpers import age_file, fill_file, run

TODAY = datetime.date(2026, 11, 1)


def _listed(day=TODAY, years=20) -> list[str]:
    return [row["reference"] for row in files_past_retention(today=day, years=years)]


def test_a_file_whose_care_ended_more_than_20_years_ago_is_listed(world):
    age_file(world.own_family, datetime.date(2005, 6, 1))
    assert _listed() == [world.own_family.reference]


def test_a_file_that_ended_less_than_20_years_ago_is_not_listed(world):
    age_file(world.own_family, datetime.date(2006, 11, 2))
    assert _listed() == []
    assert _listed(day=datetime.date(2026, 11, 3)) == [world.own_family.reference]


def test_the_last_change_in_the_file_counts_not_only_the_end_of_the_stay(world):
    """Jeugdwet 7.3.8 / BW 7:454: twenty years from the last change in the file."""
    age_file(world.own_family, datetime.date(2000, 1, 1))
    JournalEntry.objects.create(
        family=world.own_family, author=world.family_worker, text="Late note",
        written_at=datetime.datetime(2010, 3, 1, 9, tzinfo=datetime.UTC))
    assert _listed() == []
    assert _listed(day=datetime.date(2030, 3, 2)) == [world.own_family.reference]


def test_the_period_is_the_retention_years_setting(world, settings):
    age_file(world.own_family, datetime.date(2020, 1, 1))
    settings.RETENTION_YEARS = 5
    text = run("retention", "--before", "2026-11-01")
    assert world.own_family.reference in text
    assert "2025-01-01" in text


def test_the_dry_run_shows_the_table_and_deletes_nothing(world):
    fill_file(world.own_family, world.family_worker)
    age_file(world.own_family, datetime.date(2001, 2, 3))
    text = run("retention", "--before", "2026-11-01")
    line = next(line for line in text.splitlines() if world.own_family.reference in line)
    assert line.split() == [world.own_family.reference, "2001-02-03", "2021-02-03", "no"]
    assert world.foreign_family.reference not in text
    assert Family.objects.filter(pk=world.own_family.pk).exists()


@pytest.mark.parametrize("years", [1, 20])
def test_a_file_without_stays_counts_from_its_last_change(world, years):
    family = Family.objects.create(reference="X0000001", name="Leeg")
    Family.objects.filter(pk=family.pk).update(
        updated_at=datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC))
    assert family.reference in _listed(years=years)
