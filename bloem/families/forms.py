"""Forms of the family file. Choice lists come from the access policy's querysets; the
rules themselves live in the models' clean() and in the services."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bloem.access.policy import CASELOAD_ROLES, location_choices
from bloem.accounts.models import Location, Municipality, Role, Unit, Worker

from .models import (
    Assignment,
    FamilyRole,
    ParentChildRelation,
    Person,
    Phase,
    SafetyLevel,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


MAX_VERSION = 2**31 - 1  # the range of the models' PositiveIntegerField


class VersionField(forms.IntegerField):
    """The version of the record the worker opened, carried in the form (optimistic
    locking: an edit of an older version is refused, see families.changes)."""

    widget = forms.HiddenInput
    default_error_messages = dict.fromkeys(
        ("required", "invalid", "min_value", "max_value"),
        _("This form is incomplete or out of date: reload the page and make your change "
          "again."),
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_VERSION)
        super().__init__(**kwargs)


def change_reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Reason for the change"), required=False, max_length=500,
        help_text=_("Kept with the earlier values in the change history."),
    )


def workers_with_role(*roles: str):
    return (
        Worker.objects.filter(is_active=True, memberships__role__in=roles)
        .select_related("organisation")
        .distinct()
        .order_by("first_name", "last_name")
    )


class FamilyFilterForm(forms.Form):
    """Search and filters of Mijn gezinnen. Sent by POST so that names never end up in a
    URL or a server log."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        help_text=_("Family name, file number or a member's name"))
    location = forms.ModelChoiceField(label=_("Location"), required=False,
                                      queryset=Location.objects.all(),
                                      empty_label=_("All locations"))
    phase = forms.ChoiceField(label=_("Phase"), required=False,
                              choices=[("", _("All phases")), *Phase.choices])
    safety_level = forms.ChoiceField(label=_("Safety level"), required=False,
                                     choices=[("", _("All levels")), *SafetyLevel.choices])
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = location_choices(user)


class FamilyCreateForm(forms.Form):
    name = forms.CharField(label=_("Family name"), max_length=100)
    municipality = forms.ModelChoiceField(
        label=_("Municipality of origin"), queryset=Municipality.objects.all(), required=False,
        help_text=_("Where the family lived before the shelter."),
    )
    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.all())
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.select_related("location"))
    started_on = forms.DateField(label=_("Start of the stay"), widget=DateInput(),
                                 initial=timezone.localdate)
    family_worker = forms.ModelChoiceField(
        label=_("Family worker"), queryset=workers_with_role(Role.FAMILY_WORKER),
        help_text=_("The one fixed family worker for the whole stay."),
    )
    safety_level = forms.ChoiceField(label=_("Safety level at intake"),
                                     choices=SafetyLevel.choices, initial=SafetyLevel.ORANGE)
    safety_explanation = forms.CharField(label=_("Explanation of the safety level"),
                                         widget=forms.Textarea(attrs={"rows": 3}))

    def clean_started_on(self) -> datetime.date:
        started_on = self.cleaned_data["started_on"]
        if started_on > timezone.localdate():
            raise forms.ValidationError(_("The stay cannot start in the future."))
        return started_on


class FamilyForm(forms.Form):
    name = forms.CharField(label=_("Family name"), max_length=100)
    municipality = forms.ModelChoiceField(label=_("Municipality of origin"),
                                          queryset=Municipality.objects.all(), required=False)
    reason = change_reason_field()
    version = VersionField()


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["family_role", "first_name", "last_name", "date_of_birth", "gender",
                  "network_relation", "address", "phone", "new_address"]
        widgets = {"date_of_birth": DateInput()}


class PersonEditForm(PersonForm):
    reason = change_reason_field()
    version = VersionField()


class RelationForm(forms.ModelForm):
    class Meta:
        model = ParentChildRelation
        fields = ["parent", "child", "kind", "has_authority", "authority_note"]

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        members = Person.objects.filter(family=family)
        self.fields["parent"].queryset = members.exclude(family_role=FamilyRole.CHILD)
        self.fields["child"].queryset = members.filter(family_role=FamilyRole.CHILD)


class RelationEditForm(forms.ModelForm):
    reason = change_reason_field()
    version = VersionField()

    class Meta:
        model = ParentChildRelation
        fields = ["kind", "has_authority", "authority_note"]


class StayForm(forms.Form):
    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.all())
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.select_related("location"))
    ended_on = forms.DateField(label=_("End of the stay"), required=False, widget=DateInput())
    version = VersionField()


class PhaseDecisionForm(forms.Form):
    phase = forms.ChoiceField(label=_("New phase"), choices=Phase.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput(),
                                 initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason for the decision"),
                             widget=forms.Textarea(attrs={"rows": 4}))


class SafetyAssessmentForm(forms.Form):
    level = forms.ChoiceField(label=_("Safety level"), choices=SafetyLevel.choices)
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput(),
                                  initial=timezone.localdate)
    explanation = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 4}))


class JournalEntryForm(forms.Form):
    person = forms.ModelChoiceField(label=_("About"), queryset=Person.objects.none(),
                                    required=False, empty_label=_("The whole family"))
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}),
                           max_length=10000)

    def __init__(self, *args, family, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = Person.objects.filter(family=family)
        if members is not None:  # the page has them already: the choices need no query
            field.choices = [("", field.empty_label),
                             *((m.pk, field.label_from_instance(m)) for m in members)]


class JournalCorrectionForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 6}),
                           max_length=10000)
    reason = forms.CharField(
        label=_("Reason for the correction"), required=False, max_length=500,
        help_text=_("The earlier text stays visible in the change history."),
    )
    version = VersionField()


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["worker", "role", "person", "started_on"]
        widgets = {"started_on": DateInput()}

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers_with_role(*CASELOAD_ROLES)
        self.fields["person"].queryset = Person.objects.filter(family=family)
        self.fields["role"].choices = [(r.value, r.label) for r in Role if r in CASELOAD_ROLES]
        self.fields["started_on"].initial = timezone.localdate

    def clean(self):
        cleaned = super().clean()
        worker, role = cleaned.get("worker"), cleaned.get("role")
        if worker and role and not worker.memberships.filter(role=role).exists():
            self.add_error("role", _("This worker does not have this role."))
        return cleaned

