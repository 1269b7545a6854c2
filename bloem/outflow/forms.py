"""Forms of the outflow and the warm handover. Choices are limited to the family's own
members, forms of help and handovers; validation messages in plain Dutch (catalogue)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bloem.accounts.models import Municipality
from bloem.catalogue.models import OPEN_STATUSES, HelpForm, Petal
from bloem.families.forms import DateInput
from bloem.families.models import FamilyRole, Person

from .models import ContinuingHelp, Destination, FollowUp, HelpStatus, ShareConsentForm
from .package import PARTS

PART_LABELS = {
    "summary": _("Summary"),
    "safety": _("Safety level and safety agreements"),
    "screening": _("Screening results"),
    "outcomes": _("Outcome measurements"),
    "goals": _("Open goals of the plan"),
    "continuing_help": _("Help that must continue"),
    "consents": _("Consents"),
}
# Members a handover can be about: the parent in the shelter and the children (never the
# other parent or the network).
HANDOVER_ROLES = (FamilyRole.PARENT, FamilyRole.CHILD)


def _date(label, *, required=True):
    return forms.DateField(label=label, required=required, widget=DateInput(),
                           initial=timezone.localdate)


class OutflowForm(forms.Form):
    left_on = _date(_("Date of outflow"))
    destination = forms.ChoiceField(label=_("Destination"), choices=Destination.choices)
    new_municipality = forms.ModelChoiceField(
        label=_("New municipality"), queryset=Municipality.objects.all(), required=False,
        help_text=_("Protected like an address: hidden from the ex-partner's workers."))
    summary = forms.CharField(
        label=_("Summary for the receiving party"), required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The stay and the help in a few sentences."))

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        municipality = data["new_municipality"]
        return {"left_on": data["left_on"], "destination": data["destination"],
                "new_municipality_code": municipality.code if municipality else "",
                "summary": data["summary"]}


class CloseForm(forms.Form):
    """Closing the stay asks nothing: the date is the outflow's."""


class ContinuingHelpForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Family member"), queryset=Person.objects.none())
    help_form = forms.ModelChoiceField(
        label=_("Form of help"), queryset=HelpForm.objects.none(), required=False,
        help_text=_("A form of help of the file that must go on."))
    petal = forms.ModelChoiceField(
        label=_("Or a petal"), queryset=Petal.objects.all(), required=False,
        help_text=_("When the help has not started yet."))
    reason = forms.CharField(label=_("What must continue and why"),
                             widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            family=family, family_role__in=HANDOVER_ROLES)
        self.fields["help_form"].queryset = HelpForm.objects.filter(
            family=family, status__in=OPEN_STATUSES).select_related("person", "petal")
        self.fields["help_form"].label_from_instance = (
            lambda h: f"{h.petal.label} – {h.person.first_name}")

    def clean(self):
        data = super().clean()
        if not data.get("help_form") and not data.get("petal"):
            self.add_error("help_form", _("Choose the form of help or the petal."))
        person, help_form = data.get("person"), data.get("help_form")
        if person and help_form and help_form.person_id != person.pk:
            self.add_error("help_form", _("This form of help is for another family member."))
        return data


class HandedOverForm(forms.Form):
    help = forms.ModelChoiceField(label=_("Continuing help"),
                                  queryset=ContinuingHelp.objects.none())
    handed_over_on = _date(_("Handed over on"))

    def __init__(self, *args, outflow, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["help"].queryset = ContinuingHelp.objects.filter(
            outflow=outflow, status=HelpStatus.TO_HAND_OVER).select_related("person", "petal")
        self.fields["help"].label_from_instance = (
            lambda c: f"{c.petal.label} – {c.person.first_name}")


class HandoverForm(forms.Form):
    """The receiving party, and per family member the parts to share (checkboxes)."""

    receiving_party = forms.CharField(
        label=_("Receiving party"), max_length=200,
        help_text=_("E.g. the youth team of the new municipality."))
    contact = forms.CharField(label=_("Contact person"), max_length=200, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            self.fields[f"parts_{member.pk}"] = forms.MultipleChoiceField(
                label=member.full_name, required=False,
                choices=[(p, PART_LABELS[p]) for p in PARTS],
                widget=forms.CheckboxSelectMultiple)

    def clean(self):
        data = super().clean()
        if not any(data.get(f"parts_{m.pk}") for m in self.members):
            raise forms.ValidationError(
                _("Choose at least one family member and one part to share."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"receiving_party": data["receiving_party"], "contact": data["contact"],
                "chosen": {m.pk: frozenset(data[f"parts_{m.pk}"]) for m in self.members
                           if data.get(f"parts_{m.pk}")}}


class HandoverConsentForm(forms.Form):
    subject = forms.ModelChoiceField(label=_("Information about"),
                                     queryset=Person.objects.none())
    given_by = forms.ModelChoiceField(label=_("Consent of"), queryset=Person.objects.none())
    given_on = _date(_("Date"))
    form = forms.ChoiceField(label=_("Form"), choices=ShareConsentForm.choices)

    def __init__(self, *args, handover, **kwargs):
        super().__init__(*args, **kwargs)
        family = Person.objects.filter(family_id=handover.family_id)
        self.fields["subject"].queryset = family.filter(
            pk__in=[int(k) for k in handover.chosen])
        self.fields["given_by"].queryset = family


class FollowUpForm(forms.Form):
    follow_up = forms.ChoiceField(label=_("Answer"), choices=FollowUp.choices,
                                  widget=forms.RadioSelect)
    picked_up_on = _date(_("Picked up on"), required=False)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
