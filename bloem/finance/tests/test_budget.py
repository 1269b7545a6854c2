"""Budget use against a commission: the registrations that fall under it, and a warning
before it runs out (past its warning share, or on course to overspend)."""

import datetime
from decimal import Decimal

import pytest

from bloem.finance import selectors
from bloem.finance.models import Commission, Registration, Source

from .factories import ALMERE, products

START = datetime.date(2026, 1, 1)


@pytest.fixture
def nika(world):
    return products(world.finance_officer)["nika"]


def _commission(world, product, budget, **extra):
    return Commission.objects.create(
        reference=f"C{Commission.objects.count()}", municipality_id=ALMERE,
        stream="jeugdwet", product=product, valid_from=START,
        valid_until=datetime.date(2026, 12, 31), budget=Decimal(budget),
        recorded_by=world.finance_officer, **extra)


def _book(world, product, day, amount, municipality=ALMERE, family=None):
    Registration.objects.create(
        family=family or world.own_family, product=product, stream=product.stream,
        payer="municipality", municipality_id=municipality, payer_rule="x",
        delivered_on=day, period=day.replace(day=1), quantity=Decimal(1),
        tariff=Decimal(amount), amount=Decimal(amount), source=Source.WORKER,
        recorded_by=world.youth_specialist)


def _use(world, today):
    return {u.commission.reference: u for u in selectors.budget_use(user=world.finance_officer,
                                                                     today=today)}


def test_only_registrations_of_its_municipality_product_family_and_dates_count(world, nika):
    _commission(world, nika, "1000", family=world.own_family)
    _commission(world, None, "1000")
    _book(world, nika, datetime.date(2026, 3, 1), "100")
    _book(world, nika, datetime.date(2025, 12, 31), "1")  # before the commission
    _book(world, nika, datetime.date(2026, 3, 2), "10", municipality="GM0363")
    _book(world, nika, datetime.date(2026, 3, 3), "20", family=world.foreign_family)
    use = _use(world, datetime.date(2026, 3, 10))
    assert use["C0"].used == Decimal("100")  # the own family's NIKA in Almere
    assert use["C1"].used == Decimal("120")  # every family's Jeugdwet care in Almere


def test_a_commission_warns_past_its_share_and_when_it_is_used_up(world, nika):
    _commission(world, nika, "1000", warn_at=80)
    _book(world, nika, datetime.date(2026, 11, 1), "790")
    assert not _use(world, datetime.date(2026, 11, 30))["C0"].warning
    _book(world, nika, datetime.date(2026, 11, 2), "10")
    use = _use(world, datetime.date(2026, 11, 30))["C0"]
    assert use.warning and not use.exhausted and use.share == Decimal("80.0")
    _book(world, nika, datetime.date(2026, 11, 3), "200")
    assert _use(world, datetime.date(2026, 11, 30))["C0"].exhausted


def test_a_commission_warns_when_the_rate_so_far_overspends_it_but_not_too_early(world,
                                                                                 nika):
    _commission(world, nika, "1200")
    _book(world, nika, datetime.date(2026, 1, 10), "300")  # a quarter in the first month
    assert not _use(world, datetime.date(2026, 2, 1))["C0"].warning  # too early to say
    use = _use(world, datetime.date(2026, 3, 1))["C0"]
    assert use.warning and use.projected > Decimal("1200") and use.share == Decimal("25.0")
