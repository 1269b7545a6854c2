"""Pages of the outflow and the warm handover. Access through the policy: the outflow page
for every worker who sees the family (the new municipality only for those who may see
protected fields); recording the outflow and everything about a handover — whose receiving
party says where the family lives — only for those, then the role check. One audit entry
per page; the PDF is an audited export."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from bloem.access import policy
from bloem.accounts.models import Municipality
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.core.views import run_form_service
from bloem.families.models import Family, Person
from bloem.privacy.documents import html_to_pdf

from . import forms, selectors, services
from .models import Handover, Outflow
from .package import PARTS
from .snapshot import package_from_json


def _family_url(pk: int) -> str:
    return reverse("outflow:family", args=[pk])


def _handover_url(pk: int) -> str:
    return reverse("outflow:handover", args=[pk])


def _family(request: HttpRequest, pk: int, permission: str | None = None) -> Family:
    return selectors.family_for(request.user, pk, permission)


def _handover(request: HttpRequest, pk: int, permission: str | None = None) -> Handover:
    return selectors.handover_for(request.user, pk, permission)


def _outflow(family: Family) -> Outflow:
    outflow = Outflow.objects.filter(family=family, stay__ended_on__isnull=True).first()
    if outflow is None:
        raise Http404
    return outflow


def _form_page(request, *, form, title, family, intro="", submit_label="", record=None,
               cancel_url="") -> HttpResponse:
    audit(request=request, action=Action.VIEW, record=record or family,
          record_type="" if record else "outflow.outflow")
    return render(request, "families/form.html", {
        "form": form, "title": title, "cancel_url": cancel_url or _family_url(family.pk),
        "family": family, "intro": intro, "submit_label": submit_label or _("Save"),
    })


@login_required
@require_http_methods(["GET"])
def family(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk)
    page = selectors.outflow_page(request.user, family)
    audit(request=request, action=Action.VIEW, record=page.outflow or family,
          record_type="" if page.outflow else "outflow.outflow")
    return render(request, "outflow/family.html", {
        "family": family, "page": page,
        "may_record": page.sees_protected and policy.can(request.user, "outflow.record",
                                                         family),
        "may_hand_over": page.sees_protected and policy.can(request.user, "handover.prepare",
                                                            family),
    })


@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk, "outflow.record")
    stay = family.stays.filter(ended_on__isnull=True).first()
    if stay is None:
        raise Http404
    current = Outflow.objects.filter(stay=stay).first()
    initial = {"left_on": current.left_on, "destination": current.destination,
               "new_municipality": current.new_municipality_code or None,
               "summary": current.summary} if current else {}
    form = forms.OutflowForm(request.POST or None, initial=initial)
    done = run_form_service(request, form, lambda: services.outflow_record(
        request=request, stay=stay, **form.service_kwargs()),
        _("The outflow has been recorded."), _family_url(family.pk))
    return done or _form_page(
        request, form=form, title=_("Record the outflow"), family=family, record=current,
        intro=_("Where does the family go after the shelter? The stay closes only when "
                "every open form of help has ended or has been handed over."),
        submit_label=pgettext("button", "Record"))


@login_required
@require_http_methods(["GET", "POST"])
def help_add(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk, "outflow.record")
    outflow = _outflow(family)
    form = forms.ContinuingHelpForm(request.POST or None, family=family)
    done = run_form_service(request, form, lambda: services.continuing_help_add(
        request=request, outflow=outflow, **form.cleaned_data),
        _("The help that must continue has been recorded."), _family_url(family.pk))
    return done or _form_page(request, form=form, title=_("Help that must continue"),
                              family=family, submit_label=_("Add"))


@login_required
@require_http_methods(["GET", "POST"])
def help_handed_over(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk, "outflow.record")
    outflow = _outflow(family)
    form = forms.HandedOverForm(request.POST or None, outflow=outflow)
    done = run_form_service(request, form, lambda: services.continuing_help_handed_over(
        request=request, **form.cleaned_data),
        _("The help has been recorded as handed over."), _family_url(family.pk))
    return done or _form_page(request, form=form, title=_("Record help as handed over"),
                              family=family, submit_label=pgettext("button", "Record"))


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the stay on the date of outflow; refused, naming each open form of help."""
    family = _family(request, pk, "outflow.record")
    outflow = _outflow(family)
    form = forms.CloseForm(request.POST if request.method == "POST" else None)
    done = run_form_service(request, form, lambda: services.stay_close(request=request,
                                                              outflow=outflow),
                   _("The stay has been closed."), _family_url(family.pk))
    return done or _form_page(
        request, form=form, title=_("Close the stay"), family=family, record=outflow,
        intro=_("The stay ends on the date of outflow, %(date)s.") % {
            "date": outflow.left_on.strftime("%d-%m-%Y")},
        submit_label=_("Close the stay"))


