"""Demo data of issue 11 (integral family financing): a product with a tariff per year for
every petal, the central municipality of each Oranje Huis, and a year of production for the
forms of help and stays `bloem demo` has just generated (one chunk of families at a time,
after it is saved): one registration per form of help and month (hours, sessions, a
trajectory), the shelter days per stay and month, the months before the last one closed,
and a youth-care commission (beschikking) per form of help of this year, some of them
running out.

Product codes and tariffs are DEMO values of the organisation's own price list, not the
contract prices of any municipality; the central municipalities are those of the regions
the demo's Oranje Huizen lie in (Amsterdam-Amstelland, Flevoland, Gooi en Vechtstreek,
Noord-Holland Noord). Who pays is asked of the rule engine (bloem.rules.financing), as the
services do. Everything with bulk_create: a few queries per chunk."""

import calendar
import datetime
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from bloem.accounts.models import Location, Worker
from bloem.catalogue.models import GIVEN_STATUSES, Petal
from bloem.demo import bulk
from bloem.finance.models import (
    CentralMunicipality,
    Commission,
    Period,
    Product,
    ProductUnit,
    Registration,
    Source,
    Tariff,
)
from bloem.rules import financing as rules

FINANCE_LOGIN = "financien"
WINDOW_MONTHS = 12  # a year of production
# petal → (product code, unit, tariff of the current year in euro): demo values.
PRICE_LIST = {
    "safety-stabilisation": ("BG-OPV-DAG", ProductUnit.DAY, "178.00"),
    "daily-life-guidance": ("BG-BEGL-UUR", ProductUnit.HOUR, "72.00"),
    "stress-reduction": ("BG-STRESS-SES", ProductUnit.SESSION, "65.00"),
    "toontje-veerkracht": ("BG-GROEP-SES", ProductUnit.SESSION, "58.00"),
    "nika": ("AL-NIKA-UUR", ProductUnit.HOUR, "118.00"),
    "child-trauma-treatment": ("AL-TRAUMA-SES", ProductUnit.SESSION, "125.00"),
    "supervised-contact": ("AL-OMGANG-UUR", ProductUnit.HOUR, "96.00"),
    "separation-contact": ("AL-SCHEID-UUR", ProductUnit.HOUR, "104.00"),
    "school-guidance": ("AL-SCHOOL-TRAJ", ProductUnit.TRAJECTORY, "880.00"),
    "parent-trauma-treatment": ("GGZ-TRAUMA-SES", ProductUnit.SESSION, "131.00"),
    "forensic-ggz": ("GGZ-FORENS-SES", ProductUnit.SESSION, "142.00"),
    "relationship-therapy": ("GGZ-RELATIE-SES", ProductUnit.SESSION, "121.00"),
    "impulse-control": ("GGZ-IMPULS-SES", ProductUnit.SESSION, "115.00"),
}
INDEXATION = Decimal("0.97")  # a year earlier the tariff was 3 % lower
CENTRAL = {  # location → central municipality (Wmo shelter) of its region
    "Oranje Huis Amsterdam": "GM0363", "Oranje Huis Almere": "GM0034",
    "Oranje Huis Hilversum": "GM0402", "Oranje Huis Alkmaar": "GM0361",
}
# Per month of help: (fewest, most) units delivered.
PER_MONTH = {ProductUnit.HOUR: (2, 9), ProductUnit.SESSION: (2, 4)}
# A commission's budget: the units a month of help usually takes, for the year it runs,
# times a margin (some are tight and run out, most do not).
USUAL_PER_MONTH = {ProductUnit.HOUR: Decimal("5.5"), ProductUnit.SESSION: Decimal(3)}
MARGINS = (Decimal("0.7"), Decimal("1.0"), Decimal("1.1"), Decimal("1.3"), Decimal("1.5"))
CENT = Decimal("0.01")


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _month_start(today: datetime.date, back: int) -> datetime.date:
    year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
    return datetime.date(year, month + 1, 1)


def _ensure_reference(today: datetime.date, finance_id: int) -> tuple[dict, dict, dict]:
    """Products, tariffs, central municipalities and closed months (idempotent)."""
    petals = dict(Petal.objects.values_list("code", "financing"))
    existing = set(Product.objects.values_list("petal_id", flat=True))
    new = [Product(code=code, petal_id=petal, unit=unit, stream=petals[petal])
           for petal, (code, unit, _) in PRICE_LIST.items()
           if petal in petals and petal not in existing]
    Product.objects.bulk_create(new)
    products = {p.petal_id: p for p in Product.objects.filter(petal_id__in=petals)}
    years = range(today.year - 1, today.year + 1)
    have = set(Tariff.objects.values_list("product_id", "year"))
    Tariff.objects.bulk_create([
        Tariff(product=products[petal], year=year, recorded_by_id=finance_id,
               amount=(Decimal(amount) * INDEXATION ** (today.year - year)).quantize(CENT),
               reason="Demo-prijslijst")
        for petal, (_, _, amount) in PRICE_LIST.items() if petal in products
        for year in years if (products[petal].pk, year) not in have
    ])
    tariffs = {(t.product_id, t.year): t.amount for t in Tariff.objects.order_by("recorded_at")}
    locations = dict(Location.objects.filter(name__in=CENTRAL).values_list("name", "pk"))
    CentralMunicipality.objects.bulk_create(
        [CentralMunicipality(location_id=pk, municipality_id=CENTRAL[name])
         for name, pk in locations.items()], ignore_conflicts=True)
    centrals = dict(CentralMunicipality.objects.values_list("location_id", "municipality_id"))
    Period.objects.bulk_create(
        [Period(month=_month_start(today, back), closed_by_id=finance_id)
         for back in range(2, WINDOW_MONTHS + 1)], ignore_conflicts=True)
    return products, tariffs, centrals


