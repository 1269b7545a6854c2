"""Pages of screening: administering a questionnaire (by the worker, or by the client in
client mode), and the intake screening overview per child with its petal suggestions."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bloem.access import policy
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.core.forms import add_service_errors
from bloem.families.models import Family, Person

from . import engine, selectors, services
from .forms import (
    ClientModeExitForm,
    ClientModeStartForm,
    QuestionnaireForm,
    SuggestionDecisionForm,
)
from .middleware import CLIENT_MODE
from .models import Informant


def _person_for(request: HttpRequest, pk: int) -> Person:
    person = policy.get_visible_or_404(Person.objects.select_related("family"), request.user,
                                       pk=pk)
    policy.require(request.user, "screening.administer", person.family)
    return person


def _person_url(person: Person) -> str:
    return reverse("families:person", args=[person.pk])


@login_required
@require_http_methods(["GET", "POST"])
def administer(request: HttpRequest, pk: int) -> HttpResponse:
    """The worker fills in a questionnaire for a person: first the choice of instrument
    (those for the person's age), then its form."""
    person = _person_for(request, pk)
    instrument = engine.get(request.GET.get("instrument") or request.POST.get("instrument") or "")
    age = person.age_on(timezone.localdate())
    if instrument is None or (age is not None and not instrument.accepts_age(age)):
        audit(request=request, action=Action.VIEW, record=person)
        return render(request, "screening/choose.html", {
            "person": person, "family": person.family,
            "instruments": [(i, selectors.label(i.data["name"]))
                            for i in selectors.instruments_for(person)],
            "client_form": ClientModeStartForm(instruments=selectors.instruments_for(person)),
        })
    form = QuestionnaireForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            response = services.response_record(
                request=request, instrument=instrument, person=person, answers=form.answers,
                informant=data["informant"], moment=data["moment"],
                administered_on=data["administered_on"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if response.alert:
                messages.warning(request, _("Attention: this questionnaire raised an alert. "
                                            "See the scores on this page."))
            messages.success(request, _("The questionnaire has been saved."))
            return redirect(_person_url(person))
    audit(request=request, action=Action.VIEW, record=person)
    return render(request, "screening/administer.html", {
        "person": person, "family": person.family, "form": form, "instrument": instrument,
        "name": selectors.label(instrument.data["name"]),
        "instructions": selectors.label(instrument.data.get("instructions")),
        "note": selectors.label(instrument.data.get("note")),
    })


# -- client mode -------------------------------------------------------------------------


@login_required
@require_POST
def client_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Lock this session to one questionnaire for the person (the tablet is handed over)."""
    person = _person_for(request, pk)
    form = ClientModeStartForm(request.POST, instruments=selectors.instruments_for(person))
    if not form.is_valid():
        messages.error(request, _("Choose a questionnaire and a measurement moment."))
        return redirect(reverse("screening:administer", args=[person.pk]))
    instrument = engine.get(form.cleaned_data["instrument"])
    informant = Informant.SELF if Informant.SELF in instrument.informants else (
        instrument.informants[0])
    request.session[CLIENT_MODE] = {
        "person": person.pk, "instrument": instrument.code, "informant": informant,
        "moment": form.cleaned_data["moment"], "done": False,
    }
    audit(request=request, action=Action.VIEW, record=person,
          reason="client mode started")
    return redirect(reverse("screening:client_form"))


def _client_state(request: HttpRequest) -> dict | None:
    state = request.session.get(CLIENT_MODE)
    return state if isinstance(state, dict) else None


@login_required
@require_http_methods(["GET", "POST"])
def client_form(request: HttpRequest) -> HttpResponse:
    """The only page a client sees: the questionnaire, nothing of the file."""
    state = _client_state(request)
    if state is None:
        return redirect(reverse("home"))
    instrument = engine.get(state.get("instrument", ""))
    person = Person.objects.visible_to(request.user).select_related("family").filter(
        pk=state.get("person")).first()
    if instrument is None or person is None or state.get("done"):
        return render(request, "screening/client_done.html", {"done": bool(state.get("done"))})
    form = QuestionnaireForm(request.POST or None, instrument=instrument, client=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_record(
                request=request, instrument=instrument, person=person, answers=form.answers,
                informant=state["informant"], moment=state["moment"],
                administered_on=timezone.localdate(), client_mode=True)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[CLIENT_MODE] = {**state, "done": True}
            return redirect(reverse("screening:client_form"))
    return render(request, "screening/client_form.html", {
        "form": form, "name": selectors.label(instrument.data["name"]),
        "instructions": selectors.label(instrument.data.get("instructions")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def client_exit(request: HttpRequest) -> HttpResponse:
    """The worker takes the tablet back: their password ends client mode."""
    state = _client_state(request)
    if state is None:
        return redirect(reverse("home"))
    form = ClientModeExitForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        del request.session[CLIENT_MODE]
        messages.success(request, _("Client mode has ended."))
        person = Person.objects.visible_to(request.user).filter(pk=state.get("person")).first()
        return redirect(_person_url(person) if person else reverse("home"))
    return render(request, "screening/client_exit.html", {"form": form})


# -- intake screening (M-12) -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest, pk: int) -> HttpResponse:
    """One screening overview per child for the joint intake of the shelter worker and
    the youth-care worker, with the petals to discuss (accept or reject each)."""
    family = policy.get_visible_or_404(Family.objects, request.user, pk=pk)
    form = SuggestionDecisionForm(request.POST or None, family=family)
    if request.method == "POST":
        policy.require(request.user, "screening.decide", family)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.suggestion_decide(request=request, child=data["child"],
                                           petal=data["petal"], decision=data["decision"],
                                           note=data["note"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The decision has been recorded."))
                return redirect(reverse("screening:intake", args=[family.pk]))
    overview = selectors.intake_overview(family)
    audit(request=request, action=Action.VIEW, record_type="screening.response",
          family_id=family.pk, subject_count=max(1, len(overview)))
    return render(request, "screening/intake.html", {
        "family": family, "overview": overview, "form": form,
        "may_decide": policy.can(request.user, "screening.decide", family),
    })
