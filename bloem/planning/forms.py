import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bloem.access.policy import CLIENT_ROLES
from bloem.catalogue.selectors import petals_for_choice
from bloem.families.forms import DateInput, VersionField, workers_with_role
from bloem.families.models import FamilyRole, Person

from . import transitions as t
from .models import (
    GoalStatus,
    HgdPhase,
    Progress,
    Receiver,
    Referral,
    ReferralStatus,
    Urgency,
)

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class MultipleChoiceField(forms.ModelMultipleChoiceField):
    """Ids that are no (64-bit) numbers are refused before the database is asked."""

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(str(pk))
            except (TypeError, ValueError):
                number = 0
            if not 1 <= number <= 2**63 - 1:
                raise forms.ValidationError(self.error_messages["invalid_choice"],
                                            code="invalid_choice", params={"value": pk})
        return super()._check_values(value)


def _text(label, *, required=True, rows=3, max_length=5000, help_text=""):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}))


def _not_in_future(day: datetime.date) -> datetime.date:
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("The date cannot lie in the future."))
    return day


def _members(family, *roles):
    members = Person.objects.filter(family=family)
    return members.filter(family_role__in=roles) if roles else members


def _workers():
    return workers_with_role(*CLIENT_ROLES)


def _worker_label(worker) -> str:
    organisation = worker.organisation.name if worker.organisation_id else "—"
    return f"{worker.get_full_name() or worker.username} ({organisation})"


def _petal_field(required=True) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(label=_("Petal"), queryset=petals_for_choice(),
                                   required=required)
    field.label_from_instance = lambda p: f"{p.domain.label}: {p.label}"
    return field


def _worker_field(label, required=True, help_text="") -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(label=label, queryset=_workers(), required=required,
                                   help_text=help_text)
    field.label_from_instance = _worker_label
    return field


class ReferralForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("For"), queryset=Person.objects.none(), required=False,
        empty_label=_("The whole family"),
        help_text=_("A child, a parent, or leave empty for the whole family."))
    receiver = forms.ChoiceField(label=_("Refer to"), choices=Receiver.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices,
                                initial=Urgency.NORMAL)
    question = _text(_("Question"), help_text=_("What does the family (member) need help "
                                                "with?"))
    signals = _text(_("Signals"), required=False)
    tried = _text(_("What has been tried"), required=False)

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _members(family, FamilyRole.PARENT, FamilyRole.CHILD)


class ReferralMoveForm(forms.Form):
    status = forms.ChoiceField(label=_("Next step"), choices=())
    reason = _text(_("Reason"), required=False, rows=2, max_length=2000,
                   help_text=_("Needed when the referral is declined or referred elsewhere."))
    version = VersionField()

    def __init__(self, *args, referral: Referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label) for value, label in
            t.next_steps(t.REFERRAL_TRANSITIONS, ReferralStatus, referral.status)
            # Planning the analysis and agreeing the plan happen on their own pages.
            if value not in (ReferralStatus.ANALYSIS_PLANNED, ReferralStatus.PLAN_AGREED)]


class AnalysisCreateForm(forms.Form):
    referral = forms.ModelChoiceField(label=_("Referral"), queryset=Referral.objects.none(),
                                      required=False, empty_label=_("No referral"))
    planned_on = forms.DateField(label=_("Planned on"), widget=DateInput(),
                                 initial=timezone.localdate)
    workers = MultipleChoiceField(
        label=_("Workers who take part"), queryset=_workers(), required=False,
        help_text=_("Workers of both organisations."))
    members = MultipleChoiceField(
        label=_("Family members who take part"), queryset=Person.objects.none(),
        required=False, help_text=_("The parent, and the child where old enough."))

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referral"].queryset = Referral.objects.filter(
            family=family, status=ReferralStatus.ACCEPTED).select_related("person")
        self.fields["referral"].label_from_instance = lambda r: (
            f"{r.get_receiver_display()} – {r.subject} ({r.referred_on:%d-%m-%Y})")
        self.fields["workers"].label_from_instance = _worker_label
        self.fields["members"].queryset = _members(family, FamilyRole.PARENT,
                                                   FamilyRole.CHILD)


class AnalysisForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase (Handelingsgerichte Diagnostiek)"), choices=())
    held_on = forms.DateField(label=_("Held on"), widget=DateInput(), required=False)
    workers = MultipleChoiceField(label=_("Workers who took part"),
                                             queryset=_workers(), required=False)
    members = MultipleChoiceField(label=_("Family members who took part"),
                                             queryset=Person.objects.none(), required=False)
    economic_insecurity = forms.BooleanField(
        label=_("Economic insecurity (poverty, housing, residence status)"), required=False)
    parental_distress = forms.BooleanField(
        label=_("Emotional distress of the parent (depression, addiction, trauma)"),
        required=False)
    partner_conflict = forms.BooleanField(label=_("Partner conflict or instability"),
                                          required=False)
    disrupted_parenting = forms.BooleanField(
        label=_("Disrupted parenting (unpredictable, rejecting, absent, controlling)"),
        required=False)
    risk_notes = _text(_("Risk factors explained"), required=False)
    stressors = _text(_("Stressors"), required=False)
    relationship = _text(_("Parent–child relationship and safety in the family"),
                         required=False)
    stress_pattern = _text(_("The child's personal stress pattern"), required=False)
    conclusions = _text(_("Conclusions"), required=False, max_length=10000)
    advice = _text(_("Advice"), required=False, max_length=10000)
    version = VersionField()

    def __init__(self, *args, analysis, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = t.HGD_TRANSITIONS[analysis.phase]
        self.fields["phase"].choices = [(v, label) for v, label in HgdPhase.choices
                                        if v == analysis.phase or v in allowed]
        self.fields["workers"].label_from_instance = _worker_label
        self.fields["members"].queryset = _members(analysis.family, FamilyRole.PARENT,
                                                   FamilyRole.CHILD)

    def clean_held_on(self):
        return _not_in_future(self.cleaned_data["held_on"])


class PetalChooseForm(forms.Form):
    person = forms.ModelChoiceField(label=_("For"), queryset=Person.objects.none())
    petal = _petal_field()
    responsible = _worker_field(
        _("Responsible worker"),
        help_text=_("A worker of the organisation that provides this petal."))
    started_on = forms.DateField(label=_("Intended start"), widget=DateInput(),
                                 initial=timezone.localdate)
    goal = _text(_("Goal of the help"), required=False, rows=2, max_length=2000)

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _members(family, FamilyRole.PARENT, FamilyRole.CHILD,
                                                  FamilyRole.OTHER_PARENT)


class GoalForm(forms.Form):
    person = forms.ModelChoiceField(label=_("For"), queryset=Person.objects.none())
    description = _text(_("Goal"), rows=2, max_length=2000)
    actions = _text(_("Actions"), required=False)
    petal = _petal_field(required=False)
    responsible = _worker_field(_("Responsible worker"))
    started_on = forms.DateField(label=_("Start date"), widget=DateInput(),
                                 initial=timezone.localdate)
    review_on = forms.DateField(label=_("Review date"), widget=DateInput())

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _members(family, FamilyRole.PARENT, FamilyRole.CHILD)

    def clean(self):
        data = super().clean()
        start, review = data.get("started_on"), data.get("review_on")
        if start and review and review < start:
            self.add_error("review_on", _("The review date lies before the start."))
        return data


class GoalReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DateInput(),
                                  initial=timezone.localdate)
    progress = forms.ChoiceField(label=_("Progress"), choices=Progress.choices)
    status = forms.ChoiceField(label=_("Status"), choices=())
    evaluation = _text(_("Evaluation"))
    next_review_on = forms.DateField(label=_("Next review"), widget=DateInput(),
                                     required=False,
                                     help_text=_("Needed while the goal stays open."))
    version = VersionField()

    def __init__(self, *args, goal, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = t.GOAL_TRANSITIONS[goal.status]
        self.fields["status"].choices = [
            (v, label) for v, label in GoalStatus.choices
            if v in allowed or (v == goal.status and allowed)]

    def clean_reviewed_on(self):
        return _not_in_future(self.cleaned_data["reviewed_on"])


class ChildPlanForm(forms.Form):
    observations = _text(_("Observations of the child workers"), required=False, rows=5,
                         max_length=10000)
    discussed_with_parent = _text(_("Discussed with the parent"), required=False)
    discussed_with_child = _text(_("Discussed with the child"), required=False,
                                 help_text=_("For older children."))
    version = VersionField()


class PlanAgreeForm(forms.Form):
    parent = forms.ModelChoiceField(label=_("Parent"), queryset=Person.objects.none())
    agrees = forms.TypedChoiceField(label=_("Agrees with the plan"), choices=YES_NO,
                                    coerce=lambda v: v == "yes")
    agreed_on = forms.DateField(label=_("Date"), widget=DateInput(),
                                initial=timezone.localdate)
    note = _text(_("Note"), required=False, rows=2)

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = _members(family, FamilyRole.PARENT)

    def clean_agreed_on(self):
        return _not_in_future(self.cleaned_data["agreed_on"])


class CaseItemAddForm(forms.Form):
    held_on = forms.DateField(label=_("Date of the case discussion"), widget=DateInput(),
                              initial=timezone.localdate)
    question = _text(_("Question for the team"), rows=2, max_length=2000)


class CaseItemForm(forms.Form):
    decisions = _text(_("Decisions"), required=False)
    follow_up = _text(_("Follow-up actions"), required=False)
    follow_up_by = _worker_field(_("Follow-up by"), required=False)
    follow_up_due = forms.DateField(label=_("Follow-up due"), widget=DateInput(),
                                    required=False)
    version = VersionField()
