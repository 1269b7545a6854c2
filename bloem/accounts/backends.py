"""The login backend: allauth's, loading the worker of a session with her organisation,
which the access log names on every request (one query fewer per page)."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model

# What every request loads with its worker: the access log names her organisation. The
# session backend (below) and the API token authentication both read it from here.
REQUEST_WORKER_RELATED = ("organisation",)


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        worker_model = get_user_model()
        try:
            worker = (worker_model._default_manager.select_related(*REQUEST_WORKER_RELATED)
                      .get(pk=user_id))
        except worker_model.DoesNotExist:
            return None
        return worker if self.user_can_authenticate(worker) else None
