"""Every write of the financing: tariffs, product changes, registrations of delivered care
(by the worker, or derived from the shelter days), counter-entries, closing a month,
overrides of the responsible municipality and commissions. Each write is atomic, checks
the model's rules and records its audit event in the same transaction.

Who pays is asked of the rule engine (bloem.rules.financing) when care is registered; the
answer and its rule id are stored on the registration, so that a report of a closed month
never changes afterwards."""

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.catalogue.models import Financing, HelpForm
from bloem.families.models import Family, FamilyRole, Person, Stay
from bloem.rules import financing as rules

from .models import (
    CentralMunicipality,
    Commission,
    Payer,
    PayerOverride,
    Period,
    Product,
    ProductChange,
    ProductUnit,
    Registration,
    Source,
    Tariff,
    first_of_month,
)

# The petal whose help is the shelter stay itself: its days are derived from the stays.
SHELTER_PETAL = "safety-stabilisation"
CENT = Decimal("0.01")
MAX_HOURS_A_DAY = Decimal(24)
ONE_DAY = datetime.timedelta(days=1)


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# -- reading what a write needs ---------------------------------------------------------


def tariff_on(product: Product, day: datetime.date) -> Decimal:
    """The tariff of the product in the year of `day`: the latest one recorded."""
    tariff = (Tariff.objects.filter(product=product, year=day.year)
              .order_by("-recorded_at", "-id").values_list("amount", flat=True).first())
    if tariff is None:
        raise ValidationError(gettext("There is no tariff for %(product)s in %(year)s; the "
                                      "finance officer records it first.")
                              % {"product": product.code, "year": day.year})
    return tariff


def is_closed(month: datetime.date) -> bool:
    return Period.objects.filter(month=first_of_month(month)).exists()


def _open_month_or_error(month: datetime.date) -> datetime.date:
    month = first_of_month(month)
    if is_closed(month):
        raise ValidationError(gettext("The month %(month)s is closed: nothing can be booked in "
                                      "it any more.") % {"month": f"{month:%m-%Y}"})
    return month


