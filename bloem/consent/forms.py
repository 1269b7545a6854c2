import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bloem.access.policy import CLIENT_ROLES
from bloem.accounts.models import Role
from bloem.catalogue.selectors import petals_for_choice
from bloem.families.forms import DateInput, VersionField, workers_with_role
from bloem.families.models import FamilyRole, Person

from .models import Consent, ConsentBasis, ConsentForm, DecisionKind

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _not_in_future(day: datetime.date) -> datetime.date:
    if day > timezone.localdate():
        raise forms.ValidationError(_("The date cannot lie in the future."))
    return day


class _FamilyForm(forms.Form):
    """A form about members of one family: the choices are that family's members."""

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        members = Person.objects.filter(family=family)
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is Person:
                roles = getattr(field, "family_roles", None)
                field.queryset = members.filter(family_role__in=roles) if roles else members
            if name == "petal":
                field.label_from_instance = lambda p: f"{p.domain.label}: {p.label}"


def _children() -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(label=_("Child"), queryset=Person.objects.none())
    field.family_roles = [FamilyRole.CHILD]
    return field


def _petal() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=_("Form of help"), queryset=petals_for_choice())


class ConsentRecordForm(_FamilyForm):
    child = _children()
    petal = _petal()
    given_by = forms.ModelChoiceField(
        label=_("Consent of"), queryset=Person.objects.none(),
        help_text=_("The parent with authority, the guardian or the child itself. For a "
                    "decision: the parent whose consent it replaces."))
    basis = forms.ChoiceField(label=_("Basis"), choices=ConsentBasis.choices,
                              initial=ConsentBasis.GIVEN)
    form = forms.ChoiceField(label=_("Form"), choices=ConsentForm.choices,
                             initial=ConsentForm.WRITTEN)
    scope = forms.CharField(label=_("Scope"), widget=forms.Textarea(attrs={"rows": 2}),
                            max_length=2000, help_text=_("What the consent covers."))
    given_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    decision_reference = forms.CharField(
        label=_("Reference of the decision"), max_length=100, required=False,
        help_text=_("Only for a decision of the juvenile court or the certified institution."))

    def clean_given_on(self) -> datetime.date:
        return _not_in_future(self.cleaned_data["given_on"])


class ConsentWithdrawForm(forms.Form):
    consent = forms.ModelChoiceField(label=_("Consent"), queryset=Consent.objects.none())
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DateInput(),
                                   initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField()

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].queryset = Consent.objects.filter(
            family=family, withdrawn_on__isnull=True).select_related("given_by", "child", "petal")
        self.fields["consent"].label_from_instance = lambda c: (
            f"{c.given_by.full_name} → {c.child.first_name}: {c.petal.label} ({c.given_on})")

    def clean_withdrawn_on(self) -> datetime.date:
        return _not_in_future(self.cleaned_data["withdrawn_on"])


class ConsentDecisionForm(_FamilyForm):
    child = _children()
    petal = _petal()
    kind = forms.ChoiceField(label=_("Judgement"), choices=DecisionKind.choices)
    decided_on = forms.DateField(label=_("Date"), widget=DateInput(),
                                 initial=timezone.localdate)
    judged_by = forms.ModelChoiceField(label=_("Judged by"),
                                       queryset=workers_with_role(*CLIENT_ROLES))
    reasoning = forms.CharField(label=_("Reasoning"), max_length=5000,
                                widget=forms.Textarea(attrs={"rows": 3}))

    def clean_decided_on(self) -> datetime.date:
        return _not_in_future(self.cleaned_data["decided_on"])


class ContactAgreementForm(_FamilyForm):
    client = forms.ModelChoiceField(label=_("Client"), queryset=Person.objects.none())
    client.family_roles = [FamilyRole.PARENT]
    agrees = forms.TypedChoiceField(label=_("Agrees to contact with the ex-partner"),
                                    choices=YES_NO, coerce=lambda v: v == "yes")
    decided_on = forms.DateField(label=_("Date"), widget=DateInput(),
                                 initial=timezone.localdate)
    scope = forms.CharField(label=_("What was agreed"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def clean_decided_on(self) -> datetime.date:
        return _not_in_future(self.cleaned_data["decided_on"])


class StabilityJudgementForm(_FamilyForm):
    child = _children()
    sufficient = forms.TypedChoiceField(
        label=_("Is the parent–child relationship sufficiently stable and safe for trauma "
                "treatment?"), choices=YES_NO, coerce=lambda v: v == "yes")
    judged_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    judged_by = forms.ModelChoiceField(
        label=_("Judged by"), queryset=workers_with_role(Role.YOUTH_SPECIALIST,
                                                         Role.NIKA_COUNSELLOR),
        help_text=_("A qualified youth-care worker (diagnostics qualification or NIKA "
                    "practitioner)."))
    basis = forms.CharField(label=_("Basis"), max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("E.g. the NIKA diagnostics the judgement follows."))

    def clean_judged_on(self) -> datetime.date:
        return _not_in_future(self.cleaned_data["judged_on"])


class InformationSharedForm(_FamilyForm):
    child = _children()
    parent = forms.ModelChoiceField(
        label=_("Parent without authority"), queryset=Person.objects.none(),
        help_text=_("He is informed on request, not asked for consent."))
    parent.family_roles = [FamilyRole.PARENT, FamilyRole.OTHER_PARENT]
    shared_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    what = forms.CharField(label=_("What was shared"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    withheld = forms.BooleanField(
        label=_("Withheld: sharing would harm the child's interest"), required=False)
    reason = forms.CharField(label=_("Reason for withholding"), required=False, max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def clean_shared_on(self) -> datetime.date:
        return _not_in_future(self.cleaned_data["shared_on"])
