import datetime

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from bloem.families.forms import DateInput

from .models import Action


class AuditSearchForm(forms.Form):
    worker = forms.CharField(label=_("Worker (user name)"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False,
                               choices=[("", _("All actions")), *Action.choices])
    family_id = forms.IntegerField(label=_("Family id"), required=False, min_value=1,
                                   max_value=2**63 - 1)
    person_id = forms.IntegerField(label=_("Person id"), required=False, min_value=1,
                                   max_value=2**63 - 1)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    # Far beyond any log entry, and far enough from the calendar's ends that a day can be
    # added and a time zone applied (the fuzz tests found 9999-12-31).
    EARLIEST = datetime.date(1900, 1, 1)
    LATEST = datetime.date(2999, 12, 31)

    def clean(self):
        cleaned = super().clean()
        for name in ("date_from", "date_to"):
            day = cleaned.get(name)
            if day and not self.EARLIEST <= day <= self.LATEST:
                self.add_error(name, _("Choose a date between %(first)s and %(last)s.") % {
                    "first": date_format(self.EARLIEST), "last": date_format(self.LATEST)})
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date lies before the start date."))
        return cleaned


class PersonSearchForm(forms.Form):
    name = forms.CharField(label=_("Name of the client"), min_length=2, max_length=100)
