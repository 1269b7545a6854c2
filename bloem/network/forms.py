"""The forms of the network pages, with plain Dutch messages (through the catalogue). A
municipality is always chosen in a POSTed select, never put in a URL."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bloem.accounts.models import Municipality

from .models import CertificationStatus, Method, Population, Practitioner

MAX_UPLOAD = 2 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _municipality_field(required: bool, label) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=label, queryset=Municipality.objects.order_by("name"),
                                  required=required,
                                  empty_label=_("Any municipality") if not required else "—")


def _blank(choices) -> list:
    return [("", _("Any")), *choices]


class DirectorySearchForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=_blank(Method.choices), required=False)
    population = forms.ChoiceField(label=_("Population"),
                                   choices=_blank(Population.choices), required=False)
    municipality = _municipality_field(False, _("Near municipality"))
    page = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1,
                              max_value=100_000)


class MatchForm(forms.Form):
    """The needed method and the municipality near which the treatment continues."""

    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    municipality = _municipality_field(True, _("Municipality"))


class ChooseForm(MatchForm):
    practitioner = forms.IntegerField(widget=forms.HiddenInput, min_value=1,
                                      max_value=2**31 - 1)


class PractitionerForm(forms.ModelForm):
    class Meta:
        model = Practitioner
        fields = ["organisation", "name", "population", "min_age", "max_age", "base", "serves",
                  "serves_region", "open_places", "waiting_weeks", "email", "phone"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["base"].queryset = Municipality.objects.order_by("name")
        self.fields["serves"].queryset = Municipality.objects.order_by("name")
        self.fields["serves"].required = False
        regions = (Municipality.objects.order_by("youth_region")
                   .values_list("youth_region", flat=True).distinct())
        self.fields["serves_region"] = forms.ChoiceField(
            label=_("Serves youth-care region"), required=False,
            choices=[("", "—"), *((region, region) for region in regions)])


class MethodForm(forms.Form):
    """A method the practitioner offers: certified (with the date) or in training (with a
    supervisor); training ends by saving the method as certified."""

    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    status = forms.ChoiceField(label=_("Status"), choices=CertificationStatus.choices)
    certified_on = forms.DateField(label=_("Certified on"), required=False, widget=DateInput())
    supervisor = forms.ModelChoiceField(label=_("Supervisor"), required=False,
                                        queryset=Practitioner.objects.none())
    training_started_on = forms.DateField(label=_("Training started on"), required=False,
                                          widget=DateInput())

    def __init__(self, *args, practitioner: Practitioner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = Practitioner.objects.filter(
            methods__status=CertificationStatus.CERTIFIED).exclude(
            pk=practitioner.pk).distinct().order_by("name")

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in ("certified_on", "training_started_on"):
            if data.get(name) and data[name] > today:
                self.add_error(name, _("The date lies in the future."))
        if data.get("status") == CertificationStatus.CERTIFIED and not data.get("certified_on"):
            self.add_error("certified_on", _("A certified method needs its date."))
        if data.get("status") == CertificationStatus.IN_TRAINING:
            data["certified_on"] = None
            if not data.get("supervisor"):
                self.add_error("supervisor", _("Training needs a supervisor."))
        return data


class SupervisedCaseForm(forms.Form):
    """A case treated under supervision: date and method only, never the client."""

    method = forms.ModelChoiceField(label=_("Method in training"), queryset=None)
    treated_on = forms.DateField(label=_("Treated on"), widget=DateInput())

    def __init__(self, *args, practitioner: Practitioner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].queryset = practitioner.methods.filter(
            status=CertificationStatus.IN_TRAINING)
        self.fields["method"].empty_label = None  # mostly one method in training

    def clean_treated_on(self):
        day = self.cleaned_data["treated_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date lies in the future."))
        return day


class ImportForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    file = forms.FileField(label=_("CSV file"),
                           help_text=_("One practitioner per row; see the column list below."))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
