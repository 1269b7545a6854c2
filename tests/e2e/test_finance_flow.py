"""Integral family financing (issue 11): a youth-care specialist records the hours of a
form of help from the family page; the finance officer closes a month, reads the
municipal production report and the integral family view, corrects a registration by a
counter-entry and checks the budget of a commission."""

import datetime
from decimal import Decimal

from django.urls import reverse

from bloem.accounts.models import Municipality
from bloem.finance import services
from bloem.finance.models import Commission, Registration, Source
from bloem.finance.tests.factories import AMSTERDAM, central, help_form, month_start, products

from .conftest import assert_accessible, dutch, log_in, screenshot, visit


def _books(world):
    family = world.own_family
    family.municipality = Municipality.objects.get(code="GM0034")
    family.save()
    family.stays.update(started_on=month_start(3))
    central(family, AMSTERDAM)
    made = products(world.finance_officer)
    return family, made, help_form(family, "nika", world.youth_specialist,
                                   started_on=month_start(2))


def test_a_specialist_records_the_hours_of_a_form_of_help(page, world):
    family, _, nika = _books(world)
    log_in(page, world.youth_specialist)
    visit(page, reverse("families:detail", args=[family.pk]))
    page.get_by_role("link", name=dutch("Record care")).first.click()
    page.get_by_role("heading", level=1, name=dutch("Record delivered care")).wait_for()
    assert_accessible(page)
    page.get_by_label(dutch("Delivered on")).fill(month_start(1).isoformat())
    page.get_by_label(dutch("Quantity (%(unit)s)") % {"unit": dutch("Hour").lower()}).fill("1.5")
    page.get_by_role("button", name=dutch("Save")).click()
    page.get_by_role("heading", level=1).filter(has_text=family.name).wait_for()
    assert_accessible(page)
    assert Registration.objects.get(help_form=nika).quantity == Decimal("1.50")


def test_the_finance_officer_closes_a_month_and_reads_the_municipal_report(page, world):
    family, made, nika = _books(world)
    for months_ago, hours in ((2, "3"), (1, "2.5")):
        services.registration_record(request=None, help_form=nika,
                                     delivered_on=month_start(months_ago),
                                     quantity=Decimal(hours), user=world.youth_specialist)
    Commission.objects.create(reference="BS-DEMO-1", municipality_id="GM0034",
                              stream="jeugdwet", product=made["nika"], family=family,
                              valid_from=month_start(2),
                              valid_until=month_start(0) + datetime.timedelta(days=20),
                              budget=Decimal("600.00"), recorded_by=world.finance_officer)
    log_in(page, world.finance_officer)
    page.get_by_role("link", name=dutch("Financing")).click()
    page.get_by_role("heading", level=1).wait_for()
    assert_accessible(page)

    visit(page, reverse("finance:periods"))
    page.get_by_label(dutch("Month")).fill(month_start(2).isoformat())
    page.get_by_role("button", name=dutch("Close the month")).click()
    page.get_by_text(dutch("The month has been closed.")).wait_for()
    assert_accessible(page)
    assert Registration.objects.filter(source=Source.SHELTER_DAYS).exists()

    visit(page, f"{reverse('finance:report')}?jaar={month_start(2).year}")
    assert "JH-NIKA" in page.content() and "OPV-DAG" in page.content()
    screenshot(page, "financiering-productie")
    page.get_by_role("link", name=family.reference).click()
    page.get_by_role("heading", level=1).filter(has_text=family.reference).wait_for()
    assert_accessible(page)
    assert family.name not in page.content()

    later = Registration.objects.get(help_form=nika, period=month_start(1))
    page.get_by_label(dutch("Registration"), exact=True).select_option(value=str(later.pk))
    page.get_by_label(dutch("Reason for the correction")).fill("Afspraak ging niet door")
    page.get_by_role("button", name=dutch("Book a counter-entry")).click()
    page.get_by_text(dutch("The counter-entry has been booked.")).wait_for()
    assert_accessible(page)
    assert later.counter_entry.amount == -later.amount

    visit(page, reverse("finance:budget"))
    assert "BS-DEMO-1" in page.content()
    visit(page, reverse("finance:products"))
