"""Friendly error pages that leak nothing: no paths, no ids, no stack traces; and the
one way a form page runs its service."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from bloem.core.forms import add_service_errors


def run_form_service(request: HttpRequest, form, call: Callable, success: str,
                     url: str | Callable) -> HttpResponse | None:
    """Run the service when the form is posted and valid, then redirect with `success`;
    a refusal of the service lands on the form (None: show the form again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = call()
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, success)
    return redirect(url(result) if callable(url) else url)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
