"""The pages of working as one team: a family's referrals, joint analyses, action plan with
its child work plans and monitoring, the PDF of the plan, and the case discussion. Every
object through the policy (404 outside the scope, also for a worker who only serves the
ex-partner), every write through the services, every page of client data audited."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bloem.access import policy
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.core.forms import add_service_errors
from bloem.families.changes import EditConflictError
from bloem.families.models import Family, FamilyRole, Person
from bloem.privacy.documents import html_to_pdf
from bloem.screening.selectors import intake_overview

from . import care, forms, services
from .models import CaseItem, ChildWorkPlan, Goal, JointAnalysis, Referral

PERMISSION = "plan.change"


def _family(request, pk: int) -> Family:
    """The family, visible AND with its protected details visible to the worker."""
    family = policy.get_visible_or_404(Family.objects, request.user, pk=pk)
    if not policy.can_see_protected(request.user, family):
        raise Http404
    return family


def _family_url(family_id: int, anchor: str = "") -> str:
    return reverse("planning:family", args=[family_id]) + (f"#{anchor}" if anchor else "")


def _form_page(request, *, form, family, title, intro="", conflict=None, record=None,
               extra=None):
    audit(request=request, action=Action.VIEW, record=record or family)
    context = {"form": form, "title": title, "family": family, "intro": intro,
               "cancel_url": _family_url(family.pk),
               "conflict": conflict.message if conflict else ""}
    context.update(extra or {})
    return render(request, "planning/form.html", context)


def _submit(request, form, call, done: str, to: str):
    """Call the service with the form's data; on success a message and the redirect, on a
    refusal the errors on the form (nothing saved). Returns (response, conflict)."""
    try:
        call(**form.cleaned_data)
    except EditConflictError as error:
        return None, error
    except ValidationError as error:
        add_service_errors(form, error)
        return None, None
    messages.success(request, done)
    return redirect(to), None


# -- the family's team page -------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def family(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk)
    today = timezone.localdate()
    context = {
        "family": family,
        "referrals": care.referrals(family),
        "analyses": care.analyses(family),
        "plan": care.plan_view(family, today),
        "case_items": care.case_items(family),
        "may_change": policy.can(request.user, PERMISSION, family),
        "today": today,
    }
    context["children"] = [(m, context["plan"].child_plans.get(m.child.pk))
                           for m in context["plan"].children]
    audit(request=request, action=Action.VIEW, record=family)
    return render(request, "planning/family.html", context)


@login_required
@require_http_methods(["GET"])
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The family action plan as a PDF, in Dutch or (`?taal=en`) English, to discuss with
    the parent."""
    family = _family(request, pk)
    language = "en" if request.GET.get("taal") == "en" else "nl"
    with translation.override(language):
        plan = care.plan_view(family, timezone.localdate())
        html = render_to_string("planning/plan_pdf.html", {
            "family": family, "plan": plan, "generated_at": timezone.localtime(),
            "children": [(m, plan.child_plans.get(m.child.pk)) for m in plan.children],
            "members": family.members.filter(family_role__in=[FamilyRole.PARENT,
                                                               FamilyRole.CHILD]),
        })
    content = html_to_pdf(html)
    audit(request=request, action=Action.EXPORT, record=plan.plan or family,
          family_id=family.pk, reason=f"plan PDF ({language})")
    response = HttpResponse(content, content_type="application/pdf")
    # No name in the file name: downloads folders and logs keep file names.
    response["Content-Disposition"] = (
        f'attachment; filename="gezinsactieplan-{family.reference}.pdf"')
    response["Cache-Control"] = "no-store"
    return response


# -- referral ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = _family(request, family_pk)
    policy.require(request.user, PERMISSION, family)
    form = forms.ReferralForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        response, _conflict = _submit(
            request, form, lambda **data: services.referral_create(
                request=request, family=family, **data),
            _("The referral has been sent; the receiving team sees it on its worklist."),
            _family_url(family.pk, "referrals"))
        if response:
            return response
    return _form_page(request, form=form, family=family, title=_("Refer to youth care or GGZ"),
                      intro=_("For a child, a parent or the whole family: the question, the "
                              "signals, the urgency and what has been tried."))


@login_required
@require_http_methods(["GET", "POST"])
def referral(request: HttpRequest, pk: int) -> HttpResponse:
    """The referral with its steps; the receiving team takes it on, declines it or sends it
    elsewhere (with the reason)."""
    referral = policy.get_visible_or_404(
        Referral.objects.select_related("family", "person", "referred_by"), request.user,
        pk=pk)
    family = referral.family
    may_handle = policy.can(request.user, "referral.handle", family)
    form = forms.ReferralMoveForm(request.POST or None, referral=referral,
                                  initial={"version": referral.version})
    conflict = None
    if request.method == "POST":
        policy.require(request.user, "referral.handle", family)
        if form.is_valid():
            response, conflict = _submit(
                request, form, lambda **data: services.referral_move(
                    request=request, referral=referral, **data),
                _("The referral has moved to its next step."), reverse(
                    "planning:referral", args=[referral.pk]))
            if response:
                return response
            if conflict:
                form = forms.ReferralMoveForm(referral=conflict.current,
                                              initial={"version": conflict.version})
    audit(request=request, action=Action.VIEW, record=referral)
    return render(request, "planning/referral.html", {
        "referral": referral, "family": family, "form": form, "may_handle": may_handle,
        "steps": referral.steps.select_related("by"),
        "conflict": conflict.message if conflict else "",
    })


