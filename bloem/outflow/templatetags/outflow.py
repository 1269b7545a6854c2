from django import template

from bloem.outflow.models import ContinuingHelp

register = template.Library()


@register.simple_tag
def continuing_help(person) -> list[ContinuingHelp]:
    """The help that must continue after the stay for this person (one query)."""
    return list(ContinuingHelp.objects.filter(person=person).select_related("petal"))
