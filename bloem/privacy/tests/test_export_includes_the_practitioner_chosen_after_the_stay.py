"""The right-of-access export of a child holds the practitioner chosen for the treatment
after the stay (issue 9), with the new municipality (the export is for the person)."""

import json

from django.urls import reverse

from bloem.accounts.tests.helpers import fresh_login
from bloem.families.models import FamilyRole

from .helpers import fill_file


def test_the_childs_export_lists_the_network_referral(world, client):
    fill_file(world.own_family, world.family_worker, notes=1)
    child = world.own_family.members.filter(family_role=FamilyRole.CHILD).first()
    client = fresh_login(client, world.privacy_officer)
    response = client.get(reverse("privacy:export_json", args=[child.pk]))
    [referral] = json.loads(response.content)["network_referrals"]
    assert (referral["method"], referral["municipality"]) == ("emdr", "GM0363")
    assert referral["reasons"] == ["biedt EMDR"]
    pdf = client.get(reverse("privacy:export_pdf", args=[child.pk]))
    assert pdf.status_code == 200
