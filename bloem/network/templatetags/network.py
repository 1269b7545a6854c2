"""`{% person_network_referrals person as referrals %}`: the person's network referrals for
the include on the person page, each with the name of its municipality (two queries; the
page itself is already audited as a view of the person, and the template shows the
municipality only to a worker who may see protected fields)."""

from django import template

from bloem.accounts.models import Municipality
from bloem.network import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def person_network_referrals(context, person) -> list:
    referrals = selectors.referrals_for_person(user=context["request"].user, person=person)
    names = dict(Municipality.objects.filter(
        code__in={r.municipality_code for r in referrals}).values_list("code", "name"))
    for referral in referrals:
        referral.municipality_name = names.get(referral.municipality_code, "")
    return referrals
