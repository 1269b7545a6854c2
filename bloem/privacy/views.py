"""The privacy officer's pages: legal holds, and a person's complete file for the right of
access (AVG art. 15) as JSON and as PDF."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bloem.access import policy
from bloem.accounts.reauth import reauthentication_required
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.core.forms import add_service_errors

from . import selectors, services
from .documents import html_to_pdf
from .forms import LegalHoldForm, LegalHoldLiftForm


@login_required
@require_http_methods(["GET", "POST"])
def legal_holds(request: HttpRequest) -> HttpResponse:
    """The holds, and a form to place one; lifting is a POST with the hold's id."""
    policy.require(request.user, selectors.PERMISSION)
    form = LegalHoldForm()
    if request.method == "POST" and "hold" in request.POST:
        lift = LegalHoldLiftForm(request.POST)
        if lift.is_valid():
            try:
                services.legal_hold_lift(request=request, hold_id=lift.cleaned_data["hold"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The hold has been lifted."))
        else:
            messages.error(request, _("This hold does not exist or has been lifted already."))
        return redirect("privacy:legal_holds")
    if request.method == "POST":
        form = LegalHoldForm(request.POST)
        if form.is_valid():
            try:
                services.legal_hold_place(request=request, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The file is held: it will not be purged."))
                return redirect("privacy:legal_holds")
    holds = list(selectors.legal_holds(user=request.user))
    if holds:
        audit(request=request, action=Action.LIST, record_type="privacy.legalhold",
              subject_count=len(holds), reason="legal holds")
    return render(request, "privacy/legal_holds.html", {"form": form, "holds": holds})


def _attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _filename(person, extension: str) -> str:
    # No name in the file name: downloads folders and logs keep file names.
    return f"inzage-{person.family.reference}-{person.pk}.{extension}"


@login_required
@require_http_methods(["GET"])
@policy.role_required(selectors.PERMISSION)
@reauthentication_required
def export_json(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_for_export(user=request.user, person_id=person_id)
    data = selectors.person_file(person=person)
    content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
    services.person_file_exported(request=request, person=person, file_format="JSON")
    return _attachment(content, content_type="application/json; charset=utf-8",
                       filename=_filename(person, "json"))


@login_required
@require_http_methods(["GET"])
@policy.role_required(selectors.PERMISSION)
@reauthentication_required
def export_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_for_export(user=request.user, person_id=person_id)
    data = selectors.person_file(person=person)
    html = render_to_string("privacy/person_file.html", {"file": data}, request=request)
    content = html_to_pdf(html)
    services.person_file_exported(request=request, person=person, file_format="PDF")
    return _attachment(content, content_type="application/pdf",
                       filename=_filename(person, "pdf"))

