"""Pages of the family file. Thin: access through the policy, reads through selectors,
writes through services, one audit entry per page that shows client data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from bloem.access import policy
from bloem.accounts.reauth import reauthentication_required
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.catalogue import selectors as catalogue
from bloem.core.forms import add_service_errors
from bloem.core.paging import Paginator

from . import selectors, services
from .changes import EditConflictError
from .forms import (
    AssignmentForm,
    FamilyCreateForm,
    FamilyFilterForm,
    FamilyForm,
    JournalCorrectionForm,
    JournalEntryForm,
    PersonEditForm,
    PersonForm,
    PhaseDecisionForm,
    RelationEditForm,
    RelationForm,
    SafetyAssessmentForm,
    StayForm,
)
from .models import Assignment, Family, JournalEntry, ParentChildRelation, Person

PAGE_SIZE = 25


def _family_url(family_id: int) -> str:
    return reverse("families:detail", args=[family_id])


def _form_page(request: HttpRequest, *, form, title: str, cancel_url: str,
               family: Family | None = None, record=None, submit_label: str = "",
               intro: str = "", conflict: EditConflictError | None = None) -> HttpResponse:
    """Render a form page. A form filled with client data is a view of that data."""
    if record is not None:
        audit(request=request, action=Action.VIEW, record=record)
    return render(request, "families/form.html", {
        "form": form, "title": title, "cancel_url": cancel_url, "family": family,
        "submit_label": submit_label, "intro": intro,
        "conflict": conflict.message if conflict else "",
    })


def _run_service(form, call):
    """Run a service with the form's data and return its result; on a validation error
    the messages land on the form and the result is falsy."""
    try:
        return call() or True
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def _run_edit(form, call, refill):
    """Run an editing service: (result, form, conflict). When someone else changed the
    record meanwhile, nothing is saved and the form is replaced by `refill(current)`:
    the record as it is now, with its new version, to show with the conflict message."""
    try:
        return call(), form, None
    except EditConflictError as conflict:
        return None, refill(conflict.current), conflict
    except ValidationError as error:
        add_service_errors(form, error)
        return None, form, None


@login_required
@require_http_methods(["GET", "POST"])
def family_list(request: HttpRequest) -> HttpResponse:
    form = FamilyFilterForm(request.POST or None, user=request.user)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    location = filters.get("location")
    families = selectors.family_list(
        user=request.user,
        query=filters.get("q", ""),
        location_id=location.pk if location else None,
        phase=filters.get("phase", ""),
        safety_level=filters.get("safety_level", ""),
    )
    # Sorted by name, so the database sorts them whole: the count comes with the page.
    page = Paginator(families, PAGE_SIZE, count_in_page=True).get_page(filters.get("page") or 1)
    rows = list(page.object_list)
    protected = policy.protected_family_ids(request.user, [f.pk for f in rows])
    for family in rows:
        family.open_stay = family.open_stays[0] if family.open_stays else None
        family.shows_protected = family.pk in protected
    if rows:
        audit(request=request, action=Action.LIST, record_type="families.family",
              subject_count=len(rows))
    context = {"form": form, "page": page, "families": rows}
    template = "families/list.html#results" if request.htmx else "families/list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def family_create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "family.create")
    form = FamilyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        family = _run_service(
            form, lambda: services.family_create(request=request, **form.cleaned_data))
        if family:
            messages.success(request, _("The family file has been opened."))
            return redirect(_family_url(family.pk))
    return _form_page(request, form=form, title=_("New family"),
                      cancel_url=reverse("families:list"), submit_label=_("Open the file"))


@login_required
@require_http_methods(["GET"])
def family_detail(request: HttpRequest, pk: int) -> HttpResponse:
    family = selectors.family_detail(user=request.user, pk=pk)
    today = timezone.localdate()
    help_forms = list(catalogue.help_forms_for_family(family))
    audit(request=request, action=Action.VIEW, record=family)
    history = selectors.history_for_family(user=request.user, family=family,
                                           limit=selectors.HISTORY_PAGE + 1)
    return render(request, "families/detail.html", {
        "family": family,
        "emergency_until": policy.emergency_expiry(request.user, family.pk),
        "history": history[:selectors.HISTORY_PAGE],
        "history_has_more": len(history) > selectors.HISTORY_PAGE,
        "stay": selectors.open_stay(family),
        "stays": family.stays.all(),
        "members": family.members.all(),
        "sees_protected": policy.can_see_protected(request.user, family),
        "help_forms": help_forms,
        "active_help_forms": [h for h in help_forms if h.is_active_on(today)],
        "flower": (flower := catalogue.flower_for(family=family, help_forms=help_forms,
                                                  today=today)),
        "flower_active_count": sum(1 for p in flower if p.active),
        "assignments": [a for a in family.assignments.all()
                        if a.ended_on is None or a.ended_on >= today],
        "journal_form": JournalEntryForm(family=family, members=family.members.all()),
        "today": today,
    })


def _family_for(request: HttpRequest, pk: int, permission: str) -> Family:
    family = policy.get_visible_or_404(Family.objects, request.user, pk=pk)
    policy.require(request.user, permission, family)
    return family


@login_required
@require_http_methods(["GET", "POST"])
def family_edit(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family_for(request, pk, "family.change")

    def filled(current: Family, data=None) -> FamilyForm:
        return FamilyForm(data, initial={"name": current.name,
                                         "municipality": current.municipality_id,
                                         "version": current.version})

    form, conflict = filled(family, request.POST or None), None
    if request.method == "POST" and form.is_valid():
        saved, form, conflict = _run_edit(
            form, lambda: services.family_update(request=request, family=family,
                                                 **form.cleaned_data), filled)
        if saved:
            messages.success(request, _("The family has been saved."))
            return redirect(_family_url(family.pk))
    return _form_page(request, form=form, title=_("Edit family"), family=family,
                      cancel_url=_family_url(family.pk), record=family, conflict=conflict)


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family_for(request, pk, "person.change")
    form = PersonForm(request.POST or None, instance=Person(family=family))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in PersonForm.Meta.fields}
        person = _run_service(
            form, lambda: services.person_create(request=request, family=family, **fields))
        if person:
            messages.success(request, _("The family member has been added."))
            return redirect(reverse("families:person", args=[person.pk]))
    return _form_page(request, form=form, title=_("Add a family member"), family=family,
                      cancel_url=_family_url(family.pk), submit_label=_("Add"))


@login_required
@require_http_methods(["GET"])
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_detail(user=request.user, pk=pk)
    audit(request=request, action=Action.VIEW, record=person)
    today = timezone.localdate()
    return render(request, "families/person.html", {
        "person": person,
        "family": person.family,
        "age": person.age_on(today),
        "sees_protected": policy.can_see_protected(request.user, person.family),
        "help_forms": catalogue.help_forms_for_person(person),
        "history": selectors.history_for_person(user=request.user, person=person),
        "emergency_until": policy.emergency_expiry(request.user, person.family_id),
        "today": today,
    })


@login_required
@require_http_methods(["GET"])
def person_address(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a client lives (address and new address after the shelter) is shown only on
    request, after the worker has just confirmed their login, and every showing is in
    the access log. A worker who may not see protected fields gets 404."""
    person = selectors.person_detail(user=request.user, pk=pk)
    if not policy.can_see_protected(request.user, person.family):
        raise Http404
    return _show_address(request, person)


