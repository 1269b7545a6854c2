"""`{% consent_panel person help_forms as panel %}`: the consent panel of a person's page
(`help_forms`: the page's list of the person's forms of help, optional)."""

from django import template
from django.utils import timezone

from bloem.consent.selectors import panel_for

register = template.Library()


@register.simple_tag
def consent_panel(person, help_forms=None):
    return panel_for(person, today=timezone.localdate(), help_forms=help_forms)
