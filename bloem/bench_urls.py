"""The URLs of the benchmark settings (bloem/settings/bench.py): every Bloem URL plus a
trivial view, the floor a page is measured against (the same middleware, login and
session; no query of its own, no template). Unnamed, so it is no route of the product."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from bloem.urls import handler403, handler404, handler500  # noqa: F401
from bloem.urls import urlpatterns as bloem_urlpatterns

TRIVIAL_PATH = "bench/trivial/"


@login_required
def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(TRIVIAL_PATH, trivial), *bloem_urlpatterns]
