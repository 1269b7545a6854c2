"""A family still in care (an open stay or an open form of help) is never past retention,
however old the rest of its file."""

import datetime

from bloem.catalogue.models import HelpForm
from bloem.families.models import Family, Stay

from .helpers import age_file, fill_file, run


def test_a_family_with_an_open_stay_is_not_listed_or_purged(world):
    age_file(world.own_family, datetime.date(1990, 1, 1))
    Stay.objects.filter(family=world.own_family).update(ended_on=None)
    assert world.own_family.reference not in run("retention", "--apply")
    assert Family.objects.filter(pk=world.own_family.pk).exists()


def test_a_family_with_an_open_form_of_help_is_not_listed_or_purged(world):
    fill_file(world.own_family, world.family_worker)
    age_file(world.own_family, datetime.date(1990, 1, 1))
    HelpForm.objects.filter(family=world.own_family).update(ended_on=None)
    run("retention", "--apply")
    assert Family.objects.filter(pk=world.own_family.pk).exists()