# -- joint analysis ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def analysis_create(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = _family(request, family_pk)
    policy.require(request.user, PERMISSION, family)
    form = forms.AnalysisCreateForm(request.POST or None, family=family,
                                    initial={"referral": request.GET.get("aanmelding")})
    if request.method == "POST" and form.is_valid():
        response, _conflict = _submit(
            request, form, lambda **data: services.analysis_create(
                request=request, family=family, **data),
            _("The joint analysis has been planned."), _family_url(family.pk, "analyses"))
        if response:
            return response
    return _form_page(request, form=form, family=family, title=_("Plan the joint analysis"),
                      intro=_("Made with the family: workers of both organisations, the "
                              "parent, and the child where old enough."))


def _analysis_initial(analysis: JointAnalysis) -> dict:
    initial = {name: getattr(analysis, name) for name in services.ANALYSIS_FIELDS}
    initial.update(version=analysis.version, workers=list(analysis.workers.all()),
                   members=list(analysis.members.all()))
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def analysis(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = policy.get_visible_or_404(JointAnalysis.objects.select_related("family"),
                                         request.user, pk=pk)
    family = analysis.family
    policy.require(request.user, PERMISSION, family)
    form = forms.AnalysisForm(request.POST or None, analysis=analysis,
                              initial=_analysis_initial(analysis))
    conflict = None
    if request.method == "POST" and form.is_valid():
        response, conflict = _submit(
            request, form, lambda **data: services.analysis_update(
                request=request, analysis=analysis, **data),
            _("The joint analysis has been saved."), _family_url(family.pk, "analyses"))
        if response:
            return response
        if conflict:
            form = forms.AnalysisForm(analysis=conflict.current,
                                      initial=_analysis_initial(conflict.current))
    return _form_page(
        request, form=form, family=family, conflict=conflict, record=analysis,
        title=_("Joint analysis"),
        intro=_("Intake → strategy → (investigation, when needed) → indication → advice. "
                "The risk factors follow the family stress model, the impact factors the "
                "three factors of the method."),
        extra={"screening": intake_overview(family)})


@login_required
@require_http_methods(["GET", "POST"])
def petal_choose(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose a petal for a family member: it becomes a PROPOSED form of help, which
    starts once consent is complete (the consent panel of the person's page)."""
    analysis = policy.get_visible_or_404(JointAnalysis.objects.select_related("family"),
                                         request.user, pk=pk)
    family = analysis.family
    policy.require(request.user, PERMISSION, family)
    policy.require(request.user, "helpform.change", family)
    form = forms.PetalChooseForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        response, _conflict = _submit(
            request, form, lambda **data: services.petal_choose(
                request=request, analysis=analysis, **data),
            _("The petal has been chosen: the form of help is proposed and starts when "
              "consent is complete."), _family_url(family.pk, "analyses"))
        if response:
            return response
    return _form_page(request, form=form, family=family, record=analysis,
                      title=_("Choose a petal"),
                      intro=_("Only the petals this family needs: no stacking of help."))


# -- the family action plan --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = _family(request, family_pk)
    policy.require(request.user, PERMISSION, family)
    form = forms.GoalForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        response, _conflict = _submit(
            request, form, lambda **data: services.goal_create(
                request=request, family=family, **data),
            _("The goal has been added to the family action plan."),
            _family_url(family.pk, "plan"))
        if response:
            return response
    return _form_page(request, form=form, family=family, title=_("Add a goal"))


@login_required
@require_http_methods(["GET", "POST"])
def goal_review(request: HttpRequest, pk: int) -> HttpResponse:
    goal = policy.get_visible_or_404(Goal.objects.select_related("family", "person"),
                                     request.user, pk=pk)
    family = goal.family
    policy.require(request.user, PERMISSION, family)
    form = forms.GoalReviewForm(request.POST or None, goal=goal,
                                initial={"version": goal.version, "status": goal.status})
    conflict = None
    if request.method == "POST" and form.is_valid():
        response, conflict = _submit(
            request, form, lambda **data: services.goal_review(
                request=request, goal=goal, **data),
            _("The review has been recorded."), _family_url(family.pk, "plan"))
        if response:
            return response
        if conflict:
            form = forms.GoalReviewForm(goal=conflict.current,
                                        initial={"version": conflict.version,
                                                 "status": conflict.current.status})
    return _form_page(request, form=form, family=family, conflict=conflict, record=goal,
                      title=_("Review a goal"),
                      intro=f"{goal.person.first_name}: {goal.description}",
                      extra={"reviews": goal.reviews.select_related("reviewed_by")})


@login_required
@require_http_methods(["GET", "POST"])
def child_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The child work plan (kindwerkplan) of one child."""
    child = policy.get_visible_or_404(Person.objects.select_related("family"), request.user,
                                      pk=pk, family_role=FamilyRole.CHILD)
    family = _family(request, child.family_id)
    policy.require(request.user, PERMISSION, family)
    existing = ChildWorkPlan.objects.filter(child=child).first()
    initial = {"version": existing.version if existing else 1}
    if existing:
        initial.update(observations=existing.observations,
                       discussed_with_parent=existing.discussed_with_parent,
                       discussed_with_child=existing.discussed_with_child)
    form = forms.ChildPlanForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        response, conflict = _submit(
            request, form, lambda **data: services.child_plan_save(
                request=request, family=family, child=child, **data),
            _("The child work plan has been saved."), _family_url(family.pk, "plan"))
        if response:
            return response
        if conflict:
            current = conflict.current
            form = forms.ChildPlanForm(initial={
                "version": current.version, "observations": current.observations,
                "discussed_with_parent": current.discussed_with_parent,
                "discussed_with_child": current.discussed_with_child})
    return _form_page(request, form=form, family=family, conflict=conflict,
                      record=existing or child,
                      title=_("Child work plan of %(name)s") % {"name": child.first_name},
                      intro=_("The child workers' observations during activities, and what "
                              "was discussed with the parent and the child."))


@login_required
@require_http_methods(["GET", "POST"])
def plan_agree(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = _family(request, family_pk)
    policy.require(request.user, PERMISSION, family)
    form = forms.PlanAgreeForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        response, _conflict = _submit(
            request, form, lambda **data: services.plan_agree(
                request=request, family=family, **data),
            _("The parent's agreement has been recorded as a new version of the plan."),
            _family_url(family.pk, "plan"))
        if response:
            return response
    return _form_page(request, form=form, family=family,
                      title=_("Agree the plan with the parent"),
                      intro=_("The plan as it is now is kept as a version with the "
                              "parent's answer."))


# -- case discussion ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def case_discussions(request: HttpRequest) -> HttpResponse:
    """The agenda of the coming case discussions, and the recent ones, for the families the
    worker may see."""
    since = timezone.localdate() - datetime.timedelta(days=30)
    items = list(CaseItem.objects.visible_to(request.user)
                 .filter(discussion__held_on__gte=since)
                 .select_related("discussion__location", "family", "follow_up_by")
                 .order_by("discussion__held_on", "discussion__location__name", "pk")[:300])
    if items:
        audit(request=request, action=Action.LIST, record_type="planning.caseitem",
              subject_count=len(items))
    discussions: dict[int, dict] = {}
    for item in items:
        discussions.setdefault(item.discussion_id, {"discussion": item.discussion,
                                                    "items": []})["items"].append(item)
    return render(request, "planning/case_discussions.html",
                  {"discussions": list(discussions.values())})


@login_required
@require_http_methods(["GET", "POST"])
def case_item_add(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = _family(request, family_pk)
    policy.require(request.user, PERMISSION, family)
    form = forms.CaseItemAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response, _conflict = _submit(
            request, form, lambda **data: services.case_item_add(
                request=request, family=family, **data),
            _("The family is on the agenda of the case discussion."),
            _family_url(family.pk, "case-discussion"))
        if response:
            return response
    return _form_page(request, form=form, family=family,
                      title=_("Put the family on the agenda"))


@login_required
@require_http_methods(["GET", "POST"])
def case_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = policy.get_visible_or_404(CaseItem.objects.select_related("family", "discussion"),
                                     request.user, pk=pk)
    family = item.family
    policy.require(request.user, PERMISSION, family)
    initial = {"version": item.version, "decisions": item.decisions,
               "follow_up": item.follow_up, "follow_up_by": item.follow_up_by_id,
               "follow_up_due": item.follow_up_due}
    form = forms.CaseItemForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        response, conflict = _submit(
            request, form, lambda **data: services.case_item_record(
                request=request, item=item, **data),
            _("The decisions have been recorded."), _family_url(family.pk, "case-discussion"))
        if response:
            return response
        if conflict:
            current = conflict.current
            form = forms.CaseItemForm(initial={
                "version": current.version, "decisions": current.decisions,
                "follow_up": current.follow_up, "follow_up_by": current.follow_up_by_id,
                "follow_up_due": current.follow_up_due})
    return _form_page(request, form=form, family=family, conflict=conflict, record=item,
                      title=_("Decisions of the case discussion"),
                      intro=f"{item.discussion}: {item.question}")
