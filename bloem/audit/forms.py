from django import forms
from django.utils.translation import gettext_lazy as _

from bloem.families.forms import DateInput

from .models import Action


class AuditSearchForm(forms.Form):
    worker = forms.CharField(label=_("Worker (user name)"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False,
                               choices=[("", _("All actions")), *Action.choices])
    family_id = forms.IntegerField(label=_("Family id"), required=False, min_value=1)
    person_id = forms.IntegerField(label=_("Person id"), required=False, min_value=1)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date lies before the start date."))
        return cleaned


class PersonSearchForm(forms.Form):
    name = forms.CharField(label=_("Name of the client"), min_length=2, max_length=100)
