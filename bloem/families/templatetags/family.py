from django import template

register = template.Library()


@register.filter
def age_on(person, day):
    """`{{ member|age_on:today }}`: the member's age in whole years on that day."""
    return person.age_on(day)
