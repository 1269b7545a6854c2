"""Shared helpers for the REST API (API v1), free of domain knowledge: turning a service's
ValidationError into a 400 with field errors, a reference field whose choices are the
objects the requesting user may see. The token login is in bloem/accounts/api.py."""

from collections.abc import Callable, Mapping
from typing import TypeVar

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.settings import api_settings

T = TypeVar("T")


def service_error(
    exc: DjangoValidationError, field_map: Mapping[str, str] | None = None
) -> serializers.ValidationError:
    """The DRF form of a Django ValidationError: field errors stay on their field (renamed
    through `field_map` where the API calls a field differently from the model), errors
    without a field go to `non_field_errors`. Messages are already translated."""
    detail = serializers.as_serializer_error(exc)
    field_map = {NON_FIELD_ERRORS: api_settings.NON_FIELD_ERRORS_KEY, **(field_map or {})}
    renamed: dict = {}
    for name, errors in detail.items():
        renamed.setdefault(field_map.get(name, name), []).extend(errors)
    return serializers.ValidationError(renamed)


def call_service(
    service: Callable[..., T], /, *, field_map: Mapping[str, str] | None = None, **kwargs
) -> T:
    """Call a service (atomic: nothing is saved when it refuses) and answer its
    ValidationError with a 400 that names the fields."""
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        raise service_error(exc, field_map) from exc


class VisiblePrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference to client data by id. The choices are `model.objects.visible_to(user)`
    for the requesting user, built per request: an object outside the user's scope gets
    the same "object does not exist" as one that does not exist at all. The browsable API
    shows a plain input instead of a list of every visible client."""

    def __init__(self, model, **kwargs):
        kwargs.setdefault("style", {"base_template": "input.html"})
        # Safe by default: without a request there are no choices.
        super().__init__(queryset=model._default_manager.none(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        manager = self.queryset.model._default_manager
        if user is None or not user.is_authenticated:
            return manager.none()
        return manager.visible_to(user)
