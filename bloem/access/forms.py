from django import forms
from django.utils.translation import gettext_lazy as _

from .models import REASON_MIN_LENGTH


class EmergencyAccessForm(forms.Form):
    """Break the glass: the exact file number and why. Sent by POST only."""

    reference = forms.CharField(
        label=_("File number"), max_length=20,
        help_text=_("The exact file number, e.g. G0000123. There is no search."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    reason = forms.CharField(
        label=_("Reason for emergency access"), min_length=REASON_MIN_LENGTH,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is the emergency, and why can the family's own workers not help "
                    "now? The privacy officer reads this. Do not write an address."),
    )
