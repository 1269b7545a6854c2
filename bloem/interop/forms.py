from django import forms
from django.utils.translation import gettext_lazy as _

from bloem.accounts.models import Location

MAX_BUNDLE_BYTES = 5 * 1024 * 1024


class UploadForm(forms.Form):
    bundle = forms.FileField(
        label=_("Handover file (FHIR Bundle, JSON)"),
        help_text=_("The file the other shelter exported at the warm handover."))
    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.all(),
                                      help_text=_("Where the family will stay."))

    def clean_bundle(self) -> str:
        upload = self.cleaned_data["bundle"]
        if upload.size > MAX_BUNDLE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not a text file in UTF-8.")) from None


class ConfirmForm(forms.Form):
    """Nothing to fill in: the worker confirms the import of the previewed upload."""
