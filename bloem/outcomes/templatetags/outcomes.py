"""`{% person_due_measurements person help_forms as rows %}`: the person's due and overdue
measurements for the include on the person page (two queries with the page's list of her
forms of help, three without; the page itself is already audited as a view of the
person)."""

from django import template

from bloem.outcomes import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def person_due_measurements(context, person, help_forms=None) -> list[selectors.DueMeasurement]:
    return selectors.due_measurements(context["request"].user, person=person,
                                      help_forms=help_forms)


@register.filter
def value_or_dash(value, suffix=""):
    return "—" if value is None else f"{value}{suffix}"
