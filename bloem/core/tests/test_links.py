"""A link built from the once-reversed route is the link reverse() gives."""

import pytest
from django.urls import reverse

from bloem.core.links import link

ROUTES = ["planning:goal_review", "planning:referral", "families:detail", "families:person",
          "catalogue:helpform_activate", "safety:plan_review", "outflow:follow_up"]


@pytest.mark.parametrize("name", ROUTES)
@pytest.mark.parametrize("pk", [1, 7, 987654321, 10**12])
def test_link_is_what_reverse_gives(name, pk):
    assert link(name, pk) == reverse(name, args=[pk])
