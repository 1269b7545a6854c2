from django import forms
from django.utils.translation import gettext_lazy as _

REASON_MIN_LENGTH = 10


class LegalHoldForm(forms.Form):
    reference = forms.CharField(
        label=_("File number"), max_length=20,
        help_text=_("The exact file number, e.g. G0000123."),
    )
    reason = forms.CharField(
        label=_("Reason"), min_length=REASON_MIN_LENGTH, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the file must be kept past its retention period: a court case, a "
                    "complaint, a request of the inspectorate or the police."),
    )

    def clean_reference(self) -> str:
        return self.cleaned_data["reference"].strip()


class LegalHoldLiftForm(forms.Form):
    hold = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
