import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bloem.families.forms import DateInput
from bloem.families.models import FamilyRole, Person, SafetyLevel

from .models import (
    AgreementKind,
    Answer,
    AssessmentDetail,
    ChildConcern,
    ConsultationKind,
    Decision,
    MeasureIssuer,
    MeasureKind,
    PlanAgreement,
    ProtectiveMeasure,
    Unsafety,
    YesNo,
)


def _text(label, *, required=True, rows=3, max_length=5000, help_text=""):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}))


def _date(label, *, required=True):
    return forms.DateField(label=label, required=required, widget=DateInput(),
                           initial=timezone.localdate if required else None)


def _not_future(day: datetime.date | None) -> datetime.date | None:
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("The date cannot lie in the future."))
    return day


class AssessmentForm(forms.Form):
    """The structured safety assessment of the family and each child."""

    level = forms.ChoiceField(label=_("Safety level"), choices=SafetyLevel.choices,
                              help_text=_("Green: safety can be restored with simple measures. "
                                          "Orange: help is needed to break the situation. "
                                          "Red: extreme threat, flight, police involved."))
    assessed_on = _date(_("Assessed on"))
    explanation = _text(_("Reasoning for the level"), rows=4)

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        for name in AssessmentDetail.FACTORS:
            model_field = AssessmentDetail._meta.get_field(name)
            self.fields[name] = forms.ChoiceField(
                label=model_field.verbose_name.capitalize(), choices=Answer.choices,
                initial=Answer.UNKNOWN)
        self.fields["instrument_outcome"] = forms.CharField(
            label=_("Outcome of a risk instrument"), required=False, max_length=100,
            help_text=AssessmentDetail._meta.get_field("instrument_outcome").help_text)
        self.fields["notes"] = _text(_("Details"), required=False, help_text=_(
            "Stored encrypted; not shown to the ex-partner's workers."))
        self.children = list(Person.objects.filter(family=family,
                                                   family_role=FamilyRole.CHILD))
        for child in self.children:
            self.fields[f"child_{child.pk}_concern"] = forms.ChoiceField(
                label=_("Safety signals of %(name)s") % {"name": child.first_name},
                choices=ChildConcern.choices, initial=ChildConcern.UNKNOWN)
            self.fields[f"child_{child.pk}_signals"] = _text(
                _("What %(name)s shows or tells") % {"name": child.first_name},
                required=False, rows=2)

    def clean_assessed_on(self):
        return _not_future(self.cleaned_data["assessed_on"])

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "level": data["level"], "assessed_on": data["assessed_on"],
            "explanation": data["explanation"],
            "factors": {name: data[name] for name in AssessmentDetail.FACTORS},
            "instrument_outcome": data["instrument_outcome"], "notes": data["notes"],
            "child_signals": {child: (data[f"child_{child.pk}_concern"],
                                      data[f"child_{child.pk}_signals"])
                              for child in self.children},
        }


class PlanReviewForm(forms.Form):
    reviewed_on = _date(_("Reviewed with the client on"))
    next_review_on = forms.DateField(label=_("Next review"), widget=DateInput())
    note = _text(_("What was discussed"), required=False)

    def clean_reviewed_on(self):
        return _not_future(self.cleaned_data["reviewed_on"])


class AgreementForm(forms.ModelForm):
    class Meta:
        model = PlanAgreement
        fields = ["kind", "text", "reveals_whereabouts", "agreed_on"]
        widgets = {"agreed_on": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_on"].initial = timezone.localdate
        self.fields["kind"].choices = AgreementKind.choices


class AgreementEndForm(forms.Form):
    agreement = forms.ModelChoiceField(label=_("Agreement"), queryset=PlanAgreement.objects.none())
    ended_on = _date(_("Ended on"))

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = PlanAgreement.objects.filter(
            family=family, ended_on__isnull=True)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    role = forms.CharField(label=_("Who they are"), max_length=100,
                           help_text=_("E.g. neighbourhood police officer, school, friend."))
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Measure"), choices=MeasureKind.choices)
    issued_by = forms.ChoiceField(label=_("Imposed by"), choices=MeasureIssuer.choices)
    starts_on = _date(_("Start date"))
    ends_on = forms.DateField(label=_("End date"), required=False, widget=DateInput())
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)
    conditions = _text(_("Conditions"), required=False, help_text=_(
        "E.g. the streets of an area ban; hidden from the ex-partner's workers."))


class MeasureFollowUpForm(forms.Form):
    measure = forms.ModelChoiceField(label=_("Measure"),
                                     queryset=ProtectiveMeasure.objects.none())
    followed_up_on = _date(_("Followed up on"))
    follow_up = _text(_("What holds now"), help_text=_(
        "Extended (until when), replaced by another measure, or ended on purpose."))

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = ProtectiveMeasure.objects.filter(family=family)


class MeldcodeOpenForm(forms.Form):
    person = forms.ModelChoiceField(label=_("About"), queryset=Person.objects.none(),
                                    required=False, empty_label=_("The whole family"))
    signals_on = _date(_("Signals mapped on"))
    signals = _text(_("Signals"), rows=5, help_text=_(
        "What you saw, heard or were told; facts, and who said them."))

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(family=family)


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Consulted"), choices=ConsultationKind.choices)
    consulted_on = _date(_("Consulted on"))
    consulted = forms.CharField(label=_("With whom"), max_length=100,
                                help_text=_("Name and role, e.g. the team's "
                                            "aandachtsfunctionaris."))
    advice = _text(_("Advice"))


class TalkForm(forms.Form):
    talked_on = forms.DateField(label=_("Talked with the client on"), required=False,
                                widget=DateInput())
    talk_summary = _text(_("What the client said"), required=False)
    talk_skipped = _text(_("Why there was no conversation"), required=False, help_text=_(
        "Only when a conversation would endanger the safety of the client, yourself or "
        "another person."))


_BLANK = [("", _("Not reached"))]


class WeighForm(forms.Form):
    weighed_on = _date(_("Weighed on"))
    suspicion = forms.ChoiceField(
        label=_("1. Do you, on the basis of steps 1 to 3, suspect domestic violence or child "
                "abuse?"), choices=YesNo.choices)
    unsafety = forms.ChoiceField(
        label=_("2. Is there acute and/or structural unsafety?"), required=False,
        choices=_BLANK + Unsafety.choices, help_text=_("Yes (acute or structural): report."))
    can_help = forms.ChoiceField(
        label=_("3. Are you able to give or organise effective help to avert the threat?"),
        required=False, choices=_BLANK + YesNo.choices, help_text=_("No: report."))
    help_accepted = forms.ChoiceField(
        label=_("4. Do the people involved accept the help that is needed?"), required=False,
        choices=_BLANK + YesNo.choices, help_text=_("No: report."))
    help_works = forms.ChoiceField(
        label=_("5. Does the help lead, within the desired time, to the necessary results for "
                "safety and well-being?"), required=False, choices=_BLANK + YesNo.choices,
        help_text=_("No: report."))
    reasoning = _text(_("Reasoning"), rows=4)


class DecideForm(forms.Form):
    decided_on = _date(_("Decided on"))
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    decision_reasons = _text(_("Reasons"), rows=4)
    reported_on = forms.DateField(label=_("Reported to Veilig Thuis on"), required=False,
                                  widget=DateInput())
    report_reference = forms.CharField(label=_("Reference of the report"), max_length=60,
                                       required=False)


class AlertSeenForm(forms.Form):
    """No fields: the worker marks the family's red alerts as seen."""
