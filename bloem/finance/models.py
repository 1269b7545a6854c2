"""Integral family financing (M-53, M-60): the products per petal with their tariffs per
year, the registrations of delivered care (hours, days, sessions) with the municipality
or insurer that pays, closed months, overrides of the responsible municipality, and the
commissions (beschikkingen) whose budget the care uses up.

Money is never edited: a tariff change is a new tariff row (the latest row for a year
counts, the earlier ones are the history), a product change leaves a ProductChange, and a
registration is corrected by a counter-entry that refers to it. A closed month takes no
new registrations; a correction of care in a closed month is booked in the open month in
which it is made."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bloem.access import policy
from bloem.accounts.models import Location, Municipality
from bloem.catalogue.models import Financing, HelpForm, Petal
from bloem.families.models import Family, Person


class ProductUnit(models.TextChoices):
    HOUR = "hour", _("Hour")
    DAY = "day", _("Day")
    SESSION = "session", _("Session")
    TRAJECTORY = "trajectory", _("Trajectory")


class Payer(models.TextChoices):
    """Who pays a registration (bloem.rules.financing.Payer)."""

    MUNICIPALITY = "municipality", _("Municipality")
    INSURER = "insurer", _("Health insurer")
    UNDETERMINED = "undetermined", _("Not determined")


class Source(models.TextChoices):
    """Where a registration comes from. Group attendance and treatment sessions arrive
    with the programmes (issue 7): their derivation plugs in with its own source."""

    WORKER = "worker", _("Recorded by the worker")
    SHELTER_DAYS = "shelter_days", _("Days in the shelter")
    GROUP_ATTENDANCE = "group_attendance", _("Group attendance")
    TREATMENT_SESSION = "treatment_session", _("Treatment session")
    COUNTER_ENTRY = "counter_entry", _("Counter-entry (correction)")


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


class Product(models.Model):
    """What a petal's help is declared as: the product code and its unit, under one
    financing stream."""

    code = models.CharField(_("product code"), max_length=20, unique=True)
    petal = models.ForeignKey(Petal, on_delete=models.PROTECT, related_name="products",
                              verbose_name=_("petal"))
    unit = models.CharField(_("unit"), max_length=12, choices=ProductUnit.choices)
    stream = models.CharField(_("financing stream"), max_length=10, choices=Financing.choices)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        ordering = ["stream", "code"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return f"{self.code} ({self.petal.label})"


class ProductChange(models.Model):
    """One field of a product changed by the finance role: the earlier value stays."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="changes",
                                verbose_name=_("product"))
    field = models.CharField(_("field"), max_length=20)
    old_value = models.CharField(_("earlier value"), max_length=40)
    new_value = models.CharField(_("new value"), max_length=40)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("changed by"))
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("product change")
        verbose_name_plural = _("product changes")

    def __str__(self) -> str:
        return f"{self.product_id} {self.field}: {self.old_value} → {self.new_value}"


class Tariff(models.Model):
    """The price of one unit of a product in one calendar year. Rows are never changed:
    the latest recorded row of a year counts; earlier ones are its history."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="tariffs",
                                verbose_name=_("product"))
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2015), MaxValueValidator(2100)])
    amount = models.DecimalField(
        _("tariff per unit (euro)"), max_digits=9, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00"))])
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["product", "-year", "-recorded_at", "-id"]
        indexes = [models.Index(fields=["product", "year", "-recorded_at"])]
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")

    def __str__(self) -> str:
        return f"{self.product.code} {self.year}: {self.amount}"


class CentralMunicipality(models.Model):
    """The central municipality (centrumgemeente) that commissions the shelter of a
    location under the Wmo 2015."""

    location = models.OneToOneField(Location, on_delete=models.CASCADE, primary_key=True,
                                    related_name="central_municipality",
                                    verbose_name=_("location"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("central municipality"))

    class Meta:
        verbose_name = _("central municipality")
        verbose_name_plural = _("central municipalities")

    def __str__(self) -> str:
        return f"{self.location}: {self.municipality}"


class Period(models.Model):
    """A month that was closed: its registrations are locked."""

    month = models.DateField(_("month"), unique=True,
                             help_text=_("The first day of the month."))
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("closed by"))
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)

    class Meta:
        ordering = ["-month"]
        constraints = [models.CheckConstraint(condition=models.Q(month__day=1),
                                              name="period_first_of_month")]
        verbose_name = _("closed month")
        verbose_name_plural = _("closed months")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class FinanceQuerySet(models.QuerySet):
    def visible_to(self, user) -> "FinanceQuerySet":
        """The finance role sees the figures of every family (organisation-wide by
        design: it declares them); nobody else reads them here."""
        if policy.has_role_permission(user, "finance.view"):
            return self
        return self.none()


class PayerOverride(models.Model):
    """The responsible municipality for a family's help under one stream, set by hand with
    a reason, from a day (until a day, inclusive)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="payer_overrides",
                               verbose_name=_("family"))
    stream = models.CharField(_("financing stream"), max_length=10,
                              choices=[(Financing.WMO, Financing.WMO.label),
                                       (Financing.JEUGDWET, Financing.JEUGDWET.label)])
    help_form = models.ForeignKey(
        HelpForm, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("form of help"),
        help_text=_("Leave empty for all help of the family under this stream."))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("responsible municipality"))
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = FinanceQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("override of the responsible municipality")
        verbose_name_plural = _("overrides of the responsible municipality")

    def __str__(self) -> str:
        return f"{self.family_id} {self.stream} {self.valid_from}: {self.municipality_id}"

    def clean(self) -> None:
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end date lies before the start "
                                                    "date.")})
        if self.help_form_id and self.family_id and self.help_form.family_id != self.family_id:
            raise ValidationError({"help_form": _("This form of help belongs to another "
                                                  "family.")})


