"""Delivered care: priced at the tariff of its year, with who pays, locked once its month
is closed, and corrected only by counter-entries."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from bloem.accounts.models import Municipality
from bloem.finance import services
from bloem.finance.models import Payer, Period, Registration, Source, Tariff
from bloem.privacy.tests.helpers import age_file
from bloem.rules import financing as rules

from .factories import ALMERE, AMSTERDAM, HILVERSUM, central, help_form, month_start, products


@pytest.fixture(autouse=True)
def _english():
    """The messages are matched in English (the UI itself is Dutch)."""
    with translation.override("en"):
        yield


@pytest.fixture
def setup(world):
    family = world.own_family
    family.municipality = Municipality.objects.get(code=ALMERE)
    family.save()
    family.stays.update(started_on=month_start(4))
    central(family, AMSTERDAM)
    made = products(world.finance_officer)
    nika = help_form(family, "nika", world.youth_specialist, started_on=month_start(3))
    return family, made, nika


def record(setup, world, day, quantity="1.5"):
    return services.registration_record(request=None, help_form=setup[2], delivered_on=day,
                                        quantity=Decimal(quantity), user=world.youth_specialist)


def test_care_is_priced_at_the_tariff_of_its_year_the_latest_recorded_counting(world, setup):
    _, made, _ = setup
    day = month_start(2) + datetime.timedelta(days=3)
    Tariff.objects.create(product=made["nika"], year=day.year, amount=Decimal("100.00"),
                          recorded_by=world.finance_officer, reason="Index")
    registration = record(setup, world, day, "2")
    assert registration.tariff == Decimal("100.00")
    assert registration.amount == Decimal("200.00")
    # The tariff history keeps the earlier amount.
    assert list(made["nika"].tariffs.filter(year=day.year).values_list("amount", flat=True)
                .order_by("recorded_at", "id")) == [Decimal("98.10"), Decimal("100.00")]


def test_a_year_without_a_tariff_is_refused_and_nothing_is_booked(world, setup):
    _, made, _ = setup
    with pytest.raises(ValidationError, match="no tariff"):
        services.tariff_on(made["nika"], datetime.date(2019, 5, 1))


def test_a_tariff_of_one_year_does_not_price_another(world, setup):
    _, made, _ = setup
    next_year = month_start(0).year + 1
    services.tariff_set(request=None, product=made["nika"], year=next_year,
                        amount=Decimal("1.00"), reason="Contract", user=world.finance_officer)
    assert services.tariff_on(made["nika"], datetime.date(next_year, 1, 1)) == Decimal("1.00")
    assert services.tariff_on(made["nika"], month_start(0)) == Decimal("98.10")


def test_youth_care_in_the_shelter_is_paid_by_the_municipality_of_origin(world, setup):
    registration = record(setup, world, month_start(2))
    assert (registration.payer, registration.municipality_id, registration.payer_rule) == (
        Payer.MUNICIPALITY, ALMERE, rules.JW_SHELTER)


def test_after_leaving_the_shelter_youth_care_needs_a_municipality_by_hand(world, setup):
    family = setup[0]
    left = month_start(2) + datetime.timedelta(days=9)
    family.stays.update(ended_on=left)
    on_leaving_day = record(setup, world, left)
    day_after = record(setup, world, left + datetime.timedelta(days=1))
    assert on_leaving_day.municipality_id == ALMERE
    assert (day_after.payer, day_after.municipality_id) == (Payer.UNDETERMINED, None)


def test_an_override_holds_from_its_first_to_its_last_day(world, setup):
    family = setup[0]
    start = month_start(2) + datetime.timedelta(days=4)
    end = start + datetime.timedelta(days=6)
    services.override_set(request=None, family=family, stream="jeugdwet",
                          municipality=Municipality.objects.get(code=HILVERSUM),
                          valid_from=start, valid_until=end, reason="Bindend advies",
                          user=world.finance_officer)
    days = [start - datetime.timedelta(days=1), start, end, end + datetime.timedelta(days=1)]
    assert [record(setup, world, d).municipality_id for d in days] == [
        ALMERE, HILVERSUM, HILVERSUM, ALMERE]


def test_an_override_books_open_registrations_again_with_counter_entries(world, setup):
    family = setup[0]
    before = record(setup, world, month_start(1), "3")
    services.override_set(request=None, family=family, stream="jeugdwet",
                          municipality=Municipality.objects.get(code=HILVERSUM),
                          valid_from=month_start(1), valid_until=None, reason="Verhuisd",
                          user=world.finance_officer)
    rows = Registration.objects.filter(family=family)
    assert rows.filter(corrects=before, quantity=Decimal("-3")).exists()
    by_municipality = {m: sum(r.amount for r in rows.filter(municipality_id=m))
                       for m in (ALMERE, HILVERSUM)}
    assert by_municipality == {ALMERE: Decimal("0.00"), HILVERSUM: before.amount}


def test_adult_ggz_is_booked_for_the_insurer(world, setup):
    family = setup[0]
    ggz = help_form(family, "parent-trauma-treatment", world.ex_partner_worker,
                    role="parent")
    registration = services.registration_record(
        request=None, help_form=ggz, delivered_on=month_start(1), quantity=Decimal(1),
        user=world.ex_partner_worker)
    assert (registration.payer, registration.municipality_id) == (Payer.INSURER, None)


@pytest.mark.parametrize(("quantity", "message"), [
    ("0", "above zero"), ("-2", "above zero"), ("25", "24 hours")])
def test_a_worker_records_only_plausible_quantities(world, setup, quantity, message):
    with pytest.raises(ValidationError, match=message):
        record(setup, world, month_start(1), quantity)
    assert not Registration.objects.exists()


def test_care_outside_the_form_of_help_or_in_the_future_is_refused(world, setup):
    with pytest.raises(ValidationError, match="not given on that day"):
        record(setup, world, month_start(3) - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="ahead"):
        record(setup, world, month_start(0) + datetime.timedelta(days=40))


def test_a_closed_month_takes_no_new_registrations(world, setup):
    month = month_start(2)
    services.period_close(request=None, month=month, user=world.finance_officer)
    with pytest.raises(ValidationError, match="closed"):
        record(setup, world, month + datetime.timedelta(days=5))
    with pytest.raises(ValidationError, match="closed"):
        services.period_close(request=None, month=month, user=world.finance_officer)


def test_the_current_month_cannot_be_closed(world, setup):
    with pytest.raises(ValidationError, match="over"):
        services.period_close(request=None, month=month_start(0), user=world.finance_officer)
    assert not Period.objects.exists()


def test_closing_a_month_derives_its_shelter_days_once(world, setup):
    family = setup[0]
    month = month_start(2)
    services.period_close(request=None, month=month, user=world.finance_officer)
    days = Registration.objects.get(family=family, source=Source.SHELTER_DAYS, period=month)
    next_month = month_start(1)
    assert days.quantity == (next_month - month).days  # every night of the month
    assert (days.stream, days.municipality_id, days.payer_rule) == (
        "wmo", AMSTERDAM, rules.WMO_CENTRAL)
    assert days.amount == days.quantity * Decimal("123.45")
    assert services.shelter_days_derive(request=None, month=month_start(1),
                                        user=world.finance_officer) >= 1
    assert services.shelter_days_derive(request=None, month=month_start(1),
                                        user=world.finance_officer) == 0


def test_a_stay_counts_its_nights_not_its_day_of_leaving(world, setup):
    family = setup[0]
    month = month_start(2)
    family.stays.update(started_on=month + datetime.timedelta(days=9),
                        ended_on=month + datetime.timedelta(days=14))
    services.shelter_days_derive(request=None, month=month, user=world.finance_officer)
    assert Registration.objects.get(family=family, source=Source.SHELTER_DAYS).quantity == 5


def test_a_counter_entry_cancels_a_registration_and_only_once(world, setup):
    registration = record(setup, world, month_start(1), "2")
    counter = services.registration_counter(request=None, registration=registration,
                                            reason="Dubbel geboekt", user=world.finance_officer)
    assert (counter.quantity, counter.amount) == (-registration.quantity, -registration.amount)
    assert (counter.period, counter.source) == (registration.period, Source.COUNTER_ENTRY)
    with pytest.raises(ValidationError, match="already been corrected"):
        services.registration_counter(request=None, registration=registration,
                                      reason="Nog eens", user=world.finance_officer)
    with pytest.raises(ValidationError, match="counter-entry itself"):
        services.registration_counter(request=None, registration=counter, reason="x",
                                      user=world.finance_officer)


def test_a_correction_of_a_closed_month_is_booked_in_the_open_month(world, setup):
    registration = record(setup, world, month_start(2), "2")
    services.period_close(request=None, month=month_start(2), user=world.finance_officer)
    counter = services.registration_counter(request=None, registration=registration,
                                            reason="Niet geleverd", user=world.finance_officer)
    assert counter.period == month_start(0)
    assert counter.delivered_on == registration.delivered_on
    # The closed month's figures stay as they were declared.
    closed = Registration.objects.filter(period=month_start(2), source=Source.WORKER)
    assert list(closed.values_list("amount", flat=True)) == [registration.amount]


def test_a_counter_entry_needs_a_reason(world, setup):
    registration = record(setup, world, month_start(1))
    with pytest.raises(ValidationError):
        services.registration_counter(request=None, registration=registration, reason=" ",
                                      user=world.finance_officer)


def test_a_product_change_keeps_its_history(world, setup):
    product = setup[1]["nika"]
    services.product_update(request=None, product=product, version=1, code="JH-NIKA2",
                            unit="session", reason="Nieuw contract", user=world.finance_officer)
    product.refresh_from_db()
    assert (product.code, product.unit, product.version) == ("JH-NIKA2", "session", 2)
    assert set(product.changes.values_list("field", "old_value", "new_value")) == {
        ("code", "JH-NIKA", "JH-NIKA2"), ("unit", "hour", "session")}
    with pytest.raises(ValidationError, match="meantime"):
        services.product_update(request=None, product=product, version=1, code="X",
                                unit="hour", reason="Oud", user=world.finance_officer)


def test_the_figures_go_with_the_file_when_it_is_purged(world, setup):
    registration = record(setup, world, month_start(1))
    services.registration_counter(request=None, registration=registration, reason="Fout",
                                  user=world.finance_officer)
    setup[0].delete()
    assert not Registration.objects.exists()


def test_the_retention_purge_takes_the_figures_with_the_file(world, setup):
    record(setup, world, month_start(1))
    family = setup[0]
    family.help_forms.update(ended_on=month_start(1) + datetime.timedelta(days=3),
                             status="ended")
    family.stays.update(ended_on=month_start(1) + datetime.timedelta(days=3))
    age_file(family, datetime.date(2002, 5, 1))
    call_command("retention", "--apply", stdout=io.StringIO())
    assert not Registration.objects.filter(family_id=family.pk).exists()
