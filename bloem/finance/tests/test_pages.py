"""The finance officer's pages: the figures of every family, never its clinical content;
every other role is refused; a worker records care in their own families only. Pages cost
the same number of queries whatever the production."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from bloem.accounts.models import Municipality
from bloem.audit.models import AccessEvent, Action
from bloem.families.models import JournalEntry
from bloem.finance import services
from bloem.finance.models import Commission, Period, Registration, Source

from .factories import ALMERE, AMSTERDAM, central, help_form, month_start, products

SECRET_GOAL = "Doel: traumaverwerking na de mishandeling"
SECRET_NOTE = "Moeder vertelde over de nacht van de vlucht"


@pytest.fixture
def figures(world):
    """Youth care and shelter days booked in both families, with clinical content beside
    them that the finance officer must never see."""
    for family in (world.own_family, world.foreign_family):
        family.municipality = Municipality.objects.get(code=ALMERE)
        family.save()
        family.stays.update(started_on=month_start(4))
        central(family, AMSTERDAM)
    made = products(world.finance_officer)
    forms = []
    for family, worker in ((world.own_family, world.youth_specialist),
                           (world.foreign_family, world.other_family_worker)):
        nika = help_form(family, "nika", worker, started_on=month_start(3))
        nika.goal = SECRET_GOAL
        nika.save()
        JournalEntry.objects.create(family=family, author=worker, text=SECRET_NOTE,
                                    written_at=timezone.now())
        for months_ago, hours in ((3, "1.5"), (2, "2"), (1, "0.75")):
            services.registration_record(request=None, help_form=nika,
                                         delivered_on=month_start(months_ago),
                                         quantity=Decimal(hours), user=worker)
        forms.append(nika)
    services.period_close(request=None, month=month_start(2), user=world.finance_officer)
    return made, forms


def test_the_finance_officer_sees_the_production_of_every_family(world, client_for, figures):
    client = client_for(world.finance_officer)
    response = client.get(reverse("finance:report"), {"jaar": month_start(2).year})
    assert response.status_code == 200
    body = response.content.decode()
    assert "JH-NIKA" in body and "OPV-DAG" in body
    assert world.own_family.reference in body and world.foreign_family.reference in body
    assert AccessEvent.objects.filter(actor_id=world.finance_officer.pk, action=Action.LIST,
                                      record_type="finance.production").exists()


@pytest.mark.parametrize("route", ["finance:report", "finance:family", "finance:budget"])
def test_the_finance_officer_never_sees_clinical_content_or_names(world, client_for, figures,
                                                                  route):
    client = client_for(world.finance_officer)
    args = [world.own_family.pk] if route == "finance:family" else []
    body = client.get(reverse(route, args=args)).content.decode()
    for secret in (SECRET_GOAL, SECRET_NOTE, world.own_family.name, "Geheime Gracht",
                   "0612345678", "Sanne", "Oranje Huis A"):
        assert secret not in body, secret


def test_the_finance_officer_gets_no_client_file(world, client_for, figures):
    client = client_for(world.finance_officer)
    assert client.get(reverse("families:detail", args=[world.own_family.pk])).status_code == 404
    assert client.get(reverse("finance:register", args=[figures[1][0].pk])).status_code == 404


@pytest.mark.parametrize("persona", ["family_worker", "team_manager", "privacy_officer",
                                     "administrator"])
def test_other_roles_get_no_financial_figures(world, client_for, figures, persona):
    client = client_for(getattr(world, persona))
    assert client.get(reverse("finance:report")).status_code == 403
    assert client.get(reverse("finance:family", args=[world.own_family.pk])).status_code == 403
    assert client.get(reverse("finance:export_csv")).status_code == 403


def test_a_worker_records_care_on_a_form_of_help_of_their_own_family(world, client_for,
                                                                     figures):
    client = client_for(world.youth_specialist)
    nika = figures[1][0]
    page = client.get(reverse("finance:register", args=[nika.pk]))
    assert page.status_code == 200 and "JH-NIKA" in page.content.decode()
    response = client.post(reverse("finance:register", args=[nika.pk]),
                           {"delivered_on": month_start(0).isoformat(), "quantity": "1.25"})
    assert response.status_code == 302
    assert Registration.objects.filter(help_form=nika, quantity=Decimal("1.25"),
                                       recorded_by=world.youth_specialist).exists()
    foreign = figures[1][1]
    assert client.get(reverse("finance:register", args=[foreign.pk])).status_code == 404


def test_a_registration_in_a_closed_month_is_refused_with_a_clear_message(world, client_for,
                                                                          figures):
    client = client_for(world.youth_specialist)
    nika = figures[1][0]
    before = Registration.objects.count()
    response = client.post(reverse("finance:register", args=[nika.pk]),
                           {"delivered_on": month_start(2).isoformat(), "quantity": "1"})
    assert response.status_code == 200
    assert "is closed" in response.content.decode() or "is afgesloten" in (
        response.content.decode())
    assert Registration.objects.count() == before


def test_the_finance_officer_books_a_counter_entry_from_the_family_view(world, client_for,
                                                                       figures):
    client = client_for(world.finance_officer)
    registration = Registration.objects.filter(
        family=world.own_family, source=Source.WORKER, period=month_start(1)).get()
    response = client.post(reverse("finance:family", args=[world.own_family.pk]),
                           {"registration": registration.pk, "reason": "Dubbel"})
    assert response.status_code == 302
    assert registration.counter_entry.amount == -registration.amount
    # Another family's registration cannot be chosen here.
    other = Registration.objects.filter(family=world.foreign_family).first()
    response = client.post(reverse("finance:family", args=[world.own_family.pk]),
                           {"registration": other.pk, "reason": "x"})
    assert response.status_code == 200
    assert not Registration.objects.filter(corrects=other).exists()


def test_closing_a_month_and_recording_a_commission_from_the_pages(world, client_for, figures):
    client = client_for(world.finance_officer)
    response = client.post(reverse("finance:periods"), {"month": month_start(1).isoformat()})
    assert response.status_code == 302
    assert Period.objects.filter(month=month_start(1)).exists()
    response = client.post(reverse("finance:budget"), {
        "reference": "BS-2026-001", "municipality": ALMERE, "stream": "jeugdwet",
        "valid_from": month_start(3).isoformat(),
        "valid_until": (month_start(0) + datetime.timedelta(days=60)).isoformat(),
        "budget": "500.00", "warn_at": "80"})
    assert response.status_code == 302
    page = client.get(reverse("finance:budget")).content.decode()
    assert "BS-2026-001" in page and "data-warning" in page  # 842.94 of 500 used


def test_a_tariff_recorded_on_the_page_prices_new_care(world, client_for, figures):
    client = client_for(world.finance_officer)
    product = figures[0]["nika"]
    response = client.post(reverse("finance:products"), {
        "action": "tariff", "tariff-product": product.pk,
        "tariff-year": month_start(0).year, "tariff-amount": "101.00",
        "tariff-reason": "Indexatie"})
    assert response.status_code == 302
    assert services.tariff_on(product, month_start(0)) == Decimal("101.00")


def test_the_exports_carry_the_same_total_as_the_report(world, client_for, figures):
    client = client_for(world.finance_officer)
    year = month_start(1).year
    total = Registration.objects.filter(period__year=year).values_list("amount", flat=True)
    expected = sum(total, Decimal(0))
    rows = list(csv.reader(io.StringIO(
        client.get(reverse("finance:export_csv"), {"jaar": year}).content.decode()),
        delimiter=";"))
    assert sum(Decimal(r[-1]) for r in rows[1:]) == expected
    sheet = openpyxl.load_workbook(io.BytesIO(
        client.get(reverse("finance:export_xlsx"), {"jaar": year}).content)).active
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sum(Decimal(str(v[-1])) for v in values) == expected
    assert AccessEvent.objects.filter(action=Action.EXPORT,
                                      actor_id=world.finance_officer.pk).count() == 2


@pytest.mark.parametrize("route", ["finance:report", "finance:budget", "finance:family",
                                   "finance:products", "finance:periods"])
def test_finance_pages_cost_the_same_queries_whatever_the_production(
        world, client_for, figures, route, django_assert_max_num_queries):
    client = client_for(world.finance_officer)
    args = [world.own_family.pk] if route == "finance:family" else []
    url = reverse(route, args=args)
    Commission.objects.create(reference="C1", municipality_id=ALMERE, stream="jeugdwet",
                              valid_from=month_start(3), valid_until=month_start(0),
                              budget=Decimal(1000), recorded_by=world.finance_officer)
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    nika = figures[1][0]
    for day in range(1, 20):
        services.registration_record(request=None, help_form=nika,
                                     delivered_on=month_start(1) + datetime.timedelta(days=day),
                                     quantity=Decimal(1), user=world.youth_specialist)
    Commission.objects.create(reference="C2", municipality_id=ALMERE, stream="jeugdwet",
                              product=figures[0]["nika"], family=world.own_family,
                              valid_from=month_start(3), valid_until=month_start(0),
                              budget=Decimal(1000), recorded_by=world.finance_officer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_api_gives_the_finance_officer_the_same_figures(world, client_for, figures):
    client = client_for(world.finance_officer)
    year = month_start(1).year
    production = client.get(reverse("api_v1:finance-production"), {"year": year}).json()
    everything = sum(Registration.objects.filter(period__year=year)
                     .values_list("amount", flat=True), Decimal(0))
    assert Decimal(production["total"]) == everything
    assert sum(Decimal(r["amount"]) for r in production["by_municipality"]) == everything
    assert sum(Decimal(r["amount"]) for r in production["production"]) == everything
    family = client.get(reverse("api_v1:finance-family", args=[world.own_family.pk])).json()
    assert family["reference"] == world.own_family.reference
    assert SECRET_GOAL not in str(family) and world.own_family.name not in str(family)
    assert client.get(reverse("api_v1:finance-production"), {"year": "x"}).status_code == 400
    assert client.get(reverse("api_v1:finance-commissions")).status_code == 200


def test_the_api_refuses_every_other_role(world, client_for, figures):
    client = client_for(world.team_manager)
    assert client.get(reverse("api_v1:finance-production")).status_code == 403
    assert client.get(reverse("api_v1:finance-family",
                              args=[world.own_family.pk])).status_code == 403
