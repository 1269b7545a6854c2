"""A held file is listed as held and never purged; once the hold is lifted it is."""

import datetime

from django.utils import timezone

from bloem.families.models import Family
from bloem.privacy.models import LegalHold

from .helpers import age_file, run


def _hold(world, **kwargs) -> LegalHold:
    return LegalHold.objects.create(family=world.own_family, reason="Rechtszaak tegen vader",
                                    placed_by=world.privacy_officer, **kwargs)


def test_a_held_file_is_listed_as_held_and_kept(world):
    age_file(world.own_family, datetime.date(2001, 1, 1))
    _hold(world)
    text = run("retention", "--apply")
    line = next(line for line in text.splitlines() if world.own_family.reference in line)
    assert line.split()[-1] == "yes"
    assert "0 file(s) purged" in text
    assert Family.objects.filter(pk=world.own_family.pk).exists()


def test_a_lifted_hold_no_longer_keeps_the_file(world):
    age_file(world.own_family, datetime.date(2001, 1, 1))
    placed = timezone.now() - datetime.timedelta(days=30)
    _hold(world, placed_at=placed, lifted_at=placed + datetime.timedelta(days=1),
          lifted_by=world.privacy_officer)
    run("retention", "--apply")
    assert not Family.objects.filter(pk=world.own_family.pk).exists()
    assert not LegalHold.objects.exists()
