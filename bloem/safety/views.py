"""Pages of safety first: the family's safety page (levels, plan, measures, Meldcode and the
timeline), the structured assessment, the safety plan and its PDF, the Meldcode steps and
the overview per location. Access through the policy, one audit entry per page."""


from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from bloem.access import policy
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.core.views import run_form_service
from bloem.families.models import Family, SafetyLevel
from bloem.privacy.documents import html_to_pdf

from . import forms, selectors, services
from .models import MeldcodeStep


def _family_url(pk: int) -> str:
    return reverse("safety:family", args=[pk])


def _family(request: HttpRequest, pk: int, permission: str | None = None, *,
            protected: bool = False) -> Family:
    """The family, when the worker sees it (404 otherwise, also for protected pages the
    worker may not see); then the role check (403)."""
    family = policy.get_visible_or_404(Family.objects, request.user, pk=pk)
    if protected and not policy.can_see_protected(request.user, family):
        raise Http404
    if permission:
        policy.require(request.user, permission, family)
    return family


def _form_page(request, *, form, title, family, intro="", submit_label="",
               record=None) -> HttpResponse:
    audit(request=request, action=Action.VIEW, record=record or family)
    return render(request, "families/form.html", {
        "form": form, "title": title, "cancel_url": _family_url(family.pk), "family": family,
        "intro": intro, "submit_label": submit_label or _("Save"),
    })


@login_required
@require_http_methods(["GET"])
def family(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk)
    today = timezone.localdate()
    data = selectors.family_safety(request.user, family, today)
    audit(request=request, action=Action.VIEW, record=family, record_type="safety.safetyplan")
    return render(request, "safety/family.html", {
        "family": family, "data": data, "today": today,
        "tasks": selectors.tasks([family.pk], today),
        "may_assess": policy.can(request.user, "safety.assess", family),
        "may_plan": policy.can(request.user, "safetyplan.change", family),
        "may_meldcode": data.sees_protected and policy.can(request.user, "meldcode.run",
                                                           family),
    })


@login_required
@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk, "safety.assess")
    stay = family.stays.filter(ended_on__isnull=True).first()
    if stay is None:
        raise Http404
    form = forms.AssessmentForm(request.POST or None, family=family,
                                initial={"level": stay.safety_level})
    done = run_form_service(request, form, lambda: services.assessment_record(
        request=request, stay=stay, **form.service_kwargs()),
        _("The safety assessment has been recorded."), _family_url(family.pk))
    return done or _form_page(
        request, form=form, title=_("Safety assessment"), family=family,
        intro=_("Assess the family and each child. A change to red alerts the family's "
                "workers and the team manager at once."), submit_label=pgettext("button", "Record"))


@login_required
@require_POST
def alerts_seen(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk)
    services.alerts_seen(request=request,
                         assessments=selectors.alerts_for(request.user, [family.pk]))
    return redirect(request.POST.get("next") == "worklist" and reverse("planning:worklist")
                    or _family_url(family.pk))


@login_required
@require_http_methods(["GET", "POST"])
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk, "safetyplan.change")
    form = forms.PlanReviewForm(request.POST or None)
    done = run_form_service(request, form, lambda: services.plan_review(
        request=request, family=family, **form.cleaned_data),
        _("The review of the safety plan has been recorded."), _family_url(family.pk))
    return done or _form_page(request, form=form, title=_("Review the safety plan"),
                              family=family, submit_label=pgettext("button", "Record"))


@login_required
@require_http_methods(["GET", "POST"])
def agreement_add(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk, "safetyplan.change")
    form = forms.AgreementForm(request.POST or None)
    done = run_form_service(request, form, lambda: services.agreement_add(
        request=request, family=family, **form.cleaned_data),
        _("The agreement has been added to the safety plan."), _family_url(family.pk))
    return done or _form_page(request, form=form, title=_("Add an agreement"), family=family,
                              submit_label=_("Add"))


@login_required
@require_http_methods(["GET", "POST"])
def agreement_end(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk, "safetyplan.change")
    form = forms.AgreementEndForm(request.POST or None, family=family)
    done = run_form_service(request, form, lambda: services.agreement_end(
        request=request, **form.cleaned_data),
        _("The agreement has ended."), _family_url(family.pk))
    return done or _form_page(request, form=form, title=_("End an agreement"), family=family)


@login_required
@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk, "safetyplan.change")
    form = forms.ContactForm(request.POST or None)
    done = run_form_service(request, form, lambda: services.contact_add(
        request=request, family=family, **form.cleaned_data),
        _("The contact has been added to the safety plan."), _family_url(family.pk))
    return done or _form_page(request, form=form, title=_("Add a contact"), family=family,
                              submit_label=_("Add"))


@login_required
@require_http_methods(["GET", "POST"])
def measure_add(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk, "safetyplan.change")
    form = forms.MeasureForm(request.POST or None)
    done = run_form_service(request, form, lambda: services.measure_add(
        request=request, family=family, **form.cleaned_data),
        _("The measure has been recorded."), _family_url(family.pk))
    return done or _form_page(request, form=form, title=_("Record a police or court measure"),
                              family=family, submit_label=pgettext("button", "Record"))


