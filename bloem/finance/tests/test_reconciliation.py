"""The totals reconcile across every report: the sum per municipality equals the sum per
family equals the sum of the production rows equals the sum of all registrations, with
counter-entries, undetermined municipalities and the insurer in the mix."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bloem.accounts.models import Municipality
from bloem.finance import selectors, services
from bloem.finance.models import Registration

from .factories import ALMERE, AMSTERDAM, HILVERSUM, central, help_form, month_start, products

PETALS = ("nika", "parent-trauma-treatment")
entry = st.tuples(st.integers(0, 1), st.sampled_from(PETALS), st.integers(1, 3),
                  st.integers(1, 16).map(lambda q: Decimal(q) / 4), st.booleans())


def _sum(rows) -> Decimal:
    return sum((row["amount"] for row in rows), Decimal("0.00"))


@settings(max_examples=15, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(entry, max_size=12), close=st.booleans(),
       origin=st.sampled_from([ALMERE, HILVERSUM, None]))
def test_every_report_sums_to_the_same_total(world, entries, close, origin):
    with transaction.atomic():
        families = (world.own_family, world.foreign_family)
        for family in families:
            family.municipality = Municipality.objects.filter(code=origin).first()
            family.save()
            family.stays.update(started_on=month_start(4))
            central(family, AMSTERDAM)
        products(world.finance_officer)
        forms = {(i, petal): help_form(family, petal, world.youth_specialist,
                                       started_on=month_start(3))
                 for i, family in enumerate(families) for petal in PETALS}
        for i, petal, months_ago, quarters, correct in entries:
            # Hours in quarters; sessions are whole.
            quantity = quarters if petal == "nika" else quarters.to_integral_value() + 1
            registration = services.registration_record(
                request=None, help_form=forms[(i, petal)],
                delivered_on=month_start(months_ago) + datetime.timedelta(days=2),
                quantity=quantity, user=world.youth_specialist)
            if correct:
                services.registration_counter(request=None, registration=registration,
                                              reason="Fout", user=world.finance_officer)
        if close:
            services.period_close(request=None, month=month_start(3),
                                  user=world.finance_officer)
        user = world.finance_officer
        for year in {month_start(m).year for m in range(0, 4)}:
            everything = Registration.objects.filter(period__year=year).aggregate(
                total=Sum("amount"))["total"] or Decimal("0.00")
            assert _sum(selectors.totals_by_municipality(user=user, year=year)) == everything
            assert _sum(selectors.totals_by_family(user=user, year=year)) == everything
            assert _sum(selectors.production(user=user, year=year)) == everything
            assert selectors.total(user=user, year=year)["amount"] == everything
            per_family_views = sum(
                (selectors.family_view(user=user, family=f)["total"]["amount"]
                 for f in families), Decimal("0.00"))
            whole = Registration.objects.aggregate(total=Sum("amount"))["total"] or 0
            assert per_family_views == whole
        transaction.set_rollback(True)
