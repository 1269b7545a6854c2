"""Every URL pattern of Bloem, straight from the resolver: the route list of the
authorization matrix (tests/test_authorization_matrix.py), the security-header test and the
fuzz tests. Namespaced includes and the DRF router's routes are walked too; the router's
format-suffix variants (`.json`) are kept with their route."""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

MATRIX_PATH = Path(__file__).resolve().parent.parent / "bloem" / "access" / "matrix.yaml"

# The allow-list: routes the matrix does not cover, each with its reason. Nothing else is
# skipped; an unnamed route outside this list fails the matrix test (it cannot be declared).
SKIPPED_NAMESPACES = {
    # /beheer/: Django's admin, for the administrator role only; its own permission system
    # (is_staff + model permissions) answers there, not the client-file policy.
    "admin",
}
SKIPPED_NAMES = {
    # django.conf.urls.i18n: choosing the interface language; no data, no object.
    "set_language",
}
SKIPPED_CALLBACK_MODULES = (
    # Static files (only served by Django with DEBUG on; whitenoise serves them otherwise).
    "django.views.static",
    "django.contrib.staticfiles.views",
    # allauth's own account pages (login, MFA, sessions: /account/): the user's own
    # account, no client object; covered by the MFA engineer's tests. A Bloem view under
    # /account/ is NOT skipped: only views that live in the allauth package.
    "allauth.",
)


@dataclass
class Route:
    """One named route with all the patterns that carry its name (a DRF route has a plain
    and a `.<format>` variant)."""

    name: str | None  # "namespace:name" as reverse() takes it; None for an unnamed pattern
    patterns: list[str] = field(default_factory=list)
    kwargs: set[str] = field(default_factory=set)  # the plain variant's kwargs
    has_format_suffix: bool = False
    callback: str = ""

    @property
    def path(self) -> str:
        return self.patterns[0]


def _kwarg_names(pattern) -> set[str]:
    if isinstance(pattern, RoutePattern):
        return set(pattern.converters)
    if isinstance(pattern, RegexPattern):
        return set(pattern.regex.groupindex)
    return set()


def _walk(patterns, prefix: str, namespace: str | None, kwargs: frozenset[str]):
    for entry in patterns:
        here = kwargs | _kwarg_names(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns, here)
        elif isinstance(entry, URLPattern):
            name = entry.name
            if name and namespace:
                name = f"{namespace}:{name}"
            callback = entry.callback
            module = getattr(callback, "__module__", "") or ""
            view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
            if view_class is not None:
                module = view_class.__module__
            yield name, prefix + str(entry.pattern), frozenset(here), module, namespace


def is_skipped(name: str | None, module: str, namespace: str | None) -> bool:
    top = (namespace or "").split(":")[0]
    return (
        top in SKIPPED_NAMESPACES
        or name in SKIPPED_NAMES
        or module.startswith(SKIPPED_CALLBACK_MODULES)
    )


def all_routes(*, include_skipped: bool = False) -> list[Route]:
    """Every route of the URLconf, grouped by name, in URLconf order; unnamed patterns each
    get their own entry with name None."""
    routes: dict[str, Route] = {}
    unnamed: list[Route] = []
    for name, path, kwargs, module, namespace in _walk(
        get_resolver().url_patterns, "/", None, frozenset()
    ):
        if not include_skipped and is_skipped(name, module, namespace):
            continue
        if name is None:
            unnamed.append(Route(None, [path], set(kwargs), False, module))
            continue
        route = routes.setdefault(name, Route(name, callback=module))
        route.patterns.append(path)
        if "format" in kwargs:
            route.has_format_suffix = True
        else:
            route.kwargs = set(kwargs)
    return [*routes.values(), *unnamed]


def load_matrix() -> dict:
    with MATRIX_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)