@login_required
@require_http_methods(["GET", "POST"])
def measure_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk, "safetyplan.change")
    form = forms.MeasureFollowUpForm(request.POST or None, family=family)
    done = run_form_service(request, form, lambda: services.measure_follow_up(
        request=request, **form.cleaned_data),
        _("The follow-up of the measure has been recorded."), _family_url(family.pk))
    return done or _form_page(request, form=form, title=_("Follow up a measure"),
                              family=family, submit_label=pgettext("button", "Record"))


@login_required
@require_http_methods(["GET"])
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The safety plan for the client, in plain language, as PDF (all of it: the client's
    own plan; a worker who only serves the ex-partner gets 404)."""
    family = _family(request, pk, protected=True)
    data = selectors.family_safety(request.user, family, timezone.localdate())
    html = render_to_string("safety/plan_print.html", {"family": family, "data": data},
                            request=request)
    content = html_to_pdf(html)
    audit(request=request, action=Action.EXPORT, record=family,
          record_type="safety.safetyplan")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="veiligheidsplan.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# -- the Meldcode ---------------------------------------------------------------------------


def _case_url(pk: int) -> str:
    return reverse("safety:meldcode", args=[pk])


@login_required
@require_http_methods(["GET", "POST"])
def meldcode_open(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk, "meldcode.run", protected=True)
    form = forms.MeldcodeOpenForm(request.POST or None, family=family)
    done = run_form_service(request, form, lambda: services.meldcode_open(
        request=request, family=family, **form.cleaned_data),
        _("Step 1 is recorded: the signals."), lambda case: _case_url(case.pk))
    return done or _form_page(
        request, form=form, title=_("Meldcode: map the signals"), family=family,
        intro=_("Step 1 of the Meldcode on domestic violence and child abuse."),
        submit_label=_("Open the case"))


def _case(request: HttpRequest, pk: int):
    case = selectors.case_detail(request.user, pk)
    policy.require(request.user, "meldcode.run", case.family)
    return case


@login_required
@require_http_methods(["GET"])
def meldcode(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_detail(request.user, pk)
    audit(request=request, action=Action.VIEW, record=case)
    return render(request, "safety/meldcode.html", {
        "case": case, "family": case.family, "steps": MeldcodeStep,
        "may_run": policy.can(request.user, "meldcode.run", case.family),
    })


def _step_page(request, case, form, call, *, title, success, intro=""):
    done = run_form_service(request, form, call, success, _case_url(case.pk))
    return done or _form_page(request, form=form, title=title, family=case.family,
                              intro=intro, record=case, submit_label=pgettext("button", "Record"))


@login_required
@require_http_methods(["GET", "POST"])
def meldcode_consult(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = forms.ConsultationForm(request.POST or None)
    return _step_page(request, case, form, lambda: services.meldcode_consult(
        request=request, case=case, **form.cleaned_data),
        title=_("Meldcode step 2: consult"), success=_("The consultation is recorded."))


@login_required
@require_http_methods(["GET", "POST"])
def meldcode_talk(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = forms.TalkForm(request.POST or None)
    return _step_page(request, case, form, lambda: services.meldcode_talk(
        request=request, case=case, **form.cleaned_data),
        title=_("Meldcode step 3: talk with the client"),
        success=_("The conversation is recorded."))


@login_required
@require_http_methods(["GET", "POST"])
def meldcode_weigh(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = forms.WeighForm(request.POST or None)
    return _step_page(request, case, form, lambda: services.meldcode_weigh(
        request=request, case=case, **form.cleaned_data),
        title=_("Meldcode step 4: weigh with the decision framework"),
        success=_("The weighing is recorded."),
        intro=_("Answer the questions in order. Question 2 yes, or question 3, 4 or 5 no: "
                "report to Veilig Thuis. Leave a question the framework does not reach "
                "empty."))


@login_required
@require_http_methods(["GET", "POST"])
def meldcode_decide(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = forms.DecideForm(request.POST or None)
    return _step_page(request, case, form, lambda: services.meldcode_decide(
        request=request, case=case, **form.cleaned_data),
        title=_("Meldcode step 5: decide"), success=_("The decision is recorded."))


# -- the overview -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def overview(request: HttpRequest) -> HttpResponse:
    locations = policy.location_choices(request.user).order_by("name")
    location = None
    raw = request.GET.get("locatie", "")
    if raw.isdigit():
        location = locations.filter(pk=int(raw)).first()
    level = request.GET.get("niveau", "")
    if level not in SafetyLevel.values:
        level = ""
    data = selectors.overview(request.user, location_id=location.pk if location else None,
                              level=level, today=timezone.localdate())
    if data.families:
        audit(request=request, action=Action.LIST, record_type="families.stay",
              subject_count=len(data.families))
    return render(request, "safety/overview.html", {
        "data": data, "locations": locations, "location": location, "level": level,
        "levels": SafetyLevel.choices,
    })
