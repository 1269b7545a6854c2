"""Templates ask the access policy too: `{% can "phase.decide" family as may_decide %}`."""

from django import template

from bloem.access import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, permission: str, family=None) -> bool:
    return policy.can(context["request"].user, permission, family)


@register.simple_tag(takes_context=True)
def sees_protected(context, family) -> bool:
    return policy.can_see_protected(context["request"].user, family)
