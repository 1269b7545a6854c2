"""The ex-partner's own export never shows where mother and children stay (M-02, M-07;
AVG art. 15 lid 4: a copy may not harm the rights of others)."""

import json

from django.template.loader import render_to_string
from django.urls import reverse

from bloem.accounts.tests.helpers import fresh_login
from bloem.families.models import FamilyRole, JournalEntry
from bloem.privacy.selectors import person_file

from .helpers import fill_file


def test_the_ex_partners_file_has_his_data_only(world, client):
    family = world.own_family
    fill_file(family, world.family_worker)
    father = family.members.get(family_role=FamilyRole.OTHER_PARENT)
    JournalEntry.objects.create(family=family, person=father, author=world.ex_partner_worker,
                                text="Gesprek met vader.", written_at="2026-10-02T10:00Z")
    client = fresh_login(client, world.privacy_officer)
    response = client.get(reverse("privacy:export_json", args=[father.pk]))
    # The PDF is rendered from the same data, through this template.
    html = render_to_string("privacy/person_file.html", {"file": person_file(person=father)})
    for content in (response.content.decode(), html):
        assert "Oranje Huis A" not in content
        assert "Nieuwe Weg 9" not in content
    data = json.loads(response.content)
    assert data["stays"] == []
    assert [j["text"] for j in data["journal"]] == ["Gesprek met vader."]
    assert {w["worker"] for w in data["workers"]} == {world.ex_partner_worker.get_full_name()}
    assert data["person"]["phone"] == "0612345678"  # his own
