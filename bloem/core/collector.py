"""Python's cyclic garbage collector, kept out of the way of bulk reads and of the objects
every worker keeps for its whole life.

A collection of the oldest generation walks every tracked object in the process: Django's
settings, models, URL patterns, compiled templates, hundreds of thousands of objects. It
runs when enough new objects have been allocated, so a page that builds many (the cohort
dashboard reads tens of thousands of rows) pays for walking them all, several times. The
benchmark (issue 12) measured the dashboard's extracts at 540 ms with the collector on and
220–400 ms without it."""

import contextlib
import gc

from django.urls import get_resolver


def freeze_startup() -> None:
    """Load the URL patterns (and with them every view module), then move every object
    that exists into the collector's permanent generation: they live as long as the
    worker, and collections no longer walk them. Called once, when the WSGI application
    is made: in each worker, or with gunicorn's --preload once in the master before the
    fork, when the frozen pages also stay shared between the workers."""
    get_resolver().url_patterns  # noqa: B018 - imports the views
    gc.collect()
    gc.freeze()


@contextlib.contextmanager
def paused():
    """No collection while a bulk read builds its rows: tuples of plain values, which hold
    no cycles, collected by reference counting as usual. The collector runs again after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
