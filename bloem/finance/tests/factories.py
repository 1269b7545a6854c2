"""Products, tariffs and forms of help for the finance tests."""

import datetime
from decimal import Decimal

from django.utils import timezone

from bloem.accounts.models import Municipality
from bloem.catalogue.models import HelpForm, Petal
from bloem.families.models import FamilyRole
from bloem.finance.models import (
    CentralMunicipality,
    Commission,
    PayerOverride,
    Period,
    Product,
    ProductUnit,
    Registration,
    Tariff,
)

AMSTERDAM, ALMERE, HILVERSUM = "GM0363", "GM0034", "GM0402"


def today() -> datetime.date:
    return timezone.localdate()


def month_start(months_ago: int) -> datetime.date:
    """The first day of the month `months_ago` before the current one."""
    first = today().replace(day=1)
    year, month = divmod(first.year * 12 + first.month - 1 - months_ago, 12)
    return datetime.date(year, month + 1, 1)


def empty_books() -> None:
    """No finance data but the test's own: a module-scoped demo of another suite (committed,
    and cleaned up only by its families) may have left products, tariffs and closed
    months behind."""
    for model in (Registration, Commission, PayerOverride, Period, Tariff, Product):
        model.objects.all().delete()


def products(by) -> dict[str, Product]:
    """A product for three petals, one per stream, with tariffs for the last few years
    (on empty books)."""
    empty_books()
    specs = {
        "safety-stabilisation": ("OPV-DAG", ProductUnit.DAY, "wmo", Decimal("123.45")),
        "nika": ("JH-NIKA", ProductUnit.HOUR, "jeugdwet", Decimal("98.10")),
        "parent-trauma-treatment": ("GGZ-TRAUMA", ProductUnit.SESSION, "zvw",
                                    Decimal("110.00")),
    }
    result = {}
    for petal, (code, unit, stream, amount) in specs.items():
        product = Product.objects.create(code=code, petal=Petal.objects.get(code=petal),
                                         unit=unit, stream=stream)
        for year in range(today().year - 2, today().year + 1):
            Tariff.objects.create(product=product, year=year, amount=amount, recorded_by=by)
        result[petal] = product
    return result


def central(family, code: str = AMSTERDAM) -> None:
    location = family.stays.get(ended_on__isnull=True).location
    CentralMunicipality.objects.update_or_create(
        location=location, defaults={"municipality": Municipality.objects.get(code=code)})


def help_form(family, petal: str, worker, *, started_on: datetime.date | None = None,
              role=FamilyRole.CHILD) -> HelpForm:
    return HelpForm.objects.create(
        family=family, person=family.members.filter(family_role=role).order_by("pk").first(),
        petal=Petal.objects.get(code=petal), responsible=worker,
        started_on=started_on or month_start(3))
