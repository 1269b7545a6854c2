"""Starting and ending forms of help from the family page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bloem.access import policy
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.consent import checks
from bloem.core.forms import add_service_errors
from bloem.families.changes import EditConflictError
from bloem.families.models import Family

from . import services
from .forms import HelpFormActivateForm, HelpFormEndForm, HelpFormStartForm
from .models import HelpForm


def _render(request, form, title, family, intro="", conflict=None):
    return render(request, "families/form.html", {
        "form": form, "title": title, "family": family, "intro": intro,
        "cancel_url": reverse("families:detail", args=[family.pk]),
        "conflict": conflict.message if conflict else "",
    })


@login_required
@require_http_methods(["GET", "POST"])
def helpform_start(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = policy.get_visible_or_404(Family.objects, request.user, pk=family_pk)
    policy.require(request.user, "helpform.change", family)
    form = HelpFormStartForm(request.POST or None, family=family,
                             initial={"petal": request.GET.get("blad")})
    if request.method == "POST" and form.is_valid():
        try:
            services.helpform_start(request=request, family=family, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if form.cleaned_data["propose"]:
                messages.success(request, _("The form of help has been proposed. It starts "
                                            "when the care rules allow it."))
            else:
                messages.success(request, _("The form of help has been started."))
            return redirect(reverse("families:detail", args=[family.pk]))
    # The choice of family members shows client data.
    audit(request=request, action=Action.VIEW, record=family)
    return _render(request, form, _("Start a form of help"), family,
                   _("Only the petals this family needs: no stacking of help."))


@login_required
@require_http_methods(["GET", "POST"])
def helpform_end(request: HttpRequest, pk: int) -> HttpResponse:
    help_form = policy.get_visible_or_404(
        HelpForm.objects.select_related("family", "person", "petal"), request.user, pk=pk)
    policy.require(request.user, "helpform.change", help_form.family)
    form = HelpFormEndForm(request.POST or None, initial={"version": help_form.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.helpform_end(request=request, help_form=help_form, **form.cleaned_data)
        except EditConflictError as error:
            conflict = error
            form = HelpFormEndForm(initial={"ended_on": error.current.ended_on
                                            or timezone.localdate(),
                                            "version": error.current.version})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The form of help has been ended."))
            return redirect(reverse("families:detail", args=[help_form.family_id]))
    audit(request=request, action=Action.VIEW, record=help_form)
    return _render(request, form, _("End a form of help"), help_form.family, str(help_form),
                   conflict=conflict)


@login_required
@require_http_methods(["GET", "POST"])
def helpform_activate(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a proposed form of help, or resume a paused one, when the care rules allow it:
    the page shows their verdict (who must still consent, what else is missing)."""
    help_form = policy.get_visible_or_404(
        HelpForm.objects.select_related("family", "person", "petal", "responsible__organisation",
                                        "supervisor__organisation"), request.user, pk=pk)
    policy.require(request.user, "helpform.change", help_form.family)
    form = HelpFormActivateForm(request.POST or None, initial={"version": help_form.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.helpform_activate(request=request, help_form=help_form,
                                       **form.cleaned_data)
        except EditConflictError as error:
            conflict = error
            form = HelpFormActivateForm(initial={"version": error.current.version})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The form of help has been started."))
            return redirect(reverse("families:person", args=[help_form.person_id]))
    audit(request=request, action=Action.VIEW, record=help_form)
    verdict = checks.verdicts([help_form], today=timezone.localdate())[0]
    lang = checks.language()
    return render(request, "catalogue/activate.html", {
        "form": form, "family": help_form.family, "help_form": help_form,
        "title": _("Start a form of help"),
        "cancel_url": reverse("families:person", args=[help_form.person_id]),
        "conflict": conflict.message if conflict else "",
        "may_start": help_form.may_start,
        "findings": [{"severity": str(f.severity), "message": f.message(lang),
                      "unblock": f.resolution(lang), "rule": f.rule_id}
                     for f in verdict.findings],
    })
