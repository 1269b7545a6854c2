"""Forms built from an instrument definition: one radio group per item, labelled with the
item's number and its text (where the definition has one — otherwise the worker reads the
item from the official form)."""

from django import forms
from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bloem.catalogue.models import Petal
from bloem.families.models import FamilyRole

from . import engine
from .models import Decision, Informant, Moment
from .selectors import label

INFORMANT_LABELS = dict(Informant.choices)


def item_label(item: dict) -> str:
    number = item.get("number", item["id"])
    text = label(item.get("text"))
    if text:
        return f"{number}. {text}"
    return str(_("Item %(number)s — read it from the official form") % {"number": number})


class QuestionnaireForm(forms.Form):
    """The answers to one instrument, and (for the worker) who answered, when and at
    which measurement moment. Items may be left open: the engine decides whether the
    result is complete."""

    def __init__(self, *args, instrument: engine.Instrument, client: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        if not client:
            self.fields["informant"] = forms.ChoiceField(
                label=_("Filled in by"),
                choices=[(i, INFORMANT_LABELS[i]) for i in instrument.informants])
            self.fields["moment"] = forms.ChoiceField(label=_("Measurement moment"),
                                                      choices=Moment.choices)
            self.fields["administered_on"] = forms.DateField(
                label=_("Date"), initial=timezone.localdate,
                widget=forms.DateInput(attrs={"type": "date"}))
        self.item_fields = []
        for item in instrument.items:
            name = f"item_{item['id']}"
            self.fields[name] = forms.TypedChoiceField(
                label=item_label(item), required=False, coerce=int, empty_value=None,
                choices=[(o["value"], f"{o['value']} – {label(o['label'])}")
                         for o in instrument.options(item)],
                widget=forms.RadioSelect)
            self.item_fields.append(name)

    def clean_administered_on(self):
        day = self.cleaned_data["administered_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date lies in the future."))
        return day

    @property
    def answers(self) -> dict:
        return {name.removeprefix("item_"): self.cleaned_data.get(name)
                for name in self.item_fields if self.cleaned_data.get(name) is not None}

    def item_groups(self):
        """The item fields per section (one group without a title when there are none)."""
        sections = self.instrument.data.get("sections")
        if not sections:
            return [("", [self[name] for name in self.item_fields])]
        return [(label(section["title"]), [self[f"item_{i}"] for i in section["items"]])
                for section in sections]


class ClientModeStartForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Questionnaire"))
    moment = forms.ChoiceField(label=_("Measurement moment"), choices=Moment.choices)

    def __init__(self, *args, instruments: list[engine.Instrument], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [(i.code, label(i.data["name"]))
                                             for i in instruments]


class ClientModeExitForm(forms.Form):
    password = forms.CharField(label=_("Password of the worker"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "off"}))

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        if authenticate(self.request, username=user.get_username(), password=password) is None:
            raise forms.ValidationError(_("That is not the password of the worker who "
                                          "started client mode."))
        return password


class SuggestionDecisionForm(forms.Form):
    child = forms.ModelChoiceField(label=_("Child"), queryset=None)
    petal = forms.ModelChoiceField(label=_("Petal"), queryset=Petal.objects.all(),
                                   to_field_name="code")
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = family.members.filter(family_role=FamilyRole.CHILD)
