"""`{% consent_panel person as panel %}`: the consent panel of a person's page."""

from django import template
from django.utils import timezone

from bloem.consent.selectors import panel_for

register = template.Library()


@register.simple_tag
def consent_panel(person):
    return panel_for(person, today=timezone.localdate())
