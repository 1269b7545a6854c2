"""The forms of the financing pages. Messages in plain Dutch (through the catalogue); a form
that does not validate changes nothing."""

import datetime
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bloem.accounts.models import Municipality
from bloem.catalogue.models import Financing

from .models import Commission, PayerOverride, Product, ProductUnit, Registration


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RegistrationForm(forms.Form):
    """The worker records care delivered with a form of help."""

    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput())
    quantity = forms.DecimalField(
        label=_("Quantity"), max_digits=6, decimal_places=2,
        min_value=Decimal("0.25"), max_value=Decimal("24"),
        help_text=_("Hours (in quarters of an hour), or the number of days or sessions."))

    def __init__(self, *args, unit: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if unit:
            self.fields["quantity"].label = _("Quantity (%(unit)s)") % {
                "unit": ProductUnit(unit).label.lower()}


class TariffForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.all())
    year = forms.IntegerField(label=_("Year"), validators=[MinValueValidator(2015),
                                                           MaxValueValidator(2100)])
    amount = forms.DecimalField(label=_("Tariff per unit (euro)"), max_digits=9,
                                decimal_places=2, min_value=Decimal("0.00"))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False,
                             help_text=_("E.g. the contract or the yearly indexation."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class ProductForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.all())
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    code = forms.CharField(label=_("Product code"), max_length=20)
    unit = forms.ChoiceField(label=_("Unit"), choices=ProductUnit.choices)
    reason = forms.CharField(label=_("Reason for the change"), max_length=200)


class PeriodCloseForm(forms.Form):
    month = forms.DateField(label=_("Month"), widget=DateInput(),
                            help_text=_("Any day of the month to close."))

    def clean_month(self) -> datetime.date:
        return self.cleaned_data["month"].replace(day=1)


class RegistrationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Registration) -> str:
        return (f"{obj.pk}: {obj.delivered_on:%Y-%m-%d} {obj.product.code} {obj.quantity} "
                f"(€ {obj.amount})")


class CounterEntryForm(forms.Form):
    registration = RegistrationChoiceField(label=_("Registration"),
                                           queryset=Registration.objects.none())
    reason = forms.CharField(label=_("Reason for the correction"), max_length=200)

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = Registration.objects.filter(
            family=family, corrects__isnull=True, counter_entry__isnull=True,
        ).select_related("product").order_by("-delivered_on", "-id")


class OverrideForm(forms.ModelForm):
    class Meta:
        model = PayerOverride
        fields = ["stream", "municipality", "valid_from", "valid_until", "reason"]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput(),
                   "reason": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")


class CommissionForm(forms.ModelForm):
    class Meta:
        model = Commission
        fields = ["reference", "municipality", "stream", "product", "valid_from",
                  "valid_until", "budget", "warn_at"]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        self.fields["product"].queryset = Product.objects.exclude(stream=Financing.ZVW)


class YearForm(forms.Form):
    """The year of a report (GET)."""

    jaar = forms.IntegerField(label=_("Year"), min_value=2015, max_value=2100, required=False)

    def year(self) -> int:
        if self.is_valid() and self.cleaned_data.get("jaar"):
            return self.cleaned_data["jaar"]
        return timezone.localdate().year
