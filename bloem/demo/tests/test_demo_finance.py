"""The demo shows a year of realistic production that reconciles and is paid by the
municipalities the rules name."""

import datetime

import pytest
from django.db.models import Sum
from django.utils import timezone

from bloem.accounts.models import Worker
from bloem.demo.finance import WINDOW_MONTHS
from bloem.demo.generator import generate
from bloem.finance import selectors
from bloem.finance.models import Commission, Period, Registration, Source


@pytest.mark.django_db
def test_the_demo_books_a_year_of_production_that_reconciles():
    generate(families=40, seed=7)
    finance = Worker.objects.get(username="financien")
    today = timezone.localdate()
    rows = Registration.objects.all()
    assert rows.filter(source=Source.SHELTER_DAYS).exists()
    assert rows.filter(source=Source.WORKER, stream="jeugdwet").exists()
    assert rows.filter(stream="zvw", payer="insurer").exists()
    oldest = rows.order_by("period").values_list("period", flat=True).first()
    assert oldest >= (today.replace(day=1) - datetime.timedelta(days=31 * WINDOW_MONTHS))
    assert Period.objects.count() == WINDOW_MONTHS - 1
    wmo = rows.filter(stream="wmo", source=Source.SHELTER_DAYS)
    assert not wmo.exclude(payer="municipality").exists()
    for year in {today.year, today.year - 1}:
        total = rows.filter(period__year=year).aggregate(t=Sum("amount"))["t"] or 0
        by_municipality = selectors.totals_by_municipality(user=finance, year=year)
        assert sum(r["amount"] for r in by_municipality) == total
    assert Commission.objects.exists()