def _registration(*, family_id, person_id, help_form_id, product, tariff, answer, day, period,
                  quantity, source, key, by) -> Registration:
    return Registration(
        family_id=family_id, person_id=person_id, help_form_id=help_form_id, product=product,
        stream=product.stream, payer=str(answer.payer), municipality_id=answer.municipality,
        payer_rule=answer.rule_id, delivered_on=day, period=period, quantity=quantity,
        tariff=tariff, amount=(quantity * tariff).quantize(CENT, rounding=ROUND_HALF_UP),
        source=source, source_key=key, recorded_by_id=by)


def add_finance(batch, *, seed: int, today: datetime.date) -> Counter:
    """A year of production for the forms of help and stays of `batch` (saved)."""
    finance_id = Worker.objects.filter(username=FINANCE_LOGIN).values_list("pk", flat=True) \
        .first()
    if finance_id is None or not batch.families:
        return Counter()
    products, tariffs, centrals = _ensure_reference(today, finance_id)
    rng = batch.rng("finance", seed)
    window = _month_start(today, WINDOW_MONTHS)
    origin = {family.pk: family.municipality_id for family in batch.families}
    stays_of: dict[int, list] = {}
    for stay in batch.stays:
        stays_of.setdefault(stay.family_id, []).append(stay)
    parents = {p.family_id: p.pk for p in batch.persons if p.family_role == "parent"}

    def stay_on(family_id, day):
        for stay in stays_of.get(family_id, ()):
            if stay.started_on <= day and (stay.ended_on is None or stay.ended_on >= day):
                return stay
        return None

    def who_pays(family_id, stream, day):
        stay = stay_on(family_id, day)
        return rules.responsible(rules.DeterminePayer(
            stream=stream, day=day, in_shelter=stay is not None,
            brp_before_stay=origin.get(family_id),
            central_municipality=centrals.get(stay.location_id) if stay else None))

    rows, commissions, commissioned = [], [], set()
    forms_per_family_petal = Counter((h.family_id, h.petal_id) for h in batch.help_forms)
    shelter = products.get("safety-stabilisation")
    for stay in batch.stays:
        last = min(stay.ended_on or today, today.replace(day=1) - datetime.timedelta(days=1))
        for month in _months(max(stay.started_on, window), last):
            end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
            start = max(stay.started_on, month)
            leaves = min(stay.ended_on or end + datetime.timedelta(days=1),
                         end + datetime.timedelta(days=1))
            nights = (leaves - start).days
            tariff = tariffs.get((shelter.pk, month.year)) if shelter else None
            if nights <= 0 or tariff is None:
                continue
            rows.append(_registration(
                family_id=stay.family_id, person_id=parents.get(stay.family_id),
                help_form_id=None, product=shelter, tariff=tariff,
                answer=who_pays(stay.family_id, "wmo", start), day=start, period=month,
                quantity=Decimal(nights), source=Source.SHELTER_DAYS,
                key=f"stay:{stay.pk}:{month:%Y-%m}", by=finance_id))
    for help_form in batch.help_forms:
        product = products.get(help_form.petal_id)
        if (product is None or help_form.status not in GIVEN_STATUSES
                or product.unit == ProductUnit.DAY):
            continue
        last = min(help_form.ended_on or today, today)
        months = _months(max(help_form.started_on, window), last)
        if product.unit == ProductUnit.TRAJECTORY:
            months = months[:1] if help_form.started_on >= window else []
        for month in months:
            end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
            day = min(max(help_form.started_on, month + datetime.timedelta(
                days=rng.randint(0, 27))), end, last)
            tariff = tariffs.get((product.pk, day.year))
            if tariff is None:
                continue
            low, high = PER_MONTH.get(product.unit, (1, 1))
            quantity = Decimal(rng.randint(low * 4, high * 4)) / 4 \
                if product.unit == ProductUnit.HOUR else Decimal(rng.randint(low, high))
            rows.append(_registration(
                family_id=help_form.family_id, person_id=help_form.person_id,
                help_form_id=help_form.pk, product=product, tariff=tariff,
                answer=who_pays(help_form.family_id, product.stream, day), day=day,
                period=month, quantity=quantity, source=Source.WORKER, key="",
                by=help_form.responsible_id))
        if (product.stream == "jeugdwet" and help_form.started_on.year == today.year
                and origin.get(help_form.family_id)
                and (help_form.family_id, product.pk) not in commissioned):
            # One commission per family and product: it covers the children's help.
            commissioned.add((help_form.family_id, product.pk))
            children = forms_per_family_petal[(help_form.family_id, help_form.petal_id)]
            planned = (USUAL_PER_MONTH.get(product.unit, Decimal(1)) * 12 * children
                       if product.unit != ProductUnit.TRAJECTORY else Decimal(children))
            planned *= rng.choice(MARGINS)
            commissions.append(Commission(
                reference=f"BS-{help_form.pk:08d}", municipality_id=origin[help_form.family_id],
                stream="jeugdwet", product=product, family_id=help_form.family_id,
                valid_from=help_form.started_on,
                valid_until=help_form.started_on + datetime.timedelta(days=364),
                budget=(planned * tariffs[(product.pk, today.year)]).quantize(CENT),
                warn_at=80, recorded_by_id=finance_id))
    bulk.insert(rows, set_pks=False)
    Commission.objects.bulk_create(commissions, batch_size=2000, ignore_conflicts=True)
    return Counter({"finance registrations": len(rows), "commissions": len(commissions)})