@reauthentication_required
def _show_address(request: HttpRequest, person: Person) -> HttpResponse:
    audit(request=request, action=Action.VIEW, record=person, reason="protected address")
    return render(request, "families/person_address.html", {
        "person": person, "family": person.family,
        "emergency_until": policy.emergency_expiry(request.user, person.family_id),
    })


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = policy.get_visible_or_404(Person.objects.select_related("family"),
                                       request.user, pk=pk)
    policy.require(request.user, "person.change", person.family)
    return _person_edit_form(request, person)


@reauthentication_required  # the form shows the protected address and phone number
def _person_edit_form(request: HttpRequest, person: Person) -> HttpResponse:
    def filled(current: Person, data=None) -> PersonEditForm:
        return PersonEditForm(data, instance=current, initial={"version": current.version})

    form, conflict = filled(person, request.POST or None), None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in PersonForm.Meta.fields}
        saved, form, conflict = _run_edit(
            form, lambda: services.person_update(request=request, person=person,
                                                 version=data["version"],
                                                 reason=data["reason"], **fields), filled)
        if saved:
            messages.success(request, _("The family member has been saved."))
            return redirect(reverse("families:person", args=[person.pk]))
    return _form_page(request, form=form, title=_("Edit family member"), family=person.family,
                      cancel_url=reverse("families:person", args=[person.pk]), record=person,
                      conflict=conflict)