def _stay_on(family: Family, day: datetime.date) -> Stay | None:
    return (Stay.objects.filter(family=family, started_on__lte=day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
            .select_related("location").first())


def _override_on(family: Family, stream: str, day: datetime.date,
                 help_form: HelpForm | None) -> PayerOverride | None:
    overrides = PayerOverride.objects.filter(family=family, stream=stream, valid_from__lte=day)
    overrides = overrides.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    overrides = overrides.filter(Q(help_form__isnull=True) | Q(help_form=help_form))
    # A form of help's own override goes before one for the whole family; then the latest.
    candidates = list(overrides.order_by("-recorded_at", "-id")[:20])
    own = [o for o in candidates if help_form is not None and o.help_form_id == help_form.pk]
    return (own or candidates or [None])[0]


def responsibility(*, family: Family, stream: str, day: datetime.date,
                   help_form: HelpForm | None = None) -> rules.Responsibility:
    """Who pays this family's help under `stream` on `day`, by the rule engine."""
    stay = _stay_on(family, day)
    central = None
    if stay is not None:
        central = (CentralMunicipality.objects.filter(location_id=stay.location_id)
                   .values_list("municipality_id", flat=True).first())
    override = _override_on(family, stream, day, help_form)
    return rules.responsible(rules.DeterminePayer(
        stream=stream, day=day, in_shelter=stay is not None,
        # The family's municipality of origin is where it lived (BRP) before the shelter.
        brp_before_stay=family.municipality_id,
        # Bloem does not record a client's current BRP municipality.
        brp_now=None,
        central_municipality=central,
        override=override.municipality_id if override else None,
    ))


def _book(*, family: Family, person: Person | None, help_form: HelpForm | None,
          product: Product, delivered_on: datetime.date, quantity: Decimal, source: str,
          recorded_by, period: datetime.date | None = None, source_key: str = "",
          corrects: Registration | None = None, reason: str = "") -> Registration:
    """One registration, priced and with who pays (not audited: the callers do that)."""
    tariff = tariff_on(product, delivered_on)
    answer = responsibility(family=family, stream=product.stream, day=delivered_on,
                                      help_form=help_form)
    registration = Registration(
        family=family, person=person, help_form=help_form, product=product,
        stream=product.stream, payer=Payer(str(answer.payer)),
        municipality_id=answer.municipality, payer_rule=answer.rule_id,
        delivered_on=delivered_on, period=period or first_of_month(delivered_on),
        quantity=quantity, tariff=tariff, amount=_money(quantity * tariff), source=source,
        source_key=source_key, corrects=corrects, reason=reason, recorded_by=recorded_by,
    )
    registration.save()
    return registration


# -- registrations ------------------------------------------------------------------------


def product_for(help_form: HelpForm) -> Product:
    product = Product.objects.filter(petal_id=help_form.petal_id).order_by("code").first()
    if product is None:
        raise ValidationError(gettext("No product is defined for this help yet; ask the "
                                      "finance officer."))
    return product


@transaction.atomic
def registration_record(*, request: HttpRequest | None, help_form: HelpForm,
                        delivered_on: datetime.date, quantity: Decimal, user) -> Registration:
    """The worker records care delivered with a form of help on one day, in the unit of
    the petal's product (hours, a day, a session)."""
    errors = {}
    if delivered_on > timezone.localdate():
        errors["delivered_on"] = gettext("Care cannot be recorded ahead of the day.")
    elif not help_form.is_active_on(delivered_on):
        errors["delivered_on"] = gettext("The form of help was not given on that day.")
    if quantity <= 0:
        errors["quantity"] = gettext("Record a quantity above zero; a correction is a "
                                     "counter-entry by the finance officer.")
    product = product_for(help_form)
    if product.unit == ProductUnit.HOUR and quantity > MAX_HOURS_A_DAY:
        errors["quantity"] = gettext("A day has no more than 24 hours.")
    elif product.unit != ProductUnit.HOUR and quantity != quantity.to_integral_value():
        errors["quantity"] = gettext("Days, sessions and trajectories are whole numbers.")
    if errors:
        raise ValidationError(errors)
    _open_month_or_error(delivered_on)
    registration = _book(family=help_form.family, person=help_form.person, help_form=help_form,
                         product=product, delivered_on=delivered_on, quantity=quantity,
                         source=Source.WORKER, recorded_by=user)
    audit(request=request, action=Action.CREATE, record=registration,
          family_id=registration.family_id, person_id=registration.person_id)
    return registration


@transaction.atomic
def registration_counter(*, request: HttpRequest | None, registration: Registration,
                         reason: str, user) -> Registration:
    """Cancel a registration by a counter-entry with the opposite quantity and amount,
    booked in the registration's own month when still open, else in the current month."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.corrects_id is not None:
        raise ValidationError(gettext("A counter-entry itself is not corrected; record the "
                                      "care again instead."))
    if Registration.objects.filter(corrects=registration).exists():
        raise ValidationError(gettext("This registration has already been corrected."))
    if not reason.strip():
        raise ValidationError({"reason": gettext("Give the reason for the correction.")})
    month = registration.period
    if is_closed(month):
        month = _open_month_or_error(timezone.localdate())
    counter = Registration(
        family_id=registration.family_id, person_id=registration.person_id,
        help_form_id=registration.help_form_id, product_id=registration.product_id,
        stream=registration.stream, payer=registration.payer,
        municipality_id=registration.municipality_id, payer_rule=registration.payer_rule,
        delivered_on=registration.delivered_on, period=month,
        quantity=-registration.quantity, tariff=registration.tariff,
        amount=-registration.amount, source=Source.COUNTER_ENTRY, corrects=registration,
        reason=reason.strip(), recorded_by=user)
    try:
        with transaction.atomic():
            counter.save()
    except IntegrityError:
        raise ValidationError(gettext("This registration has already been corrected.")) \
            from None
    audit(request=request, action=Action.CREATE, record=counter,
          family_id=counter.family_id, person_id=counter.person_id, reason=counter.reason)
    return counter


def _month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = first_of_month(month)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def shelter_product() -> Product | None:
    return (Product.objects.filter(petal_id=SHELTER_PETAL, unit=ProductUnit.DAY,
                                   stream=Financing.WMO).order_by("code").first())


@transaction.atomic
def shelter_days_derive(*, request: HttpRequest | None, month: datetime.date, user) -> int:
    """Book the shelter days of every stay in a finished month (one registration per stay
    and month, for the parent in the shelter); a month already derived is skipped.
    Returns the number of new registrations."""
    first, last = _month_bounds(month)
    if last >= timezone.localdate():
        raise ValidationError(gettext("Shelter days are derived once the month is over."))
    _open_month_or_error(first)
    product = shelter_product()
    if product is None:
        raise ValidationError(gettext("There is no day product for the shelter yet."))
    tariff = tariff_on(product, first)
    stays = (Stay.objects.filter(started_on__lte=last)
             .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
             .select_related("family"))
    done = set(Registration.objects.filter(source=Source.SHELTER_DAYS, period=first)
               .values_list("source_key", flat=True))
    parents = dict(Person.objects.filter(family_role=FamilyRole.PARENT,
                                         family__in=stays.values("family_id"))
                   .order_by("family_id", "pk").values_list("family_id", "pk"))
    centrals = dict(CentralMunicipality.objects.values_list("location_id", "municipality_id"))
    overrides = PayerOverride.objects.filter(stream=Financing.WMO, valid_from__lte=last).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=first))
    overridden = {o.family_id: o.municipality_id
                  for o in overrides.order_by("recorded_at", "id")}
    new = []
    for stay in stays:
        key = f"stay:{stay.pk}:{first:%Y-%m}"
        if key in done:
            continue
        start = max(stay.started_on, first)
        # Nights in the shelter: the day of leaving is not counted.
        leaves = min(stay.ended_on or last + ONE_DAY, last + ONE_DAY)
        days = (leaves - start).days
        if days <= 0:
            continue
        answer = rules.responsible(rules.DeterminePayer(
            stream=Financing.WMO, day=start, in_shelter=True,
            brp_before_stay=stay.family.municipality_id,
            central_municipality=centrals.get(stay.location_id),
            override=overridden.get(stay.family_id)))
        new.append(Registration(
            family_id=stay.family_id, person_id=parents.get(stay.family_id),
            product=product, stream=product.stream, payer=Payer(str(answer.payer)),
            municipality_id=answer.municipality, payer_rule=answer.rule_id,
            delivered_on=start, period=first, quantity=Decimal(days), tariff=tariff,
            amount=_money(Decimal(days) * tariff), source=Source.SHELTER_DAYS,
            source_key=key, recorded_by=user))
    Registration.objects.bulk_create(new, batch_size=1000)
    if new:
        audit(request=request, action=Action.CREATE, record_type="finance.registration",
              subject_count=len(new), reason=f"shelter days {first:%Y-%m}")
    return len(new)


# -- closing a month ----------------------------------------------------------------------


@transaction.atomic
def period_close(*, request: HttpRequest | None, month: datetime.date, user) -> Period:
    """Close a finished month: first its shelter days are derived, then it is locked."""
    first, last = _month_bounds(month)
    if last >= timezone.localdate():
        raise ValidationError({"month": gettext("Only a month that is over can be closed.")})
    _open_month_or_error(first)
    if shelter_product() is not None:
        shelter_days_derive(request=request, month=first, user=user)
    period = Period(month=first, closed_by=user)
    period.full_clean()
    period.save()
    audit(request=request, action=Action.UPDATE, record=period,
          reason=f"month {first:%Y-%m} closed")
    return period


# -- products and tariffs ---------------------------------------------------------------


@transaction.atomic
def tariff_set(*, request: HttpRequest | None, product: Product, year: int, amount: Decimal,
               reason: str, user) -> Tariff:
    """A (new) tariff of a product for a year; the earlier one stays in the history.
    Registrations already booked keep the tariff they were priced at."""
    tariff = Tariff(product=product, year=year, amount=amount, reason=reason.strip(),
                    recorded_by=user)
    tariff.full_clean()
    tariff.save()
    audit(request=request, action=Action.CREATE, record=tariff)
    return tariff


@transaction.atomic
def product_update(*, request: HttpRequest | None, product: Product, version: int,
                   code: str, unit: str, reason: str, user) -> Product:
    """Change a product's code or unit, keeping each earlier value in its history."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    if product.version != version:
        raise ValidationError(gettext("Someone else changed this product in the meantime; "
                                      "look at it again."))
    if not reason.strip():
        raise ValidationError({"reason": gettext("Give the reason for the change.")})
    changes = [ProductChange(product=product, field=name, old_value=getattr(product, name),
                             new_value=value, changed_by=user, reason=reason.strip())
               for name, value in (("code", code), ("unit", unit))
               if getattr(product, name) != value]
    if not changes:
        return product
    product.code, product.unit = code, unit
    product.version += 1
    product.full_clean()
    product.save()
    ProductChange.objects.bulk_create(changes)
    audit(request=request, action=Action.UPDATE, record=product, reason=reason.strip())
    return product


# -- who pays: overrides ----------------------------------------------------------------


@transaction.atomic
def override_set(*, request: HttpRequest | None, family: Family, stream: str,
                 municipality, valid_from: datetime.date, valid_until: datetime.date | None,
                 reason: str, user, help_form: HelpForm | None = None) -> PayerOverride:
    """Set the responsible municipality by hand, with a reason. Registrations of those days
    in open months are booked again: a counter-entry and a new entry for the new
    municipality; closed months are left as they were declared."""
    override = PayerOverride(family=family, stream=stream, help_form=help_form,
                             municipality=municipality, valid_from=valid_from,
                             valid_until=valid_until, reason=reason.strip(), recorded_by=user)
    override.full_clean()
    override.save()
    affected = (Registration.objects.filter(family=family, stream=stream,
                                            delivered_on__gte=valid_from,
                                            corrects__isnull=True, counter_entry__isnull=True)
                .exclude(municipality=municipality)
                .exclude(period__in=Period.objects.values("month")))
    if valid_until:
        affected = affected.filter(delivered_on__lte=valid_until)
    if help_form is not None:
        affected = affected.filter(help_form=help_form)
    for registration in affected.select_related("product", "family", "help_form", "person"):
        registration_counter(request=request, registration=registration, user=user,
                             reason=gettext("Responsible municipality changed by hand."))
        _book(family=registration.family, person=registration.person,
              help_form=registration.help_form, product=registration.product,
              delivered_on=registration.delivered_on, quantity=registration.quantity,
              source=registration.source, recorded_by=user, period=registration.period,
              reason=gettext("Booked again for the new municipality."))
    audit(request=request, action=Action.CREATE, record=override, family_id=family.pk,
          reason=override.reason)
    return override


# -- commissions ----------------------------------------------------------------------------


@transaction.atomic
def commission_add(*, request: HttpRequest | None, user, **fields) -> Commission:
    commission = Commission(recorded_by=user, **fields)
    commission.full_clean()
    commission.save()
    audit(request=request, action=Action.CREATE, record=commission,
          family_id=commission.family_id)
    return commission
