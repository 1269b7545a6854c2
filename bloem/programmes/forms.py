
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bloem.access import policy
from bloem.accounts.models import Location, Role
from bloem.consent.forms import YES_NO
from bloem.families.forms import DateInput, VersionField, workers_with_role
from bloem.families.models import FamilyRole, Person
from bloem.screening.models import Response

from .models import (
    ContactStatus,
    Enrolment,
    EnrolmentStatus,
    FacilitatorRole,
    GroupKind,
    GroupRun,
    NikaStepKind,
    NikaTrajectory,
    Programme,
    SchoolContact,
    SchoolKind,
    SupervisedContact,
    TraumaEpisode,
    TraumaMethod,
    TraumaStatus,
)

MAX_SESSIONS = 52


MAX_PK = 2**31 - 1


class MultipleChoice(forms.ModelMultipleChoiceField):
    """Refuses ids that are not numbers in range before they reach the database."""

    def _check_values(self, value):
        for pk in value:
            if not (isinstance(pk, str) and pk.isdigit() and int(pk) <= MAX_PK):
                raise forms.ValidationError(self.error_messages["invalid_pk_value"],
                                            code="invalid_pk_value", params={"pk": pk})
        return super()._check_values(value)


def _text(label, *, required=False, rows=2, max_length=5000, help_text=""):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}))


def _date(label, *, required=True):
    return forms.DateField(label=label, required=required, widget=DateInput(),
                           initial=timezone.localdate)