class Registration(models.Model):
    """Care delivered on one day (or in one month, for derived days), in the product's
    unit, priced at the tariff of the day's year when it was recorded, with who pays.
    Never edited: a correction is a counter-entry (`corrects`) with the opposite
    quantity."""

    # The figures go with the file when it is purged at the end of its retention period
    # (`bloem retention`, 20 years: far past the 7 years of fiscal retention).
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="registrations",
                               verbose_name=_("family"))
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="registrations", verbose_name=_("client"))
    help_form = models.ForeignKey(HelpForm, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="registrations", verbose_name=_("form of help"))
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="registrations",
                                verbose_name=_("product"))
    stream = models.CharField(_("financing stream"), max_length=10, choices=Financing.choices)
    payer = models.CharField(_("paid by"), max_length=12, choices=Payer.choices)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("responsible municipality"))
    payer_rule = models.CharField(_("rule"), max_length=60)
    delivered_on = models.DateField(_("delivered on"))
    period = models.DateField(_("booking month"), db_index=True)
    quantity = models.DecimalField(_("quantity"), max_digits=8, decimal_places=2)
    tariff = models.DecimalField(_("tariff"), max_digits=9, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    source_key = models.CharField(_("source key"), max_length=60, blank=True)
    corrects = models.OneToOneField("self", on_delete=models.RESTRICT, null=True, blank=True,
                                    related_name="counter_entry", verbose_name=_("corrects"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = FinanceQuerySet.as_manager()

    class Meta:
        ordering = ["-delivered_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source_key"], condition=~models.Q(source_key=""),
                                    name="registration_unique_source_key"),
            models.CheckConstraint(condition=models.Q(period__day=1),
                                   name="registration_period_first_of_month"),
        ]
        indexes = [
            models.Index(fields=["family", "period"]),
            models.Index(fields=["municipality", "stream", "period"]),
        ]
        verbose_name = _("registration of delivered care")
        verbose_name_plural = _("registrations of delivered care")

    def __str__(self) -> str:
        return f"{self.product.code} {self.delivered_on} {self.quantity}"


class Commission(models.Model):
    """A commission (beschikking or contract budget) of a municipality: a budget for care
    under one stream (and product, family) within dates. Its use is the sum of the
    matching registrations."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    stream = models.CharField(_("financing stream"), max_length=10,
                              choices=[(Financing.WMO, Financing.WMO.label),
                                       (Financing.JEUGDWET, Financing.JEUGDWET.label)])
    product = models.ForeignKey(Product, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("product"),
                                help_text=_("Leave empty for every product of the stream."))
    family = models.ForeignKey(Family, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="+", verbose_name=_("family"),
                               help_text=_("Leave empty for a budget of the whole contract."))
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"))
    budget = models.DecimalField(_("budget (euro)"), max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    warn_at = models.PositiveSmallIntegerField(
        _("warn at (per cent used)"), default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = FinanceQuerySet.as_manager()

    class Meta:
        ordering = ["valid_until", "reference"]
        constraints = [models.CheckConstraint(
            condition=models.Q(valid_until__gte=models.F("valid_from")),
            name="commission_ends_after_start")]
        verbose_name = _("commission (beschikking)")
        verbose_name_plural = _("commissions (beschikkingen)")

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end date lies before the start "
                                                    "date.")})
        if self.product_id and self.stream and self.product.stream != self.stream:
            raise ValidationError({"product": _("This product belongs to another financing "
                                                "stream.")})
