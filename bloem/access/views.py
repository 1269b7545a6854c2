"""Break the glass: the page where a worker opens a foreign family's file in an emergency.
Mounted at /gezinnen/noodtoegang/ (families:emergency_access)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from bloem.accounts.reauth import reauthentication_required
from bloem.core.forms import add_service_errors

from . import policy, services
from .forms import EmergencyAccessForm


@login_required
@require_http_methods(["GET", "POST"])
@policy.role_required("emergency.open")
@reauthentication_required(allow_get=True)  # opening a foreign file: a sensitive action
def emergency_access(request: HttpRequest) -> HttpResponse:
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access = services.emergency_access_open(request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # The family page itself says, in a banner, until when the access runs.
            return redirect(reverse("families:detail", args=[access.family_id]))
    return render(request, "access/emergency_access.html", {
        "form": form,
        "hours": int(policy.EMERGENCY_DURATION.total_seconds() // 3600),
    })
