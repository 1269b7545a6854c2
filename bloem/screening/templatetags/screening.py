"""`{% person_screening person as rows %}`: the person's scores for the include on the
person page (one query; the page itself is already audited as a view of the person)."""

from django import template

from bloem.screening import selectors
from bloem.screening.suggestions import REASONS

register = template.Library()


@register.simple_tag
def person_screening(person) -> list[selectors.ScoreRow]:
    return selectors.responses_for_person(person)


@register.filter
def reason_label(code: str) -> str:
    return str(REASONS.get(code, code))