class _FamilyForm(forms.Form):
    """A form about members of one family: person choices are that family's members;
    `past_dates` fields may not lie in the future."""

    past_dates: tuple[str, ...] = ()

    def __init__(self, *args, family, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        self.user = user
        members = Person.objects.filter(family=family).order_by("date_of_birth", "pk")
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is Person:
                roles = getattr(field, "family_roles", None)
                field.queryset = members.filter(family_role__in=roles) if roles else members

    def clean(self):
        data = super().clean()
        for name in self.past_dates:
            if data.get(name) and data[name] > timezone.localdate():
                self.add_error(name, _("The date cannot lie in the future."))
        return data


def _person(label, *roles) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(label=label, queryset=Person.objects.none())
    field.family_roles = list(roles)
    return field


# -- group runs ---------------------------------------------------------------------------


class RunPlanForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all())
    kind = forms.ChoiceField(label=_("Kind of group"), choices=GroupKind.choices)
    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.none())
    name = forms.CharField(label=_("Name of the group"), max_length=100,
                           help_text=_("E.g. “Toontje spring 2026”; no client names."))
    starts_on = forms.DateField(label=_("Date of the first session"), widget=DateInput())
    first_session_time = forms.TimeField(label=_("Time of the sessions"),
                                         widget=forms.TimeInput(attrs={"type": "time"},
                                                                format="%H:%M"))
    sessions = forms.IntegerField(label=_("Number of sessions (weekly)"), min_value=1,
                                  max_value=MAX_SESSIONS)
    minutes = forms.IntegerField(label=_("Duration of a session (minutes)"), min_value=15,
                                 max_value=480)
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=50, initial=8)
    parallel_to = forms.ModelChoiceField(label=_("Parallel to (for a parents' group)"),
                                         queryset=GroupRun.objects.none(), required=False)
    lead = forms.ModelChoiceField(label=_("Leading facilitator"),
                                  queryset=workers_with_role(*policy.PERMISSIONS[
                                      "programme.run"]))
    lead_role = forms.ChoiceField(label=_("Role of the leading facilitator"),
                                  choices=FacilitatorRole.choices)
    co_facilitators = MultipleChoice(
        label=_("Child workers"), required=False,
        queryset=workers_with_role(*policy.PERMISSIONS["programme.run"]),
        help_text=_("They facilitate as child workers."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.filter(
            policy.team_location_q(user)).order_by("name")
        self.fields["parallel_to"].queryset = GroupRun.objects.visible_to(user).filter(
            kind=GroupKind.CHILDREN, ends_on__gte=timezone.localdate())
        programme = self.initial.get("programme")
        if isinstance(programme, Programme):
            self.initial.setdefault("sessions", programme.session_count)
            self.initial.setdefault("minutes", programme.session_minutes)

    def facilitators(self):
        data = self.cleaned_data
        return [(data["lead"], data["lead_role"])] + [
            (w, FacilitatorRole.CHILD_WORKER) for w in data["co_facilitators"]]


class EnrolForm(_FamilyForm):
    person = forms.ModelChoiceField(label=_("Participant"), queryset=Person.objects.none())
    person.family_roles = [FamilyRole.CHILD, FamilyRole.PARENT]
    run = forms.ModelChoiceField(label=_("Group"), queryset=GroupRun.objects.none())
    enrolled_on = _date(_("Date"))
    age_exception = _text(_("Reason for an exception to the age"), max_length=1000,
                          help_text=_("Only when the child's age on the start date lies "
                                      "outside the programme's ages; the exception stays "
                                      "visible."))
    past_dates = ("enrolled_on",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The groups at the family's current location that the worker runs.
        stay = self.family.stays.filter(ended_on__isnull=True).first()
        runs = GroupRun.objects.visible_to(self.user).filter(
            ends_on__gte=timezone.localdate()).select_related("programme")
        self.fields["run"].queryset = runs.filter(location_id=stay.location_id) if stay else \
            runs.none()
        self.fields["run"].label_from_instance = lambda r: (
            f"{r.name} – {r.programme.name}, {r.get_kind_display()} ({r.starts_on})")


class EnrolmentEndForm(forms.Form):
    enrolment = forms.ModelChoiceField(label=_("Participant"), queryset=Enrolment.objects.none())
    status = forms.ChoiceField(label=_("Status"), choices=[
        (EnrolmentStatus.COMPLETED, EnrolmentStatus.COMPLETED.label),
        (EnrolmentStatus.DROPPED_OUT, EnrolmentStatus.DROPPED_OUT.label)])
    ended_on = _date(_("Date"))
    reason = _text(_("Reason for dropping out"), max_length=2000)
    version = VersionField()

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].queryset = enrolments
        self.fields["enrolment"].label_from_instance = lambda e: e.person.full_name

    def clean(self):
        data = super().clean()
        if data.get("status") == EnrolmentStatus.DROPPED_OUT and not (
                data.get("reason") or "").strip():
            self.add_error("reason", _("Dropping out needs a reason."))
        return data


class AttendanceForm(forms.Form):
    """Present and a short note for each participant of a session."""

    def __init__(self, *args, enrolments, recorded, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for enrolment in enrolments:
            previous = recorded.get(enrolment.pk)
            present = forms.BooleanField(
                label=_("%(name)s present") % {"name": enrolment.person.full_name},
                required=False, initial=previous.present if previous else True)
            note = forms.CharField(
                label=_("Note on %(name)s") % {"name": enrolment.person.first_name},
                required=False, max_length=500, initial=previous.note if previous else "")
            self.fields[f"present_{enrolment.pk}"] = present
            self.fields[f"note_{enrolment.pk}"] = note
            self.rows.append(enrolment)

    def cleaned_rows(self):
        return [(e, self.cleaned_data[f"present_{e.pk}"], self.cleaned_data[f"note_{e.pk}"])
                for e in self.rows]


# -- NIKA -----------------------------------------------------------------------------------


def _qualified_workers():
    return workers_with_role(Role.YOUTH_SPECIALIST, Role.NIKA_COUNSELLOR, Role.CHILD_WORKER,
                             Role.GGZ_PRACTITIONER)


class NikaStartForm(_FamilyForm):
    child = _person(_("Child"), FamilyRole.CHILD)
    parent = _person(_("Parent"), FamilyRole.PARENT, FamilyRole.OTHER_PARENT)
    practitioner = forms.ModelChoiceField(label=_("NIKA practitioner"),
                                          queryset=_qualified_workers())
    supervisor = forms.ModelChoiceField(label=_("Supervisor (for a practitioner in training)"),
                                        queryset=_qualified_workers(), required=False)
    started_on = _date(_("Start date"))


class _TrajectoryForm(_FamilyForm):
    trajectory = forms.ModelChoiceField(label=_("NIKA trajectory"),
                                        queryset=NikaTrajectory.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trajectory"].queryset = NikaTrajectory.objects.filter(
            family=self.family).select_related("child", "parent")
        self.fields["trajectory"].label_from_instance = lambda t: (
            f"{t.child.full_name} / {t.parent.full_name} ({t.started_on})")


class NikaSessionForm(_TrajectoryForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=NikaStepKind.choices)
    held_on = _date(_("Date"))
    disorganised_signs = _text(_("Signs of disorganised attachment in the child"))
    disruptive_behaviour = _text(_("Disruptive parent behaviour"))
    supportive_behaviour = _text(_("Supportive parent behaviour"))
    video_recorded_on = forms.DateField(
        label=_("Video recorded on"), required=False, widget=DateInput(),
        help_text=_("Only the date: the recording itself stays outside Bloem."))
    feedback = _text(_("Feedback notes"), rows=3)
    past_dates = ("held_on", "video_recorded_on")


class NikaJudgementForm(_TrajectoryForm):
    judged_on = _date(_("Date"))
    parent_can_change = forms.TypedChoiceField(label=_("Can the parent change?"),
                                               choices=YES_NO, coerce=lambda v: v == "yes")
    relationship_stable = forms.TypedChoiceField(
        label=_("Is the parent–child relationship sufficiently stable and safe for trauma "
                "treatment?"), choices=YES_NO, coerce=lambda v: v == "yes",
        help_text=_("The trauma treatment of the child reads this judgement."))
    basis = _text(_("Basis"), required=True, rows=3,
                  help_text=_("What the diagnostics and the treatment showed."))
    attachment_figure = _text(
        _("Decision about the child's safe attachment figure"),
        help_text=_("Required when the parent cannot change: with whom else can the child "
                    "form a safe attachment?"))
    past_dates = ("judged_on",)


# -- trauma treatment -----------------------------------------------------------------------


class TraumaStartForm(_FamilyForm):
    person = _person(_("Treated person"), FamilyRole.CHILD, FamilyRole.PARENT,
                     FamilyRole.OTHER_PARENT)
    method = forms.ChoiceField(label=_("Method"), choices=TraumaMethod.choices)
    practitioner = forms.ModelChoiceField(
        label=_("Practitioner"), queryset=_qualified_workers(), required=False,
        help_text=_("For a parent: a practitioner of the GGZ partner, or leave empty to "
                    "refer."))
    started_on = _date(_("Date"))
    referral_note = _text(_("Referral to the GGZ partner"),
                          help_text=_("For a parent's own trauma treatment without a GGZ "
                                      "practitioner yet."))


class TraumaSessionForm(_FamilyForm):
    episode = forms.ModelChoiceField(label=_("Trauma treatment"),
                                     queryset=TraumaEpisode.objects.none())
    held_on = _date(_("Date"))
    note = _text(_("Note"), rows=3)
    measurements = MultipleChoice(
        label=_("Outcome measurements"), required=False, queryset=Response.objects.none(),
        help_text=_("Questionnaires of the treated person to link to the treatment."))
    past_dates = ("held_on",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["episode"].queryset = TraumaEpisode.objects.filter(
            family=self.family).exclude(status=TraumaStatus.REFERRED).select_related("person")
        self.fields["episode"].label_from_instance = lambda e: (
            f"{e.person.full_name}: {e.get_method_display()} ({e.started_on})")
        self.fields["measurements"].queryset = Response.objects.filter(
            family=self.family).select_related("person")
        self.fields["measurements"].label_from_instance = lambda r: (
            f"{r.person.first_name}: {r.instrument} {r.administered_on} ({r.total})")


# -- supervised contact and schools -----------------------------------------------------------


class ContactPlanForm(_FamilyForm):
    child = _person(_("Child"), FamilyRole.CHILD)
    other_parent = _person(_("Other parent"), FamilyRole.OTHER_PARENT)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    place = forms.CharField(label=_("Place"), max_length=200,
                            help_text=_("A neutral place; never the shelter's address."))
    supervisor = forms.ModelChoiceField(label=_("Supervisor"),
                                        queryset=workers_with_role(*policy.CLIENT_ROLES))


class ContactReportForm(_FamilyForm):
    contact = forms.ModelChoiceField(label=_("Supervised contact"),
                                     queryset=SupervisedContact.objects.none())
    status = forms.ChoiceField(label=_("Status"), choices=ContactStatus.choices)
    course = _text(_("Course of the contact"), rows=3)
    child_reaction = _text(_("The child's reactions"))
    parent_behaviour = _text(_("The parent's behaviour"))
    safety = _text(_("Safety observations"))
    agreements = _text(_("Agreements for next time"))
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = SupervisedContact.objects.filter(
            family=self.family).select_related("child")
        self.fields["contact"].label_from_instance = lambda c: (
            f"{c.child.first_name} {timezone.localtime(c.starts_at):%Y-%m-%d %H:%M}")


class SchoolForm(_FamilyForm):
    child = _person(_("Child"), FamilyRole.CHILD)
    kind = forms.ChoiceField(label=_("Kind"), choices=SchoolKind.choices)
    name = forms.CharField(label=_("Name of the school or day care"), max_length=200)
    contact_person = forms.CharField(label=_("Contact person"), max_length=200)
    contact_details = _text(_("Contact details"), max_length=1000)


class AdviceForm(_FamilyForm):
    school = forms.ModelChoiceField(label=_("School or day care"),
                                    queryset=SchoolContact.objects.none())
    given_on = _date(_("Date"))
    advice = _text(_("Trauma-sensitive advice"), required=True, rows=4)
    past_dates = ("given_on",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = SchoolContact.objects.filter(
            family=self.family).select_related("child")
        self.fields["school"].label_from_instance = lambda s: f"{s.child.first_name}: {s.name}"

