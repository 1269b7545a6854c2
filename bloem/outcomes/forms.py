from django import forms
from django.utils.translation import gettext_lazy as _

from bloem.access import policy
from bloem.accounts.models import Location
from bloem.catalogue.models import Petal
from bloem.screening.models import Informant

from .cohort import AGE_BANDS, Selection


class SelectionForm(forms.Form):
    """The dashboard's filters (GET: they name no client)."""

    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.none(),
                                      required=False, empty_label=_("All my locations"))
    petal = forms.ModelChoiceField(label=_("Form of help (petal)"),
                                   queryset=Petal.objects.all(), required=False,
                                   empty_label=_("All forms of help"))
    date_from = forms.DateField(label=_("T0 from"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("T0 up to and including"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    age_band = forms.ChoiceField(label=_("Age band at T0"), required=False,
                                 choices=[("", _("All ages"))]
                                 + [(label, label) for label, _low, _high in AGE_BANDS])
    informant = forms.ChoiceField(label=_("Informant"), required=False,
                                  choices=[("", _("All informants")), *Informant.choices])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = policy.managed_locations(user)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the period lies before its start."))
        return data

    def selection(self) -> Selection:
        data = self.cleaned_data if self.is_valid() else {}
        return Selection(
            location=data["location"].pk if data.get("location") else None,
            petal=data["petal"].pk if data.get("petal") else None,
            date_from=data.get("date_from"), date_to=data.get("date_to"),
            age_band=data.get("age_band") or None, informant=data.get("informant") or None)


class ExportRequestForm(SelectionForm):
    project = forms.SlugField(label=_("Project code"), max_length=40,
                              help_text=_("Lower-case letters, digits and hyphens; pseudonyms "
                                          "are stable within one project."))
    purpose = forms.CharField(label=_("Purpose"), max_length=2000, widget=forms.Textarea(
        attrs={"rows": 4}), help_text=_("What the data are for, who will use them and on "
                                        "what legal basis."))

    field_order = ["project", "purpose"]

    def clean_purpose(self):
        purpose = self.cleaned_data["purpose"].strip()
        if len(purpose) < 20:
            raise forms.ValidationError(_("Describe the purpose in at least 20 characters."))
        return purpose


class ExportDecisionForm(forms.Form):
    export = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    decision = forms.ChoiceField(label=_("Decision"), choices=[
        ("approved", _("Approve")), ("rejected", _("Reject"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
