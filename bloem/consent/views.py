"""Recording consent and the other preconditions of help, from the family's and the
child's pages. Thin: access through the policy, writes through the services, one audit
entry for every form that shows client data."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from bloem.access import policy
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.core.forms import add_service_errors
from bloem.families.changes import EditConflictError
from bloem.families.models import Family

from . import services
from .forms import (
    ConsentDecisionForm,
    ConsentRecordForm,
    ConsentWithdrawForm,
    ContactAgreementForm,
    InformationSharedForm,
    StabilityJudgementForm,
)
from .models import Consent


def _family(request: HttpRequest, family_pk: int) -> Family:
    family = policy.get_visible_or_404(Family.objects, request.user, pk=family_pk)
    policy.require(request.user, "consent.record", family)
    return family


def _int(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 12 else None


def _back(request: HttpRequest, family: Family, person_id: int | None) -> str:
    if person_id and family.members.filter(pk=person_id).exists():
        return reverse("families:person", args=[person_id])
    return reverse("families:detail", args=[family.pk])


def _page(request, *, form, family, title, intro, cancel_url, conflict=None) -> HttpResponse:
    # The choices of family members show client data.
    audit(request=request, action=Action.VIEW, record=family)
    return render(
        request,
        "families/form.html",
        {
            "form": form,
            "title": title,
            "family": family,
            "intro": intro,
            "cancel_url": cancel_url,
            "conflict": conflict.message if conflict else "",
        },
    )


def _record_view(
    form_class,
    service: Callable,
    *,
    title: str,
    intro: str,
    done: str,
    person_field: str,
    initial_from: dict[str, str],
):
    """A page that records one precondition of help for a member of the family."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, family_pk: int) -> HttpResponse:
        family = _family(request, family_pk)
        initial = {
            field: request.GET.get(param)
            for field, param in initial_from.items()
            if request.GET.get(param)
        }
        form = form_class(request.POST or None, family=family, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                saved = service(request=request, family=family, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _(done))
                return redirect(_back(request, family, getattr(saved, f"{person_field}_id")))
        return _page(
            request,
            form=form,
            family=family,
            title=_(title),
            intro=_(intro),
            cancel_url=_back(request, family, _int(request.GET.get("persoon"))),
        )

    return view


# The texts are msgids, translated when the page is shown.
consent_record = _record_view(
    ConsentRecordForm,
    services.consent_record,
    person_field="child",
    title=gettext_noop("Record consent"),
    intro=gettext_noop(
        "Per child and per form of help: who consents, how and when. A decision of the "
        "juvenile court or the certified institution that replaces a parent's consent is "
        "recorded as such, with its reference."
    ),
    done=gettext_noop("The consent has been recorded."),
    initial_from={"child": "persoon", "petal": "blad", "given_by": "door"},
)
consent_decision = _record_view(
    ConsentDecisionForm,
    services.consent_decision_record,
    person_field="child",
    title=gettext_noop("Record a consent judgement"),
    intro=gettext_noop(
        "For a child of 12 or older: help without the parents' consent (12–15: serious "
        "harm, or the child's persistent, well-considered wish), or the judgement that the "
        "child cannot reasonably weigh its interests."
    ),
    done=gettext_noop("The judgement has been recorded."),
    initial_from={"child": "persoon", "petal": "blad"},
)
contact_agreement = _record_view(
    ContactAgreementForm,
    services.contact_agreement_record,
    person_field="client",
    title=gettext_noop("Agreement to contact with the ex-partner"),
    intro=gettext_noop(
        "Contact with the ex-partner happens only with the client's agreement and when "
        "the safety level is not red. Record her agreement, or that she no longer agrees."
    ),
    done=gettext_noop("The agreement has been recorded."),
    initial_from={"client": "persoon"},
)
stability_judgement = _record_view(
    StabilityJudgementForm,
    services.stability_judgement_record,
    person_field="child",
    title=gettext_noop("Judge the parent–child relationship"),
    intro=gettext_noop(
        "A child's trauma treatment starts only after a qualified youth-care worker has "
        "judged the parent–child relationship sufficiently stable and safe."
    ),
    done=gettext_noop("The judgement has been recorded."),
    initial_from={"child": "persoon"},
)

information_shared = _record_view(
    InformationSharedForm,
    services.information_shared_record,
    person_field="child",
    title=gettext_noop("Information to a parent without authority"),
    intro=gettext_noop(
        "A parent without parental authority is not asked for consent. On request he "
        "receives information about the child, unless that harms the child's interest: "
        "record what was shared, or why it was withheld."
    ),
    done=gettext_noop("The information has been recorded."),
    initial_from={"child": "persoon", "parent": "ouder"},
)


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, family_pk: int) -> HttpResponse:
    """Withdraw a consent: running help that needed it pauses."""
    family = _family(request, family_pk)
    chosen_pk = _int(request.GET.get("toestemming"))
    chosen = Consent.objects.filter(family=family, pk=chosen_pk).first() if chosen_pk else None
    initial = {"consent": chosen.pk, "version": chosen.version} if chosen else {}
    form = ConsentWithdrawForm(request.POST or None, family=family, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent = services.consent_withdraw(
                request=request,
                consent=data["consent"],
                version=data["version"],
                withdrawn_on=data["withdrawn_on"],
                note=data["note"],
            )
        except EditConflictError as error:
            conflict = error
            form = ConsentWithdrawForm(
                family=family,
                initial={"consent": error.current.pk, "version": error.current.version},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The consent has been withdrawn. Help that needed it is paused.")
            )
            return redirect(reverse("families:person", args=[consent.child_id]))
    return _page(
        request,
        form=form,
        family=family,
        title=_("Withdraw consent"),
        intro=_(
            "Consent can be withdrawn at any time. Help that needs it pauses "
            "until consent is complete again."
        ),
        cancel_url=_back(request, family, chosen.child_id if chosen else None),
        conflict=conflict,
    )