@login_required
@require_http_methods(["GET", "POST"])
def relation_add(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family_for(request, pk, "relation.change")
    form = RelationForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid() and _run_service(
            form, lambda: services.relation_create(request=request, **form.cleaned_data)):
        messages.success(request, _("The relation has been added."))
        return redirect(_family_url(family.pk))
    return _form_page(request, form=form, title=_("Add a parent-child relation"),
                      family=family, cancel_url=_family_url(family.pk), submit_label=_("Add"))


def _relation_for(request: HttpRequest, pk: int) -> ParentChildRelation:
    relation = policy.get_visible_or_404(
        ParentChildRelation.objects.select_related("parent", "child", "child__family"),
        request.user, pk=pk)
    policy.require(request.user, "relation.change", relation.child.family)
    return relation


@login_required
@require_http_methods(["GET", "POST"])
def relation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    relation = _relation_for(request, pk)
    family = relation.child.family

    def filled(current: ParentChildRelation, data=None) -> RelationEditForm:
        return RelationEditForm(data, instance=current, initial={"version": current.version})

    form, conflict = filled(relation, request.POST or None), None
    if request.method == "POST" and form.is_valid():
        saved, form, conflict = _run_edit(
            form, lambda: services.relation_update(request=request, relation=relation,
                                                   **form.cleaned_data), filled)
        if saved:
            messages.success(request, _("The relation has been saved."))
            return redirect(_family_url(family.pk))
    return _form_page(request, form=form, title=str(relation), family=family,
                      cancel_url=_family_url(family.pk), record=relation, conflict=conflict)


@login_required
@require_POST
def relation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    relation = _relation_for(request, pk)
    family_id = relation.child.family_id
    services.relation_delete(request=request, relation=relation)
    messages.success(request, _("The relation has been removed."))
    return redirect(_family_url(family_id))


def _open_stay_of(family: Family):
    stay = family.stays.filter(ended_on__isnull=True).select_related("location", "unit").first()
    if stay is None:
        raise Http404
    return stay


@login_required
@require_http_methods(["GET", "POST"])
def stay_edit(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family_for(request, pk, "stay.change")
    stay = _open_stay_of(family)

    def filled(current, data=None) -> StayForm:
        return StayForm(data, initial={"location": current.location_id,
                                       "unit": current.unit_id, "ended_on": current.ended_on,
                                       "version": current.version})

    form, conflict = filled(stay, request.POST or None), None
    if request.method == "POST" and form.is_valid():
        saved, form, conflict = _run_edit(
            form, lambda: services.stay_update(request=request, stay=stay,
                                               **form.cleaned_data), filled)
        if saved:
            messages.success(request, _("The stay has been saved."))
            return redirect(_family_url(family.pk))
    return _form_page(request, form=form, title=_("Edit the stay"), family=family,
                      cancel_url=_family_url(family.pk), record=stay, conflict=conflict,
                      intro=_("Fill in an end date when the family leaves the shelter."))


@login_required
@require_http_methods(["GET", "POST"])
def phase_decide(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family_for(request, pk, "phase.decide")
    stay = _open_stay_of(family)
    form = PhaseDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _run_service(
            form, lambda: services.phase_decide(request=request, stay=stay,
                                                **form.cleaned_data)):
        messages.success(request, _("The phase decision has been recorded."))
        return redirect(_family_url(family.pk))
    return _form_page(
        request, form=form, title=_("Record a phase decision"), family=family,
        cancel_url=_family_url(family.pk), submit_label=_("Record the decision"),
        intro=_("Current phase: %(phase)s.") % {"phase": stay.get_phase_display()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def safety_assess(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family_for(request, pk, "safety.assess")
    stay = _open_stay_of(family)
    form = SafetyAssessmentForm(request.POST or None, initial={"level": stay.safety_level})
    if request.method == "POST" and form.is_valid() and _run_service(
            form, lambda: services.safety_assess(request=request, stay=stay,
                                                 **form.cleaned_data)):
        messages.success(request, _("The safety level has been recorded."))
        return redirect(_family_url(family.pk))
    return _form_page(request, form=form, title=_("Assess the safety level"), family=family,
                      cancel_url=_family_url(family.pk), submit_label=pgettext("button", "Record"))


@login_required
@require_http_methods(["GET", "POST"])
def journal(request: HttpRequest, pk: int) -> HttpResponse:
    family = policy.get_visible_or_404(Family.objects, request.user, pk=pk)
    form = JournalEntryForm(request.POST or None, family=family)
    if request.method == "POST":
        policy.require(request.user, "journal.write", family)
        if form.is_valid() and _run_service(
                form, lambda: services.journal_write(request=request, family=family,
                                                     **form.cleaned_data)):
            messages.success(request, _("The note has been added to the journal."))
            return redirect(reverse("families:journal", args=[family.pk]))
    page = Paginator(selectors.journal_for(family=family), PAGE_SIZE).get_page(
        request.GET.get("pagina"))
    audit(request=request, action=Action.VIEW, record_type="families.journalentry",
          family_id=family.pk, subject_count=len(page.object_list))
    return render(request, "families/journal.html",
                  {"family": family, "page": page, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def journal_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct one's own note; the earlier text stays in the change history."""
    entry = policy.get_visible_or_404(
        JournalEntry.objects.select_related("family", "person"), request.user, pk=pk)
    if not policy.may_correct_journal_entry(request.user, entry):
        raise PermissionDenied

    def filled(current: JournalEntry, data=None) -> JournalCorrectionForm:
        return JournalCorrectionForm(data, initial={"text": current.text,
                                                    "version": current.version})

    form, conflict = filled(entry, request.POST or None), None
    if request.method == "POST" and form.is_valid():
        saved, form, conflict = _run_edit(
            form, lambda: services.journal_correct(request=request, entry=entry,
                                                   **form.cleaned_data), filled)
        if saved:
            messages.success(request, _("The note has been corrected."))
            return redirect(reverse("families:journal", args=[entry.family_id]))
    return _form_page(request, form=form, title=_("Correct a note"), family=entry.family,
                      cancel_url=reverse("families:journal", args=[entry.family_id]),
                      record=entry, conflict=conflict, submit_label=_("Save the correction"),
                      intro=_("A note is never changed silently: the earlier text stays "
                              "visible in the change history."))


@login_required
@require_http_methods(["GET"])
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole change history of a family's file: every correction with the earlier
    and the new value (protected fields only for a worker who may see them)."""
    family = policy.get_visible_or_404(Family.objects, request.user, pk=pk)
    page = Paginator(selectors.history_for_family(user=request.user, family=family),
                     PAGE_SIZE).get_page(request.GET.get("pagina"))
    audit(request=request, action=Action.VIEW, record_type="families.correction",
          family_id=family.pk, subject_count=len(page.object_list))
    return render(request, "families/history.html", {"family": family, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def assignment_add(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family_for(request, pk, "assignment.change")
    form = AssignmentForm(request.POST or None, family=family,
                          instance=Assignment(family=family))
    if request.method == "POST" and form.is_valid() and _run_service(
            form, lambda: services.assignment_create(request=request, family=family,
                                                     **form.cleaned_data)):
        messages.success(request, _("The worker has been assigned."))
        return redirect(_family_url(family.pk))
    return _form_page(request, form=form, title=_("Assign a worker"), family=family,
                      cancel_url=_family_url(family.pk), submit_label=_("Assign"))


@login_required
@require_POST
def assignment_end(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = policy.get_visible_or_404(Assignment.objects.select_related("family"),
                                           request.user, pk=pk)
    policy.require(request.user, "assignment.change", assignment.family)
    services.assignment_end(request=request, assignment=assignment,
                            ended_on=timezone.localdate())
    messages.success(request, _("The assignment has been ended."))
    return redirect(_family_url(assignment.family_id))
