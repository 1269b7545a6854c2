import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bloem.access.policy import CLIENT_ROLES
from bloem.families.forms import DateInput, VersionField, workers_with_role
from bloem.families.models import Person

from .selectors import petals_for_choice


class HelpFormStartForm(forms.Form):
    petal = forms.ModelChoiceField(label=_("Petal"), queryset=petals_for_choice())
    person = forms.ModelChoiceField(label=_("Receives the help"), queryset=Person.objects.none())
    responsible = forms.ModelChoiceField(
        label=_("Responsible worker"), queryset=workers_with_role(*CLIENT_ROLES),
        help_text=_("A worker of the organisation that provides this help."),
    )
    supervisor = forms.ModelChoiceField(
        label=_("Supervisor"), queryset=workers_with_role(*CLIENT_ROLES), required=False,
        help_text=_("Only for a practitioner in training: the named, qualified supervisor."),
    )
    started_on = forms.DateField(label=_("Start date"), widget=DateInput(),
                                 initial=timezone.localdate)
    goal = forms.CharField(label=_("Goal"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    propose = forms.BooleanField(
        label=_("Only propose: start when consent is complete"), required=False,
        help_text=_("The form of help waits as proposed; record the consents on the child's "
                    "page and start it there."),
    )
    acknowledge_warnings = forms.BooleanField(
        label=_("I have read the warnings of the care rules and start anyway"), required=False,
    )

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(family=family)
        self.fields["petal"].label_from_instance = lambda p: f"{p.domain.label}: {p.label}"
        for name in ("responsible", "supervisor"):
            self.fields[name].label_from_instance = (
                lambda w: f"{w} ({w.organisation})" if w.organisation_id else str(w)
            )


class HelpFormActivateForm(forms.Form):
    acknowledge_warnings = forms.BooleanField(
        label=_("I have read the warnings of the care rules and start anyway"), required=False,
    )
    version = VersionField()


class HelpFormEndForm(forms.Form):
    ended_on = forms.DateField(label=_("End date"), widget=DateInput(),
                               initial=timezone.localdate)
    version = VersionField()

    def clean_ended_on(self) -> datetime.date:
        ended_on = self.cleaned_data["ended_on"]
        if ended_on > timezone.localdate():
            raise forms.ValidationError(_("The end date cannot lie in the future."))
        return ended_on
