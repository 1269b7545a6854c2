"""Client mode: a worker hands the tablet to a client, who sees only the questionnaire.

While the session holds CLIENT_MODE, every request except the questionnaire page, the
page that ends client mode (the worker's password) and the session keep-alive is sent
back to the questionnaire (API requests answer 403). Nothing else of the file — no
navigation, no other person, no other page — can be reached with that session; ending
client mode needs the worker's password."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

CLIENT_MODE = "screening_client_mode"
ALLOWED = frozenset({"screening:client_form", "screening:client_exit", "accounts:session"})


class ClientModeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        session = getattr(request, "session", None)
        if session is None or CLIENT_MODE not in session:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ALLOWED:
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": "client mode"}, status=403)
        return HttpResponseRedirect(reverse("screening:client_form"))
