"""`{% safety_worklist family_ids %}`: the red alerts and the safety tasks of the
worklist's families (issue 10), so that the worklist page needs one line for them."""

from django import template
from django.utils import timezone

from bloem.safety import selectors

register = template.Library()


@register.inclusion_tag("safety/worklist.html", takes_context=True)
def safety_worklist(context, family_ids):
    return {
        "safety": selectors.worklist_safety(context["request"].user, list(family_ids),
                                            timezone.localdate()),
        "csrf_token": context.get("csrf_token"),
    }
