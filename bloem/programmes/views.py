"""Group programmes and specialist treatment in the UI. Thin: access through the policy,
writes through the services (which ask the rule engine), an audit entry for every page
that shows client data."""

from collections import Counter
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from bloem.access import policy
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.audit.services import record_each as audit_each
from bloem.core.forms import add_service_errors
from bloem.families.changes import EditConflictError
from bloem.families.models import Family, Person

from . import selectors, services
from .calendar import feed_for_token
from .forms import (
    AdviceForm,
    AttendanceForm,
    ContactPlanForm,
    ContactReportForm,
    EnrolForm,
    EnrolmentEndForm,
    NikaJudgementForm,
    NikaSessionForm,
    NikaStartForm,
    RunPlanForm,
    SchoolForm,
    TraumaSessionForm,
    TraumaStartForm,
)
from .models import (
    CalendarToken,
    Enrolment,
    EnrolmentStatus,
    GroupRun,
    GroupSession,
    Programme,
    SupervisedContact,
)


def _int(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 12 else None


def _form_page(request, *, form, title, intro="", cancel_url="", family=None, conflict=None,
               submit_label=None) -> HttpResponse:
    return render(request, "families/form.html", {
        "form": form, "title": title, "intro": intro, "family": family,
        "cancel_url": cancel_url, "conflict": conflict.message if conflict else "",
        "submit_label": submit_label,
    })


# -- groups -----------------------------------------------------------------------------------


@login_required
@require_GET
@policy.role_required("programme.run")
def overview(request: HttpRequest) -> HttpResponse:
    """Per location, the running and coming groups with fill rate and attendance."""
    runs = list(selectors.runs_overview(request.user, timezone.localdate()))
    for run in runs:
        run.fill_rate = selectors.rate(run.taken, run.capacity)
        run.attendance_rate = selectors.rate(run.present, run.recorded)
    return render(request, "programmes/overview.html", {
        "runs": runs,
        "may_plan": policy.has_role_permission(request.user, "programme.plan"),
        "has_token": CalendarToken.objects.filter(worker=request.user).exists(),
    })


@login_required
@require_http_methods(["GET", "POST"])
@policy.role_required("programme.plan")
def run_plan(request: HttpRequest) -> HttpResponse:
    programme = Programme.objects.filter(pk=request.GET.get("programme", "")).first()
    initial = {"programme": programme} if programme else {}
    form = RunPlanForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        for name in ("lead", "lead_role", "co_facilitators"):
            data.pop(name)
        try:
            run = services.run_plan(request=request, facilitators=form.facilitators(), **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The group has been planned."))
            return redirect("programmes:run", run.pk)
    return _form_page(request, form=form, title=_("Plan a group"),
                      intro=_("Sessions are planned weekly from the first date; the "
                              "programme's themes follow each other."),
                      cancel_url=reverse("programmes:overview"))


def _run(request: HttpRequest, run_pk: int) -> GroupRun:
    policy.require(request.user, "programme.run")
    return policy.get_visible_or_404(
        GroupRun.objects.select_related("programme", "location", "parallel_to"), request.user,
        pk=run_pk)


@login_required
@require_GET
def run_detail(request: HttpRequest, run_pk: int) -> HttpResponse:
    run = _run(request, run_pk)
    people = list(selectors.participants(request.user, run))
    sessions = list(run.sessions.select_related("theme"))
    recorded = selectors.session_attendance(run, [p.pk for p in people])
    for person in people:
        person.cells = [recorded.get((s.pk, person.pk)) for s in sessions]
    audit_each(request=request, action=Action.LIST, record_type="programmes.enrolment",
               family_counts=Counter(p.family_id for p in people))
    enrolled = [p for p in people if p.status != EnrolmentStatus.WAITING]
    return render(request, "programmes/run.html", {
        "run": run, "sessions": sessions,
        "facilitators": run.facilitators.select_related("worker").order_by("role"),
        "participants": enrolled,
        "waiting": [p for p in people if p.status == EnrolmentStatus.WAITING],
        "hidden": selectors.hidden_participants(request.user, run),
        "taken": run.enrolments.filter(status__in=(EnrolmentStatus.ENROLLED,
                                                    EnrolmentStatus.COMPLETED)).count(),
        "parallel": run.parallel_groups.visible_to(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_end(request: HttpRequest, run_pk: int) -> HttpResponse:
    """Completed, or dropped out with the reason."""
    run = _run(request, run_pk)
    enrolments = selectors.participants(request.user, run).filter(
        status=EnrolmentStatus.ENROLLED)
    chosen = enrolments.filter(pk=_int(request.GET.get("deelnemer"))).first()
    initial = {"enrolment": chosen, "version": chosen.version} if chosen else {}
    form = EnrolmentEndForm(request.POST or None, enrolments=enrolments, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.enrolment_end(request=request, enrolment=data["enrolment"],
                                   version=data["version"], status=data["status"],
                                   ended_on=data["ended_on"], reason=data["reason"])
        except EditConflictError as error:
            conflict = error
            form = EnrolmentEndForm(enrolments=enrolments, initial={
                "enrolment": error.current, "version": error.current.version})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The participation has been ended."))
            return redirect("programmes:run", run.pk)
    audit(request=request, action=Action.LIST, record_type="programmes.enrolment",
          subject_count=len(form.fields["enrolment"].queryset))
    return _form_page(request, form=form, title=_("End participation"),
                      intro=_("Completed the programme, or dropped out (with the reason). A "
                              "place that comes free goes to the waiting list."),
                      cancel_url=reverse("programmes:run", args=[run.pk]), conflict=conflict)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, session_pk: int) -> HttpResponse:
    """Present, and a short note, per participant of one session."""
    policy.require(request.user, "programme.run")
    session = _session(request, session_pk)
    enrolments = list(selectors.attendance_participants(request.user, session))
    recorded = {key[1]: a for key, a in selectors.session_attendance(
        session.run, [e.pk for e in enrolments]).items() if key[0] == session.pk}
    form = AttendanceForm(request.POST or None, enrolments=enrolments, recorded=recorded)
    if request.method == "POST" and form.is_valid():
        services.attendance_record(request=request, session=session, rows=form.cleaned_rows())
        messages.success(request, _("The attendance has been recorded."))
        return redirect("programmes:run", session.run_id)
    audit_each(request=request, action=Action.VIEW, record_type="programmes.attendance",
               family_counts=dict.fromkeys({e.family_id for e in enrolments}, 1))
    return render(request, "programmes/attendance.html", {
        "session": session, "run": session.run, "form": form,
        "rows": [(e, form[f"present_{e.pk}"], form[f"note_{e.pk}"]) for e in enrolments],
    })


def _session(request: HttpRequest, session_pk: int) -> GroupSession:
    session = GroupSession.objects.select_related("run__programme", "theme").filter(
        run__in=GroupRun.objects.visible_to(request.user), pk=session_pk).first()
    if session is None:
        raise Http404
    return session


# -- the facilitator's calendar -------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@policy.role_required("programme.run")
def calendar_token(request: HttpRequest) -> HttpResponse:
    """Make (or replace) and revoke the secret address of one's own calendar feed."""
    token = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_token_revoke(request=request, worker=request.user)
            messages.success(request, _("The calendar address no longer works."))
            return redirect("programmes:calendar_token")
        if request.POST.get("action") == "new":
            token = services.calendar_token_new(request=request, worker=request.user)
    return render(request, "programmes/calendar_token.html", {
        "feed_url": request.build_absolute_uri(
            reverse("programmes:calendar_feed", args=[token])) if token else "",
        "has_token": CalendarToken.objects.filter(worker=request.user).exists(),
    })


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed of the sessions the token's worker facilitates. No login (a
    calendar app cannot log in): the secret in the address is the authentication."""
    body = feed_for_token(token)
    if body is None:
        raise Http404
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


# -- the family's pages ---------------------------------------------------------------------


def _family(request: HttpRequest, family_pk: int, permission: str) -> Family:
    family = policy.get_visible_or_404(Family.objects, request.user, pk=family_pk)
    policy.require(request.user, permission, family)
    return family


def _back(family: Family, person_id) -> str:
    if person_id and family.members.filter(pk=person_id).exists():
        return reverse("programmes:timeline", args=[person_id])
    return reverse("families:detail", args=[family.pk])


def _family_view(form_class, service: Callable, *, title: str, intro: str, done: str,
                 person_of: Callable, permission: str = "treatment.record",
                 initial_from: dict[str, str] | None = None, versioned: str = ""):
    """A page that records one thing about members of one family through a service."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, family_pk: int) -> HttpResponse:
        family = _family(request, family_pk, permission)
        initial = {field: request.GET.get(param)
                   for field, param in (initial_from or {}).items() if request.GET.get(param)}
        if versioned and _int(request.GET.get(versioned)):
            chosen = form_class.base_fields[versioned].queryset.model.objects.filter(
                family=family, pk=_int(request.GET.get(versioned))).first()
            if chosen:
                initial |= {versioned: chosen.pk, "version": chosen.version}
        form = form_class(request.POST or None, family=family, user=request.user,
                          initial=initial)
        conflict = None
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                saved = service(request=request, family=family, **data)
            except EditConflictError as error:
                conflict = error
                form = form_class(family=family, user=request.user, initial={
                    versioned: error.current.pk, "version": error.current.version})
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _(done))
                return redirect(_back(family, person_of(saved)))
        audit(request=request, action=Action.VIEW, record=family)
        return _form_page(request, form=form, title=_(title), intro=_(intro), family=family,
                          cancel_url=_back(family, _int(request.GET.get("persoon"))),
                          conflict=conflict)

    return view


def _enrol(*, request, family, person, run, enrolled_on, age_exception):
    return services.enrol(request=request, run=run, person=person, enrolled_on=enrolled_on,
                          age_exception=age_exception)


def _nika_session(*, request, family, trajectory, **data):
    return services.nika_session_record(request=request, trajectory=trajectory, **data)


def _nika_judge(*, request, family, trajectory, **data):
    return services.nika_judge(request=request, trajectory=trajectory, **data)


def _trauma_session(*, request, family, episode, **data):
    return services.trauma_session_record(request=request, episode=episode, **data)


def _contact_report(*, request, family, contact, **data):
    return services.contact_report(request=request, contact=contact, **data)


def _advice(*, request, family, school, **data):
    return services.advice_record(request=request, school=school, **data)


enrol = _family_view(
    EnrolForm, _enrol, permission="programme.enrol",
    title=gettext_noop("Enrol in a group"),
    intro=gettext_noop("A child is enrolled when its age on the programme's start date fits "
                       "(an exception needs a reason) and the consent for the programme is "
                       "complete. A parent joins the parallel parents' group. When the group "
                       "is full, the participant goes on the waiting list."),
    done=gettext_noop("The enrolment has been recorded."),
    person_of=lambda e: e.person_id, initial_from={"person": "persoon", "run": "groep"})
nika_start = _family_view(
    NikaStartForm, services.nika_start, title=gettext_noop("Start a NIKA trajectory"),
    intro=gettext_noop("Diagnostics and treatment by a NIKA practitioner (or one in "
                       "training under a qualified supervisor), with consent for NIKA."),
    done=gettext_noop("The NIKA trajectory has been started."),
    person_of=lambda t: t.child_id, initial_from={"child": "persoon"})
nika_session = _family_view(
    NikaSessionForm, _nika_session, title=gettext_noop("Record a NIKA session"),
    intro=gettext_noop("Diagnostics: what the interaction mapping showed. Treatment: the "
                       "date of the video recording and the feedback notes (the recording "
                       "itself stays outside Bloem)."),
    done=gettext_noop("The session has been recorded."),
    person_of=lambda s: s.trajectory.child_id)
nika_judge = _family_view(
    NikaJudgementForm, _nika_judge, title=gettext_noop("NIKA judgement"),
    intro=gettext_noop("Can the parent change? Where not, the decision about the child's "
                       "safe attachment figure. The judgement of the parent–child "
                       "relationship decides whether the child's trauma treatment may start."),
    done=gettext_noop("The judgement has been recorded."),
    person_of=lambda j: j.trajectory.child_id)
trauma_start = _family_view(
    TraumaStartForm, services.trauma_start, title=gettext_noop("Start trauma treatment"),
    intro=gettext_noop("A child's treatment (EMDR, TF-CBT, NET on location) starts only "
                       "after the parent–child relationship is judged sufficiently stable "
                       "and safe, by a qualified practitioner and with consent. A parent's "
                       "own treatment is given by the GGZ partner, or referred to it."),
    done=gettext_noop("The trauma treatment has been recorded."),
    person_of=lambda e: e.person_id, initial_from={"person": "persoon"})
trauma_session = _family_view(
    TraumaSessionForm, _trauma_session, title=gettext_noop("Record a treatment session"),
    intro=gettext_noop("A session of the treatment, and the outcome measurements to link."),
    done=gettext_noop("The session has been recorded."),
    person_of=lambda s: s.episode.person_id)
contact_plan = _family_view(
    ContactPlanForm, services.contact_plan, title=gettext_noop("Plan supervised contact"),
    intro=gettext_noop("Supervised contact with the other parent is planned only with the "
                       "client's agreement, when the safety level is not red, and with "
                       "consent for the child."),
    done=gettext_noop("The supervised contact has been planned."),
    person_of=lambda c: c.child_id, initial_from={"child": "persoon"})
contact_report = _family_view(
    ContactReportForm, _contact_report, title=gettext_noop("Report on supervised contact"),
    intro=gettext_noop("How the contact went, the child's reactions, the parent's behaviour, "
                       "safety, and the agreements for next time."),
    done=gettext_noop("The report has been saved."),
    person_of=lambda c: c.child_id, versioned="contact")
school = _family_view(
    SchoolForm, services.school_record, title=gettext_noop("School or day care"),
    intro=gettext_noop("The child's school or day care and its contact person."),
    done=gettext_noop("The school or day care has been recorded."),
    person_of=lambda s: s.child_id, initial_from={"child": "persoon"})
advice = _family_view(
    AdviceForm, _advice, title=gettext_noop("Advice to teachers"),
    intro=gettext_noop("Trauma-sensitive advice to the teachers is shared only with the "
                       "consent recorded for the guidance of teachers."),
    done=gettext_noop("The advice has been recorded."),
    person_of=lambda a: a.school.child_id)


@login_required
@require_GET
def timeline(request: HttpRequest, person_pk: int) -> HttpResponse:
    """All help the person received, in one view."""
    person = policy.get_visible_or_404(Person.objects.select_related("family"), request.user,
                                       pk=person_pk)
    # Groups are held where the family stays: not for a worker who may not see that.
    if not policy.can_see_protected(request.user, person.family):
        raise Http404
    audit(request=request, action=Action.VIEW, record=person)
    family = person.family
    return render(request, "programmes/timeline.html", {
        "person": person, "family": family, "entries": selectors.timeline(person),
        "may_record": policy.can(request.user, "treatment.record", family),
        "may_enrol": policy.can(request.user, "programme.enrol", family),
        "contacts": SupervisedContact.objects.filter(child=person).only("pk", "starts_at"),
        "enrolments": Enrolment.objects.filter(person=person).select_related("run"),
    })