@login_required
@require_http_methods(["GET", "POST"])
def handover_new(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk, "handover.prepare")
    outflow = Outflow.objects.filter(family=family).order_by("-left_on", "-pk").first()
    if outflow is None:
        raise Http404
    members = Person.objects.filter(family=family, family_role__in=forms.HANDOVER_ROLES)
    form = forms.HandoverForm(request.POST or None, members=members)
    done = run_form_service(request, form, lambda: services.handover_prepare(
        request=request, outflow=outflow, **form.service_kwargs()),
        _("Check the package before you share it."), lambda h: _handover_url(h.pk))
    return done or _form_page(
        request, form=form, title=_("Prepare a warm handover"), family=family,
        intro=_("Choose per family member what the receiving party gets. You see the "
                "package before anything is shared."), submit_label=_("Preview"))


def _package(handover: Handover, user):
    if handover.is_shared:
        return package_from_json(handover.package)
    return services.gather_package(
        family=handover.family, outflow=handover.outflow,
        chosen={int(k): frozenset(v) for k, v in handover.chosen.items()},
        receiving_party=handover.receiving_party, prepared_by=user,
        today=timezone.localdate())


@login_required
@require_http_methods(["GET"])
def handover(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview of the package (or the package as it was shared), the consents it
    needs and who is still missing."""
    handover = _handover(request, pk)
    verdict = None if handover.is_shared else selectors.share_verdict(
        handover, timezone.localdate())
    audit(request=request, action=Action.VIEW, record=handover)
    return render(request, "outflow/handover.html", _handover_context(request, handover,
                                                                      verdict))


def _package_context(handover: Handover, user) -> dict:
    """The package and, per member, the parts shared in words (for both renderings)."""
    package = _package(handover, user)
    members = [(m, ", ".join(str(forms.PART_LABELS[p]) for p in PARTS if p in m.parts))
               for m in package.members]
    municipality = Municipality.objects.filter(code=package.new_municipality_code).first()
    return {"handover": handover, "family": handover.family, "package": package,
            "members": members, "municipality": municipality}


def _handover_context(request, handover, verdict, share_errors=()) -> dict:
    return {
        **_package_context(handover, request.user), "verdict": verdict,
        "share_errors": share_errors,
        "may_share": policy.can(request.user, "handover.prepare", handover.family),
    }


@login_required
@require_http_methods(["GET", "POST"])
def handover_consent(request: HttpRequest, pk: int) -> HttpResponse:
    handover = _handover(request, pk, "handover.prepare")
    form = forms.HandoverConsentForm(request.POST or None, handover=handover)
    done = run_form_service(request, form, lambda: services.handover_consent_record(
        request=request, handover=handover, **form.cleaned_data),
        _("The consent has been recorded."), _handover_url(handover.pk))
    return done or _form_page(
        request, form=form, title=_("Record consent to the handover"),
        family=handover.family, record=handover, cancel_url=_handover_url(handover.pk),
        submit_label=pgettext("button", "Record"))


@login_required
@require_POST
def handover_share(request: HttpRequest, pk: int) -> HttpResponse:
    """Share the package; without the consent the rules require nothing is shared and the
    preview says who is missing."""
    handover = _handover(request, pk, "handover.prepare")
    try:
        services.handover_share(request=request, handover=handover,
                                today=timezone.localdate())
    except ValidationError as error:
        audit(request=request, action=Action.VIEW, record=handover)
        verdict = selectors.share_verdict(handover, timezone.localdate())
        return render(request, "outflow/handover.html", _handover_context(
            request, handover, verdict, share_errors=error.messages), status=409)
    messages.success(request, _("The handover has been shared."))
    return redirect(_handover_url(handover.pk))


@login_required
@require_http_methods(["GET"])
def handover_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The package as PDF: as it was shared, or (before sharing) as it would be."""
    handover = _handover(request, pk)
    html = render_to_string("outflow/handover_print.html",
                            _package_context(handover, request.user), request=request)
    content = html_to_pdf(html)
    audit(request=request, action=Action.EXPORT, record=handover)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="warme-overdracht.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET"])
def handover_fhir(request: HttpRequest, pk: int) -> HttpResponse:
    """The package as shared, as an HL7 FHIR Bundle (bloem/interop) for the receiving
    party's system; an audited export. Only once shared: unlike the PDF, which the worker
    may go through with the family first, a Bundle is made to be sent."""
    from bloem.interop.fhir import bundle_to_json, package_to_bundle

    handover = _handover(request, pk)
    if not handover.is_shared:
        raise Http404
    content = bundle_to_json(package_to_bundle(_package(handover, request.user)))
    audit(request=request, action=Action.EXPORT, record=handover, reason="FHIR Bundle")
    response = HttpResponse(content, content_type="application/fhir+json")
    response["Content-Disposition"] = 'attachment; filename="warme-overdracht.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    handover = _handover(request, pk, "handover.prepare")
    if not handover.is_shared:
        raise Http404
    form = forms.FollowUpForm(request.POST or None)
    done = run_form_service(request, form, lambda: services.handover_follow_up(
        request=request, handover=handover, **form.cleaned_data),
        _("The follow-up has been recorded."), _handover_url(handover.pk))
    return done or _form_page(
        request, form=form, title=_("Did the receiving party pick it up?"),
        family=handover.family, record=handover, cancel_url=_handover_url(handover.pk),
        submit_label=pgettext("button", "Record"))
